import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { exitCodeFor } from '../../../src/cli/exit-code.js';

describe('exit codes', () => {
  it('maps each user error kind to its own code', () => {
    expect(exitCodeFor(new UserError('x', 'input'))).toBe(2);
    expect(exitCodeFor(new UserError('x', 'preflight'))).toBe(3);
    expect(exitCodeFor(new UserError('x', 'failed'))).toBe(4);
  });
});
