/**
 * What a read-only command prints (a `command`/`shell` task the role marks `changed_when: false`),
 * read in the fact batch like any fact so that the task needs no round trip of its own
 * (docs/architecture.md §3.3, read commands). The id is what runs: the command line, its
 * directory and its creates/removes guards; the batch keeps its stderr, and the fact is
 * `volatile`: every change on the host makes it stale.
 */
import { globQuote, shQuote } from '../text/shlex.js';
import type { FactSpec } from './fact.js';

/** A command as it would run on the host. */
export interface ReadCommand {
  /** The shell line (command: its words quoted and joined; shell: the line itself). */
  command: string;
  cwd?: string;
  /** Ansible's guards: the task is skipped when `creates` matches / `removes` does not. */
  creates?: string;
  removes?: string;
}

/** Its exit code and output, as a run in place would have them. */
export interface CommandOutput {
  rc: number;
  stdout: string;
  stderr: string;
}

const PREFIX = 'command:';

/** True for the id of a command-output fact (stale after any change on the host). */
export function isCommandOutputId(id: string): boolean {
  return id.startsWith(PREFIX);
}

export function commandOutputFact(run: ReadCommand): FactSpec<CommandOutput> {
  const lines: string[] = [];
  // A guarded task does not run the command when the guard says skip (its plan reads the same
  // path in the same batch), so neither does the fact.
  const any = (p: string) => `afo_hit=no; for afo_f in ${globQuote(p)}; do if [ -e "$afo_f" ] || [ -L "$afo_f" ]; then afo_hit=yes; break; fi; done`;
  if (run.creates !== undefined) lines.push(`${any(run.creates)}; [ "$afo_hit" = no ] || exit 0`);
  if (run.removes !== undefined) lines.push(`${any(run.removes)}; [ "$afo_hit" = yes ] || exit 0`);
  if (run.cwd !== undefined) lines.push(`cd ${shQuote(run.cwd)} || exit 1`);
  lines.push(run.command);
  return {
    id: `${PREFIX}${JSON.stringify([run.command, run.cwd ?? null, run.creates ?? null, run.removes ?? null])}`,
    command: lines.join('\n'),
    stderr: true,
    volatile: true,
    parse: (stdout, exitCode, stderr = '') => ({ rc: exitCode, stdout, stderr }),
  };
}
