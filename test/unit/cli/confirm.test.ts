import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { confirmPlan } from '../../../src/cli/prompt.js';
import { UserError } from '../../../src/errors.js';

function streams(tty: boolean) {
  const input = new PassThrough() as unknown as NodeJS.ReadStream & PassThrough;
  (input as { isTTY?: boolean }).isTTY = tty;
  const output = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  let shown = '';
  output.on('data', (d: Buffer) => (shown += d.toString()));
  return { input, output, shown: () => shown };
}

describe('confirmPlan', () => {
  it('-y: shows the plan and proceeds without reading', async () => {
    const s = streams(false);
    expect(await confirmPlan('the plan', true, 'afo x', s.input, s.output)).toBe(true);
    expect(s.shown()).toBe('the plan\n');
  });

  it('no terminal and no -y: an input error (exit 2) that says to pass -y', async () => {
    const s = streams(false);
    const e = await confirmPlan('the plan', false, 'afo switchover', s.input, s.output).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).kind).toBe('input');
    expect((e as UserError).message).toMatch(/afo switchover .*pass -y/);
  });

  it('on a terminal: y proceeds, anything else does not', async () => {
    for (const [answer, want] of [
      ['y\n', true],
      ['yes\n', true],
      ['\n', false],
      ['no\n', false],
    ] as const) {
      const s = streams(true);
      const p = confirmPlan('the plan', false, 'afo x', s.input, s.output);
      s.input.write(answer);
      expect(await p, answer).toBe(want);
      expect(s.shown()).toContain('Proceed? [y/N]');
    }
  });
});
