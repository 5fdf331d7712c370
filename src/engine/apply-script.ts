/**
 * Several exec changes in one round trip: each runs in its own subshell, followed by a marker
 * line with its index and exit code; the script stops after the first change whose code is not
 * accepted. Fact commands may follow (a refresh after the changes), in the same exec. A change's
 * stdin (a password hash for `chpasswd -e`) travels as a here-doc with a nonce delimiter: such a
 * script must itself go on the channel's stdin (`viaStdin`), never into argv.
 */
import { randomBytes } from 'node:crypto';
import type { ExecChange } from '../tasks/module.js';
import { shQuote } from '../text/shlex.js';

export interface StepResult {
  exitCode: number;
  stdout: string;
  /** Only with `ownStderr`: what this change wrote to stderr. */
  stderr?: string;
}

export interface ChangeScript {
  script: string;
  /** What every marker line starts with. */
  mark: string;
  /** Per change that ran, in order: its exit code and stdout. */
  split(stdout: string): StepResult[];
}

/**
 * With `ownStderr` (changes of several tasks in one script), each change's stderr goes to a temp
 * file that is printed after its marker, between the marker and a second one, so every change
 * keeps its own stderr in the log; otherwise the exec's stderr belongs to the last change.
 */
export function buildChangeScript(changes: ExecChange[], nonce = randomBytes(6).toString('hex'), ownStderr = false): ChangeScript {
  const mark = `@@afo-c${nonce}`;
  const parts = changes.map((c, i) => {
    const body = c.cwd !== undefined ? `cd ${shQuote(c.cwd)} || exit 1\n${c.command}` : c.command;
    const ok = (c.okCodes ?? [0]).join(' ');
    const errors = (ownStderr ? ` 2>"$__afo_e"` : '') + hereDoc(c.stdin, `@@afo-i${nonce}-${i}`);
    const show = ownStderr ? `\ncat "$__afo_e"; : > "$__afo_e"\nprintf '\\n%s\\n' '${mark}e:${i}'` : '';
    return `(\n${body}\n)${errors}\n__afo_rc=$?\nprintf '\\n%s:%s\\n' '${mark}:${i}' "$__afo_rc"${show}\ncase " ${ok} " in *" $__afo_rc "*) ;; *) exit "$__afo_rc" ;; esac`;
  });
  const head = ownStderr ? `__afo_e=$(mktemp) || exit 1\ntrap 'rm -f "$__afo_e"' EXIT\n` : '';
  return {
    script: `${head}${parts.join('\n')}\n`,
    mark,
    split(stdout) {
      const out: StepResult[] = [];
      let from = 0;
      for (let i = 0; i < changes.length; i++) {
        const tag = `\n${mark}:${i}:`;
        const at = stdout.indexOf(tag, Math.max(0, from - 1));
        if (at < 0) break;
        const code = Number(/^(\d+)/.exec(stdout.slice(at + tag.length))?.[1] ?? 'NaN');
        const step: StepResult = { exitCode: code, stdout: stdout.slice(from, at) };
        const nl = stdout.indexOf('\n', at + tag.length);
        from = nl < 0 ? stdout.length : nl + 1;
        if (ownStderr) {
          const end = stdout.indexOf(`\n${mark}e:${i}\n`, Math.max(0, from - 1));
          step.stderr = end < 0 ? stdout.slice(from) : stdout.slice(from, Math.max(from, end));
          if (end >= 0) from = end + `\n${mark}e:${i}\n`.length;
        }
        out.push(step);
      }
      return out;
    },
  };
}

/** ` <<'END'` with the text and END on the lines after: the change's stdin, never expanded. */
function hereDoc(stdin: string | undefined, end: string): string {
  if (stdin === undefined) return '';
  if (!stdin.endsWith('\n') || stdin.split('\n').includes(end)) throw new Error('stdin cannot travel as a here-doc');
  return ` <<'${end}'\n${stdin}${end}`;
}

/** A change's stdin can go in a batch script as a here-doc (batch.ts sends that script on stdin). */
export function hereDocStdin(c: ExecChange): boolean {
  return c.stdin === undefined || c.stdin.endsWith('\n');
}

/** The command that reads a whole script from stdin before running any of it (a change's own stdin cannot eat the rest). */
export const RUN_STDIN_SCRIPT = '__afo_s=$(cat) && eval "$__afo_s"';

/** True when a change can share a script with others (nothing that needs its own channel). */
export function batchable(c: ExecChange): boolean {
  return c.stdin === undefined && (c.expect === undefined || c.expect.length === 0) && !c.login && c.timeoutMs === undefined;
}
