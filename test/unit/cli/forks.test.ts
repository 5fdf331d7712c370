import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { parseForks } from '../../../src/cli/forks.js';

describe('--forks', () => {
  it('absent is undefined (each command has its default); a positive whole number is kept', () => {
    expect(parseForks(undefined)).toBeUndefined();
    expect(parseForks('1')).toBe(1);
    expect(parseForks('25')).toBe(25);
  });

  it('anything else is a user error naming the value', () => {
    for (const bad of ['0', '-3', '2.5', 'x', '']) {
      expect(() => parseForks(bad)).toThrow(UserError);
      expect(() => parseForks(bad)).toThrow(`--forks must be a positive whole number, got '${bad}'`);
    }
  });
});
