/** A small seeded PRNG (mulberry32): the same seed gives the same fuzz cases on every machine. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
}

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)] as (typeof xs)[number] };
}

/** The fuzz seed: AFO_FUZZ_SEED (to replay a failure or try another one), else a fixed one. */
export function fuzzSeed(env: NodeJS.ProcessEnv = process.env): number {
  const s = env.AFO_FUZZ_SEED;
  if (s === undefined || s === '') return 20261206;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) throw new Error(`AFO_FUZZ_SEED must be a non-negative integer, got '${s}'`);
  return n;
}
