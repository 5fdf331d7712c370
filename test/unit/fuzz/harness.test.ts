/** The fuzz harness finds what it is there to find: hangs, crashes, stack traces, silent refusals, wrong acceptance. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type FuzzCase, generateCases, REPO } from '../../fuzz/cases.js';
import { runInProcess } from '../../fuzz/drive.js';
import { verdict } from '../../fuzz/oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'afo-fuzz-harness-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fake = (what: string, mustFail = false): FuzzCase => ({ id: `0/${what}`, kind: 'inventory', mutation: what, mustFail, dir, argv: [what] });

describe('fuzz harness', () => {
  it('reports each kind of misbehaviour and passes a clean refusal; a hang does not stop the other cases', { timeout: 60_000 }, async () => {
    const cases = ['spin', 'throw', 'reject-later', 'trace', 'silent', 'refuse', 'ok'].map((w) => fake(w));
    const accepted = fake('ok', true);
    const results = await runInProcess([...cases, accepted], { workers: 1, timeoutMs: 3000, home: dir, program: join(REPO, 'test/fuzz/fake-program.mjs') });
    const v = Object.fromEntries([...cases, accepted].map((c) => [`${c.mutation}${c.mustFail ? ' (must fail)' : ''}`, verdict(c, results.get(c)!)]));
    expect(v).toEqual({
      spin: 'did not finish within the time limit',
      throw: expect.stringMatching(/^an error nobody handled: runCli threw: Error: boom/),
      'reject-later': expect.stringMatching(/^an error nobody handled: Error: nobody caught me/),
      trace: expect.stringMatching(/^a stack trace:/),
      silent: expect.stringMatching(/^exit 2 without a message on stderr/),
      refuse: undefined,
      ok: undefined,
      'ok (must fail)': expect.stringMatching(/^accepted a known-bad input/),
    });
  });

  it('the same seed gives the same cases; another seed other ones', () => {
    const a = generateCases(7, join(dir, 'a'), { count: 30, generic: 20 });
    const b = generateCases(7, join(dir, 'b'), { count: 30, generic: 20 });
    const c = generateCases(8, join(dir, 'c'), { count: 30, generic: 20 });
    const shape = (xs: FuzzCase[]) => xs.map((x) => `${x.kind} ${x.mutation} ${x.argv.join(' ')}`);
    expect(shape(a)).toEqual(shape(b));
    expect(shape(a)).not.toEqual(shape(c));
  });
});
