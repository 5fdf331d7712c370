/**
 * Differential tests against the real Python: one python3 process per test file gets every case
 * as JSON on stdin and answers with JSON on stdout (a process per case would cost seconds).
 */
import { execFileSync } from 'node:child_process';

/** Runs `script` with `cases` (JSON) on stdin; the script prints one JSON value. */
export function runPython<T>(script: string, cases: unknown): T {
  const out = execFileSync('python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out) as T;
}

/** A small seeded PRNG (mulberry32), so generated cases are the same on every run. */
export function seeded(seed: number): { int: (n: number) => number; pick: <T>(xs: readonly T[]) => T } {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { int, pick: (xs) => xs[int(xs.length)]! };
}
