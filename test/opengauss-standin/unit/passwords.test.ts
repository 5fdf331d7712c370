import { describe, expect, it } from 'vitest';
import { py } from './py.js';

const check = (passwords: string[], ca = false): (string | null)[] => py({ op: 'pw', passwords, ca, user: 'omm' }).results ?? [];

describe('password rules (gs_install DB password, cm_install CA password)', () => {
  it('accepts 8-16 characters with 3 of upper/lower/digit/special for the database', () => {
    expect(check(['Gauss#2024ok', 'abcDEF12', 'abc_def_123'])).toEqual([null, null, null]);
  });

  it('refuses short, long, 2-class, user-name and reversed-user-name database passwords', () => {
    const r = check(['Ab1#', 'Abcdefgh12345678#', 'abcdefgh12']);
    expect(r[0]).toMatch(/at least 8/);
    expect(r[1]).toMatch(/at most 16/);
    expect(r[2]).toMatch(/three types/);
    const named = py({ op: 'pw', passwords: ['Gaussdba1', '1abdssuaG'], user: 'Gaussdba1' }).results ?? [];
    expect(named[0]).toMatch(/user name/);
    expect(named[1]).toMatch(/user name/);
  });

  it('CA passwords: 8-15 characters and 3 classes', () => {
    const r = check(['Ca_cert#77', 'abcdefgh', 'Abcdefgh1234567x', 'Ab1.Ab1.'], true);
    expect(r[0]).toBeNull();
    expect(r[1]).toMatch(/three types/);
    expect(r[2]).toMatch(/8 to 15/);
    expect(r[3]).toBeNull();
  });
});
