import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/expr/index.js';

describe('password_hash', () => {
  // Expected values from glibc crypt(3) (Python's crypt.crypt) for the same salt and rounds.
  it('computes SHA-512 crypt', () => {
    expect(evaluate("'secret' | password_hash('sha512', 'saltsalt')", {})).toBe(
      '$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1',
    );
    expect(evaluate("'secret' | password_hash('sha512', 'saltsalt', rounds=10000)", {})).toBe(
      '$6$rounds=10000$saltsalt$WowrPBpEDVlCoruBosYlrZycTCx3//TyDHYqEhX9DUHHt0XTztUqzQDDUuvUGRA8aUe9p55hcAxeGcu58sm3u.',
    );
  });
  it('computes SHA-256 crypt', () => {
    expect(evaluate("'secret' | password_hash('sha256', 'saltsalt')", {})).toBe('$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA');
  });
  it('draws a random salt when none is given', () => {
    const a = evaluate("'secret' | password_hash", {}) as string;
    const b = evaluate("'secret' | password_hash('sha512')", {}) as string;
    expect(a).toMatch(/^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
    expect(a).not.toBe(b);
  });
  it('rejects unknown types and bad salts', () => {
    expect(() => evaluate("'x' | password_hash('md5')", {})).toThrow("unsupported hash type 'md5'");
    expect(() => evaluate("'x' | password_hash('sha512', 'bad$salt')", {})).toThrow('the salt may contain only');
  });
});
