/** The Python-regex translator's rules, each one a case the earlier copies got wrong. */
import { describe, expect, it } from 'vitest';
import { PyRegexError, translatePyRegex } from '../../../src/text/pyregex.js';
import { pyCompile, pyFinditer, pyRegex, pySub } from '../../../src/text/pyregex-match.js';

const spans = (pattern: string, s: string, flags = {}) => [...pyFinditer(pyCompile(pattern, flags), s)].map((m) => [m.index, m[0]]);

describe('anchors', () => {
  it('\\A and \\Z are the start and end of the string, even with MULTILINE', () => {
    expect(spans('\\Ax', 'x\nx\nx', { multiline: true })).toEqual([[0, 'x']]);
    expect(spans('x\\Z', 'x\nx\n', { multiline: true })).toEqual([]);
    expect(spans('x\\Z', 'x\nx', { multiline: true })).toEqual([[2, 'x']]);
  });
  it('$ also matches before a final newline; ^ and $ break lines only at \\n', () => {
    expect(pyRegex('a$').test('a\n')).toBe(true);
    expect(pyRegex('a$').test('a\n\n')).toBe(false);
    expect(spans('^b', 'a\rb\nb', { multiline: true })).toEqual([[4, 'b']]);
    expect(spans('.', '\r\n')).toEqual([[0, '\r']]);
  });
});

describe('flags and groups', () => {
  it('takes leading inline flags and scoped (?s:) / (?m:) / (?x:)', () => {
    expect(pyRegex('(?i)password').test('PASSWORD:')).toBe(true);
    expect(pyRegex('(?s:a.b)').test('a\nb')).toBe(true);
    expect(pyRegex('(?x) a b # comment').test('ab')).toBe(true);
  });
  it('named groups and references', () => {
    const m = pyFinditer(pyCompile('(?P<q>[\'"])(?P<v>.*?)(?P=q)'), `x="1" y='2'`).next().value!;
    expect(m.groups).toMatchObject({ q: '"', v: '1' });
    expect(pySub(pyCompile('(?P<k>\\w+)=(\\d)'), '\\g<k>:\\2:\\g<1>', 'a=1').text).toBe('a:1:a');
  });
  it('Unicode classes as Python: \\d, \\w, \\b', () => {
    expect(pyRegex('^\\d+$').test('٣4')).toBe(true);
    expect(pyRegex('(?a)^\\d+$').test('٣4')).toBe(false);
    expect(spans('\\b\\w+\\b', 'é-ü')).toEqual([
      [0, 'é'],
      [2, 'ü'],
    ]);
  });
  it('Python literals JS would reject or read differently', () => {
    expect(pyRegex('a{,2}b').test('aab')).toBe(true);
    expect(pyRegex('x{').test('x{')).toBe(true);
    expect(pyRegex('[]a]').test(']')).toBe(true);
    expect(pyRegex('\\-\\101').test('-A')).toBe(true);
  });
});

describe('sub', () => {
  it("follows Python 3.7's rule for empty matches", () => {
    expect(pySub(pyCompile('x*'), '-', 'abxd').text).toBe('-a-b--d-');
    expect(pySub(pyCompile('|a'), '-', 'a').text).toBe('---');
  });
  it('rejects a bad template even when nothing matches', () => {
    expect(() => pySub(pyCompile('(a)'), '\\2', 'zzz')).toThrow(/invalid group reference 2/);
    expect(() => pySub(pyCompile('a'), '\\q', 'zzz')).toThrow(/bad escape \\q/);
  });
});

describe('errors', () => {
  it("reports Python's errors", () => {
    expect(() => translatePyRegex('\\q')).toThrow(/bad escape \\q/);
    expect(() => translatePyRegex('(a)\\2')).toThrow(/invalid group reference 2/);
    expect(() => translatePyRegex('(a\\1)')).toThrow(/cannot refer to an open group/);
    expect(() => translatePyRegex('a(?i)')).toThrow(/global flags not at the start/);
    expect(() => translatePyRegex('(?<n>a)')).toThrow(/unknown extension \?</);
  });
  it('says what JavaScript cannot express', () => {
    for (const p of ['(?>a)', 'a*+', '(a)?(?(1)b|c)', 'x(?i:a)', '\\N{EM DASH}']) {
      expect(() => translatePyRegex(p), p).toThrow(PyRegexError);
      expect(() => translatePyRegex(p), p).toThrow(/cannot be expressed in JavaScript|not supported/);
    }
  });
});
