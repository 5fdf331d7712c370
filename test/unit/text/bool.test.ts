import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/expr/index.js';
import { asBool } from '../../../src/roles/common.js';
import { bool } from '../../../src/tasks/lib/args.js';
import { parseBool, toBool } from '../../../src/text/bool.js';

// Ansible's module_utils.parsing.convert_bool.BOOLEANS_TRUE / BOOLEANS_FALSE.
const TRUE = ['y', 'yes', 'on', '1', 'true', 't', 'YES', ' On ', 'T', 1, 1.0, true];
const FALSE = ['n', 'no', 'off', '0', 'false', 'f', 'No', 'OFF', 'F', 0, 0.0, false];
const NEITHER = ['', 'ja', '2', 'truth', 2, null, undefined, [], {}];

describe("Ansible's boolean word set", () => {
  it('parseBool knows exactly those spellings', () => {
    for (const v of TRUE) expect(parseBool(v), String(v)).toBe(true);
    for (const v of FALSE) expect(parseBool(v), String(v)).toBe(false);
    for (const v of NEITHER) expect(parseBool(v), String(v)).toBeUndefined();
    expect(NEITHER.map(toBool)).toEqual(NEITHER.map(() => false));
  });
  it('every boolean reader uses it: module arguments, role keywords, the bool filter', () => {
    for (const v of ['t', 'y', 'On']) {
      expect(bool.parse(v)).toBe(true);
      expect(asBool(v)).toBe(true);
      expect(evaluate('v | bool', { v })).toBe(true);
    }
    for (const v of ['f', 'n', 'Off']) {
      expect(bool.parse(v)).toBe(false);
      expect(asBool(v)).toBe(false);
      expect(evaluate('v | bool', { v })).toBe(false);
    }
    expect(() => bool.parse('maybe')).toThrow();
  });
});
