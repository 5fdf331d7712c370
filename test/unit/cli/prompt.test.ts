import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { confirmPlan, PromptCancelled, promptSecret } from '../../../src/cli/prompt.js';
import { reportError } from '../../../src/cli/report-error.js';
import { UserError } from '../../../src/errors.js';

function streams(tty: boolean) {
  const input = new PassThrough() as unknown as NodeJS.ReadStream & PassThrough;
  (input as { isTTY?: boolean }).isTTY = tty;
  const modes: boolean[] = [];
  (input as unknown as { setRawMode: (m: boolean) => void }).setRawMode = (m) => modes.push(m);
  const output = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  return { input, output, modes };
}

describe('promptSecret (-K) and prompts (issue 12)', () => {
  it('no terminal and nothing piped: an input error naming AFO_BECOME_PASS (was: exit 0 having done nothing)', async () => {
    const s = streams(false);
    const p = promptSecret('BECOME password: ', s.input, s.output).catch((e: unknown) => e);
    s.input.end();
    const e = await p;
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).message).toMatch(/stdin is not a terminal .*AFO_BECOME_PASS/);
  });

  it('a piped line is the answer (scripts may pipe the password)', async () => {
    const s = streams(false);
    const p = promptSecret('BECOME password: ', s.input, s.output);
    s.input.write('s3cret\n');
    expect(await p).toBe('s3cret');
  });

  it('Ctrl-C on the terminal cancels: exit 130, nothing printed, raw mode restored', async () => {
    const s = streams(true);
    const p = promptSecret('BECOME password: ', s.input, s.output).catch((e: unknown) => e);
    s.input.write('ab\u0003');
    const e = await p;
    expect(e).toBeInstanceOf(PromptCancelled);
    expect(s.modes).toEqual([true, false]);
    let printed = '';
    expect(reportError(e, (t) => (printed += t))).toBe(130);
    expect(printed).toBe('');
  });

  it('confirmPlan: a terminal that closes without an answer declines; Ctrl-C cancels', async () => {
    const closed = streams(true);
    const p = confirmPlan('plan', false, 'afo deploy', closed.input, closed.output);
    closed.input.end();
    expect(await p).toBe(false);
    const c = streams(true);
    const q = confirmPlan('plan', false, 'afo deploy', c.input, c.output).catch((e: unknown) => e);
    c.input.write('\u0003');
    expect(await q).toBeInstanceOf(PromptCancelled);
  });
});
