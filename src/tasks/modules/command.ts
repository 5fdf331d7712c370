/**
 * `command`, `shell` and `expect`: run something on the host every time (alwaysRuns), unless
 * `creates` already exists or `removes` does not. `command` runs its words literally (split like
 * Python's shlex, each quoted), `shell` hands the line to the shell. changed_when/failed_when are
 * the engine's job. Free-form text (`shell: make creates=/x`) is split into `cmd` and options by
 * the role loader (src/roles/free-form.ts); `_raw_params` is accepted as an alias of `cmd`.
 * register: { cmd } here; the engine adds rc, stdout, stderr, stdout_lines, stderr_lines.
 * When skipped: { cmd, rc: 0, stdout: 'skipped, since X exists', changed: false, skipped: true }.
 */
import { z } from 'zod';
import type { FactReader, FactSpec } from '../../facts/fact.js';
import type { ReadCommand } from '../../facts/command-output.js';
import { pathExistsFact } from '../../facts/file-content.js';
import { shJoin, shlexSplit, shQuote } from '../../text/shlex.js';
import { bool, scalarString, withAliases } from '../lib/args.js';
import type { ExecChange, Module, PlanResult } from '../module.js';

const common = {
  chdir: z.string().min(1).optional(),
  creates: z.string().min(1).optional(),
  removes: z.string().min(1).optional(),
  stdin: z.string().optional(),
  stdin_add_newline: bool.default(true),
};

const commandSchema = withAliases(
  { cmd: ['_raw_params'] },
  z.strictObject({ cmd: z.string().min(1).optional(), argv: z.array(scalarString).min(1).optional(), ...common }),
).superRefine((a, ctx) => {
  if ((a.cmd === undefined) === (a.argv === undefined)) {
    ctx.addIssue({ code: 'custom', message: "give the command as free-form text, 'cmd' or 'argv' (exactly one)" });
  } else if (a.cmd !== undefined) {
    try {
      shlexSplit(a.cmd);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `cannot split the command line: ${(e as Error).message}` });
    }
  }
});

const shellSchema = withAliases({ cmd: ['_raw_params'] }, z.strictObject({ cmd: z.string().min(1), executable: z.string().min(1).optional(), ...common }));

export type CommandArgs = z.output<typeof commandSchema>;
export type ShellArgs = z.output<typeof shellSchema>;

type Guard = { creates?: string; removes?: string };

export function guardFacts(a: Guard): FactSpec[] {
  const out: FactSpec[] = [];
  if (a.creates !== undefined) out.push(pathExistsFact(a.creates));
  if (a.removes !== undefined) out.push(pathExistsFact(a.removes));
  return out;
}

/** Ansible's creates/removes: the reason to skip, or undefined to run. */
export function guardSkip(a: Guard, facts: FactReader): string | undefined {
  if (a.creates !== undefined && facts.get(pathExistsFact(a.creates))) return `skipped, since ${a.creates} exists`;
  if (a.removes !== undefined && !facts.get(pathExistsFact(a.removes))) return `skipped, since ${a.removes} does not exist`;
  return undefined;
}

/** The command as the fact batch may run it (module.ts readCommand): not with stdin. */
function readable(command: string, a: CommandArgs | ShellArgs): ReadCommand | undefined {
  if (a.stdin !== undefined) return undefined;
  return { command, cwd: a.chdir, creates: a.creates, removes: a.removes };
}

function run(cmdline: string, shown: string, a: CommandArgs | ShellArgs, facts: FactReader): PlanResult {
  const skip = guardSkip(a, facts);
  if (skip !== undefined) {
    return { changes: [], result: { cmd: shown, rc: 0, stdout: skip, stderr: '', changed: false, skipped: true } };
  }
  const change: ExecChange = { kind: 'exec', description: shown, command: cmdline };
  if (a.chdir !== undefined) change.cwd = a.chdir;
  if (a.stdin !== undefined) change.stdin = a.stdin_add_newline && !a.stdin.endsWith('\n') ? `${a.stdin}\n` : a.stdin;
  return { changes: [change], result: { cmd: shown } };
}

export const commandModule: Module<CommandArgs> = {
  name: 'command',
  args: commandSchema,
  alwaysRuns: true,
  facts: guardFacts,
  plan(a, facts) {
    const words = a.argv ?? shlexSplit(a.cmd!);
    return run(shJoin(words), a.cmd ?? shJoin(words), a, facts);
  },
  readCommand: (a) => readable(shJoin(a.argv ?? shlexSplit(a.cmd!)), a),
};

function shellLine(a: ShellArgs): string {
  return a.executable !== undefined ? `${shQuote(a.executable)} -c ${shQuote(a.cmd)}` : a.cmd;
}

export const shellModule: Module<ShellArgs> = {
  name: 'shell',
  args: shellSchema,
  alwaysRuns: true,
  facts: guardFacts,
  plan(a, facts) {
    return run(shellLine(a), a.cmd, a, facts);
  },
  readCommand: (a) => readable(shellLine(a), a),
};
