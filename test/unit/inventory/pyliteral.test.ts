import { describe, expect, it } from 'vitest';
import { iniValue, pyLiteral } from '../../../src/inventory/pyliteral.js';

// Each expectation is what Python's ast.literal_eval gives (undefined = it raises).
describe('pyLiteral (ast.literal_eval as Ansible uses it)', () => {
  it.each([
    ['22', 22],
    ['-5', -5],
    ['+7', 7],
    ['- 3', -3],
    ['-(4)', -4],
    ['0x1F', 31],
    ['0o17', 15],
    ['0b101', 5],
    ['1_000', 1000],
    ['0', 0],
    ['00', 0],
    ['1.5', 1.5],
    ['1e3', 1000],
    ['.5', 0.5],
    ['5.', 5],
    ['True', true],
    ['False', false],
    ['None', null],
    ["'x'", 'x'],
    ['"two words"', 'two words'],
    ["'a' 'b'", 'ab'],
    ["'''tri'''", 'tri'],
    [String.raw`'a\nb'`, 'a\nb'],
    [String.raw`r'a\nb'`, String.raw`a\nb`],
    [String.raw`'\x41\u00e9\101'`, 'Aé' + 'A'],
    [String.raw`'\q'`, String.raw`\q`],
    ["b'raw'", 'raw'],
    ["u'x'", 'x'],
    ['[1, 2]', [1, 2]],
    ['[1, [2, []],]', [1, [2, []]]],
    ['(1, 2)', [1, 2]],
    ['()', []],
    ['(1,)', [1]],
    ['(5)', 5],
    ['1, 2', [1, 2]],
    ['1,', [1]],
    ["{'a': 1, 'b': [True, None]}", { a: 1, b: [true, null] }],
    ['{1: 2, True: 3, None: 4}', { '1': 3, null: 4 }],
    ["{'a': 1, 'a': 2}", { a: 2 }],
    ['{}', {}],
    ['{1, 2}', [1, 2]],
    ['  42', 42],
    ['1 # python comment', 1],
  ])('%s', (text, expected) => {
    expect(pyLiteral(text)).toEqual(expected);
  });

  it.each([
    'hello',
    'true',
    'null',
    'yes',
    '010',
    '1__0',
    '1_',
    '1abc',
    '1+2',
    '--5',
    '-True',
    "-'a'",
    '[1, 2',
    '{"k": null}',
    "'unterminated",
    '',
    '# only a comment',
    "f'x'",
    "'a' b'b'",
    '{[1]: 2}',
    '1.2.3',
    'a=b',
  ])('%s is not a literal', (text) => {
    expect(pyLiteral(text)).toBeUndefined();
  });

  it('leaves complex numbers and Ellipsis untyped (ansible-inventory cannot print them)', () => {
    expect(pyLiteral('1j')).toBeUndefined();
    expect(pyLiteral('...')).toBeUndefined();
  });

  it('keeps the text when there is no literal (Ansible _parse_value)', () => {
    expect(iniValue('hello world')).toBe('hello world');
    expect(iniValue('010')).toBe('010');
    expect(iniValue('')).toBe('');
    expect(iniValue('8')).toBe(8);
  });
});
