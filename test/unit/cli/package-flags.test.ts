import { describe, expect, it } from 'vitest';
import { parsePackageSha256 } from '../../../src/cli/package-flags.js';
import { UserError } from '../../../src/errors.js';

describe('--package-sha256 (a malformed sum was only found after connecting; fuzz test, issue 12)', () => {
  it('takes 64 hex digits, in either case', () => {
    const sum = `${'A'.repeat(32)}${'0'.repeat(32)}`;
    expect(parsePackageSha256(sum)).toBe(sum.toLowerCase());
    expect(parsePackageSha256(undefined)).toBeUndefined();
  });

  it.each(['not-hex', 'abc', `${'a'.repeat(64)}0`, `${'g'.repeat(64)}`, ''])('refuses %j as input', (v) => {
    expect(() => parsePackageSha256(v)).toThrow(UserError);
    expect(() => parsePackageSha256(v)).toThrow(/^--package-sha256 must be the package's SHA-256 as 64 hex digits/);
  });
});
