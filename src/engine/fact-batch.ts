/**
 * Many facts, one round trip: each fact's command runs in its own subshell between two marker
 * lines that carry a per-batch nonce and the fact's exit code, so one script's stdout splits back
 * into per-fact (stdout, exit code) pairs for the pure parsers.
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
  const parts = specs.map((s, i) => `printf '%s\\n' '${mark}:B:${i}'\n(\n${s.command}\n) </dev/null 2>/dev/null\nprintf '\\n%s:%s\\n' '${mark}:E:${i}' "$?"`);
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
