/**
 * The fuzz test of issue 12: several hundred mutated inventories, group_vars files, -e values and
 * role files against the built CLI (`npm test` builds it first). Every case exits 0 (still valid)
 * or is refused with a message, no stack trace, in time; the known-bad ones are refused. Seeded:
 * a failure names its seed (AFO_FUZZ_SEED=N replays it, or tries other cases).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type FuzzCase, generateCases } from '../../fuzz/cases.js';
import { CLI, type CaseResult, pool, runInProcess, runProcess } from '../../fuzz/drive.js';
import { replay, verdict } from '../../fuzz/oracle.js';
import { fuzzSeed } from '../../fuzz/rng.js';

const SEED = fuzzSeed();
const TIMEOUT_MS = 15_000;
const root = mkdtempSync(join(tmpdir(), 'afo-fuzz-'));
const home = join(root, 'home');
const cases = generateCases(SEED, join(root, 'cases'));

afterAll(() => rmSync(root, { recursive: true, force: true }));

function failures(results: Map<FuzzCase, CaseResult>): string[] {
  return [...results].flatMap(([c, r]) => {
    const v = verdict(c, r);
    return v === undefined ? [] : [`${replay(c)}\n  ${v}`];
  });
}

describe(`afo fuzz (seed ${SEED}, AFO_FUZZ_SEED=N for others)`, () => {
  it('the CLI is built (npm test builds before vitest; else npm run build)', () => {
    expect(existsSync(CLI)).toBe(true);
  });

  it(`${cases.length} cases: exit 0 or a clean refusal, known-bad ones refused`, { timeout: 300_000 }, async () => {
    expect(cases.length).toBeGreaterThan(300);
    expect(cases.filter((c) => c.mustFail).length).toBeGreaterThan(60);
    const results = await runInProcess(cases, { workers: 2, timeoutMs: TIMEOUT_MS, home });
    expect(results.size).toBe(cases.length);
    expect(failures(results).join('\n\n')).toBe('');
    // check mode writes nothing beside the inventory but its run log (issue 12): no secrets file
    const wrote = cases.filter((c) => c.argv.includes('--check') && existsSync(join(c.dir, 'credentials'))).map(replay);
    expect(wrote).toEqual([]);
  });

  it('a sample as real processes (node dist/src/cli/main.js) behaves the same', { timeout: 300_000 }, async () => {
    const sample = cases.filter((_, i) => i % 48 === 0);
    const real = await pool(sample, 2, (c) => runProcess(c, { timeoutMs: TIMEOUT_MS, home }));
    const results = new Map(sample.map((c, i) => [c, real[i] as CaseResult]));
    expect(failures(results).join('\n\n')).toBe('');
    // the in-process runner sees what a user sees: the same exit codes
    const inProcess = await runInProcess(sample, { workers: 2, timeoutMs: TIMEOUT_MS, home });
    const differ = sample
      .filter((c) => inProcess.get(c)?.code !== results.get(c)?.code)
      .map((c) => `${replay(c)}: in-process ${inProcess.get(c)?.code}, process ${results.get(c)?.code}`);
    expect(differ).toEqual([]);
  });
});
