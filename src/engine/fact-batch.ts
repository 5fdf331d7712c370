/**
 * Many facts, one round trip: each fact's command runs between two marker lines that carry a
 * per-batch nonce and the fact's exit code, so one script's stdout splits back into per-fact
 * (stdout, exit code) pairs for the pure parsers. A command that could leak into the next ones
 * (exit, cd, set, sourcing a file, ...) runs in its own subshell; the others run in a `{ }` group
 * of the same shell, which saves a fork per fact (bench/README.md: the no-op re-run is mostly the
 * host's forks).
 */
import { randomBytes } from 'node:crypto';
import type { FactSpec } from '../facts/fact.js';

export interface FactOutput {
  stdout: string;
  exitCode: number;
  /** Only for a fact that keeps it (FactSpec.stderr). */
  stderr?: string;
}

export interface Batch {
  script: string;
  /** Splits the script's stdout; a fact whose section is missing maps to undefined. */
  split(stdout: string): Map<string, FactOutput | undefined>;
}

export function buildBatch(specs: FactSpec[], nonce = randomBytes(6).toString('hex')): Batch {
  const mark = `@@afo-${nonce}`;
  const parts = specs.map((s, i) => {
    const [open, close] = isolated(s.command) ? ['(', ')'] : ['{', '}'];
    const begin = `printf '%s\\n' '${mark}:B:${i}'\n`;
    if (s.stderr) return begin + keepingStderr(s.command, open, close, `${mark}:E:${i}`, `${mark}:S:${i}`, `${mark}:T:${i}`);
    return `${begin}${open}\n${s.command}\n${close} </dev/null 2>/dev/null\nprintf '\\n%s:%s\\n' '${mark}:E:${i}' "$?"`;
  });
  const script = parts.join('\n') + '\n';
  return {
    script,
    split(stdout) {
      const out = new Map<string, FactOutput | undefined>();
      specs.forEach((s, i) => {
        const begin = `${mark}:B:${i}\n`;
        const b = stdout.indexOf(begin);
        const endTag = `\n${mark}:E:${i}:`;
        const e = b < 0 ? -1 : stdout.indexOf(endTag, b + begin.length - 1);
        if (b < 0 || e < 0) {
          out.set(s.id, undefined);
          return;
        }
        const code = Number(/^(\d+)/.exec(stdout.slice(e + endTag.length))?.[1] ?? 'NaN');
        const part: FactOutput = { stdout: stdout.slice(b + begin.length, e), exitCode: code };
        if (s.stderr) {
          const from = stdout.indexOf(`\n${mark}:S:${i}\n`, e + endTag.length);
          const to = from < 0 ? -1 : stdout.indexOf(`\n${mark}:T:${i}\n`, from + 1);
          if (from < 0 || to < 0) {
            out.set(s.id, undefined);
            return;
          }
          part.stderr = stdout.slice(from + `\n${mark}:S:${i}\n`.length, to);
        }
        out.set(s.id, part);
      });
      return out;
    },
  };
}

/**
 * A fact whose stderr is kept (a read command, src/facts/command-output.ts): its stdout goes to
 * the batch's stdout as any fact's, its stderr into a variable (the command runs in the command
 * substitution's subshell, so it cannot leak into the next facts either), printed after the end
 * marker between two more. The exit code travels after the last `x` of the captured text.
 */
function keepingStderr(command: string, open: string, close: string, end: string, from: string, to: string): string {
  return [
    `{ afo_err=$( ${open}`,
    command,
    `${close} </dev/null 2>&1 1>&3 3>&-; printf 'x%s' "$?" ); } 3>&1`,
    `afo_rc=\${afo_err##*x}; afo_err=\${afo_err%x*}`,
    `printf '\\n%s:%s\\n' '${end}' "$afo_rc"`,
    `printf '%s\\n%s\\n%s\\n' '${from}' "$afo_err" '${to}'`,
  ].join('\n');
}

/**
 * Shell words that change the shell itself (its exit, directory, options, traps, environment,
 * positional arguments, or variables a sourced file sets): a command using one gets a subshell.
 * Plain variable assignments stay; fact commands name theirs afo_* or set them before use.
 */
const LEAKS =
  /(^|[\s;&|(){}`])(exit|cd|set|export|trap|shift|exec|umask|ulimit|unset|readonly|alias|eval|return|local|pushd|popd|source|\.)(?=[\s;&|)]|$)|\bIFS=|\(\)\s*\{/;

/** True when a fact command must run in a subshell of its own. */
export function isolated(command: string): boolean {
  return LEAKS.test(command);
}
