import { describe, expect, it } from 'vitest';
import {
  CA_SPECIALS,
  DB_SPECIALS,
  GENERATED_SPECIALS,
  generateCaPassword,
  generateDbPassword,
  generateOsPassword,
  shellUnsafeCharacters,
  validateCaPassword,
  validateDbPassword,
  validateOsPassword,
} from '../../../src/opengauss/passwords.js';

const N = 2000;
const NEEDS_QUOTING = ["'", '"', '\\', '$', '`', ' '];

function checkGenerated(passwords: string[]): void {
  expect(new Set(passwords).size).toBe(passwords.length);
  for (const pw of passwords) {
    for (const c of NEEDS_QUOTING) expect(pw.includes(c), `${pw} contains ${c}`).toBe(false);
    expect(shellUnsafeCharacters(pw)).toEqual([]);
    expect(pw[0]).toMatch(/[A-Za-z]/);
  }
}

describe('generated passwords (property: every one of 2000 meets the rules)', () => {
  it('DB initial user: valid for gs_install, never containing the user name', () => {
    const all = Array.from({ length: N }, () => generateDbPassword('omm'));
    for (const pw of all) {
      expect(validateDbPassword(pw, 'omm')).toBeUndefined();
      expect(pw).toHaveLength(16);
      expect(pw.toLowerCase()).not.toContain('omm');
      expect(pw.toLowerCase()).not.toContain('mmo');
    }
    checkGenerated(all);
  });

  it('DB password at the minimum length 8 with a one-letter user name still meets the rules', () => {
    const all = Array.from({ length: N }, () => generateDbPassword('a', 8));
    for (const pw of all) {
      expect(validateDbPassword(pw, 'a')).toBeUndefined();
      expect(pw.toLowerCase()).not.toContain('a');
    }
  });

  it('CM CA: valid for cm_install', () => {
    const all = Array.from({ length: N }, () => generateCaPassword());
    for (const pw of all) {
      expect(validateCaPassword(pw)).toBeUndefined();
      expect(pw).toHaveLength(15);
    }
    checkGenerated(all);
  });

  it('OS user: valid, four classes, never containing the user name', () => {
    const all = Array.from({ length: N }, () => generateOsPassword('omm'));
    for (const pw of all) {
      expect(validateOsPassword(pw)).toBeUndefined();
      expect(validateDbPassword(pw, 'omm')).toBeUndefined();
      expect(pw.toLowerCase()).not.toContain('omm');
    }
    checkGenerated(all);
  });

  it('uses every generated special over many draws (the set is really used)', () => {
    const seen = new Set(Array.from({ length: 200 }, () => generateCaPassword()).join(''));
    for (const c of GENERATED_SPECIALS) expect(seen.has(c)).toBe(true);
    for (const c of GENERATED_SPECIALS) {
      expect(DB_SPECIALS).toContain(c);
      expect(CA_SPECIALS).toContain(c);
    }
  });

  it('refuses lengths outside the rules', () => {
    expect(() => generateDbPassword('omm', 17)).toThrow(RangeError);
    expect(() => generateCaPassword(16)).toThrow(RangeError);
    expect(() => generateCaPassword(7)).toThrow(RangeError);
  });
});

describe('validateDbPassword', () => {
  it.each([
    ['Abc12345', undefined],
    ['abc-12345', undefined],
    ['ABC_def_ghi', undefined],
    ['Ab1!', /8 to 16 characters long \(has 4\)/],
    ['Abcdefgh12345678x', /8 to 16/],
    ['abcdefgh', /at least 3 .* has lower-case$/],
    ['abcd1234', /has lower-case, digits$/],
    ['Abc 12345', /contains " "/],
    ['Abc<12345', /contains "<"/],
  ])('%j', (pw, reason) => {
    const result = validateDbPassword(pw, 'omm');
    if (reason === undefined) expect(result).toBeUndefined();
    else expect(result).toMatch(reason);
  });

  it('refuses the user name and its reverse', () => {
    expect(validateDbPassword('Gauss_Db1', 'gauss_db1')).toMatch(/user name/);
    expect(validateDbPassword('1bd_ssuag', 'gauss_db1')).toMatch(/reverse/);
  });
});

describe('validateCaPassword', () => {
  it('8–15 characters, 3 classes of the CM set (which adds < . >)', () => {
    expect(validateCaPassword('Abc.1234')).toBeUndefined();
    expect(validateCaPassword('abc<1234')).toBeUndefined();
    expect(validateCaPassword('Abc.1234Abc.1234')).toMatch(/8 to 15/);
    // AFO's generator drew 8 of [A-Za-z0-9.,:-_]: this one has 2 classes and cm_install refuses it.
    expect(validateCaPassword('abcd.,:-')).toMatch(/at least 3/);
  });
});

describe('validateOsPassword / shellUnsafeCharacters', () => {
  it('OS password: 8+ characters, no control characters', () => {
    expect(validateOsPassword('short')).toMatch(/at least 8/);
    expect(validateOsPassword('line\nbreak1')).toMatch(/control/);
    expect(validateOsPassword("any'thing $goes")).toBeUndefined();
  });

  it('lists characters a user-given password needs quoted', () => {
    expect(shellUnsafeCharacters("a$b'c d$")).toEqual(['$', "'", ' ']);
    expect(shellUnsafeCharacters('Abc-123_x')).toEqual([]);
  });
});
