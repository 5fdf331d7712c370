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
    return `printf '%s\\n' '${mark}:B:${i}'\n${open}\n${s.command}\n${close} </dev/null 2>/dev/null\nprintf '\\n%s:%s\\n' '${mark}:E:${i}' "$?"`;
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
        out.set(s.id, { stdout: stdout.slice(b + begin.length, e), exitCode: code });
      });
      return out;
    },
  };
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
