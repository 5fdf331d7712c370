import { describe, expect, it } from 'vitest';
import { confirmMode, refuseWithoutTerminal } from '../../../src/cli/confirm.js';
import { UserError } from '../../../src/errors.js';
import { exitCodeFor } from '../../../src/cli/exit-code.js';

describe('confirmMode: one rule for deploy, expand, switchover and scale-in', () => {
  it('--check never asks, -y skips, a terminal asks, no terminal refuses', () => {
    const cases = [
      [{ check: true, yes: false, tty: false }, 'skip'],
      [{ check: true, yes: false, tty: true }, 'skip'],
      [{ check: false, yes: true, tty: false }, 'skip'],
      [{ check: false, yes: true, tty: true }, 'skip'],
      [{ check: false, yes: false, tty: true }, 'ask'],
      [{ check: false, yes: false, tty: false }, 'refuse'],
    ] as const;
    for (const [input, want] of cases) expect(confirmMode(input), JSON.stringify(input)).toBe(want);
  });

  it('refuseWithoutTerminal: an input error (exit 2) naming the command and -y, only without a terminal and -y', () => {
    let err: unknown;
    try {
      refuseWithoutTerminal('afo deploy', { check: false, yes: false, tty: false });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect(exitCodeFor(err as UserError)).toBe(2);
    expect((err as Error).message).toMatch(/^afo deploy changes the cluster .*pass -y \(--yes\).*nothing was changed$/);
    expect(() => refuseWithoutTerminal('afo deploy', { check: false, yes: true, tty: false })).not.toThrow();
    expect(() => refuseWithoutTerminal('afo deploy', { check: true, yes: false, tty: false })).not.toThrow();
    expect(() => refuseWithoutTerminal('afo deploy', { check: false, yes: false, tty: true })).not.toThrow();
  });
});
