import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/expr/index.js';

const vars = {
  n: 7,
  f: 2.5,
  s: 'Hello',
  empty: '',
  list: [1, 2, 3],
  words: ['b', 'a', 'c'],
  d: { a: 1, b: { c: 'deep' }, 'with-dash': 'x' },
  hostvars: { db1: { ansible_host: '127.0.0.11', port: 5432 } },
  groups: { opengauss_standby: ['db2', 'db3'], all: ['db1', 'db2', 'db3'] },
  h: 'db1',
  nothing: null,
};
const ev = (e: string, v: Record<string, unknown> = vars): unknown => evaluate(e, v);

describe('literals', () => {
  it('reads numbers, strings, booleans and none', () => {
    expect(ev('42')).toBe(42);
    expect(ev('3.25')).toBe(3.25);
    expect(ev('-4')).toBe(-4);
    expect(ev("'single'")).toBe('single');
    expect(ev('"double"')).toBe('double');
    expect(ev('true')).toBe(true);
    expect(ev('True')).toBe(true);
    expect(ev('false')).toBe(false);
    expect(ev('False')).toBe(false);
    expect(ev('none')).toBeNull();
    expect(ev('None')).toBeNull();
  });
  it('reads lists, tuples and dicts', () => {
    expect(ev('[1, "a", [true]]')).toEqual([1, 'a', [true]]);
    expect(ev('(1, 2)')).toEqual([1, 2]);
    expect(ev("{'a': 1, 'b': [2]}")).toEqual({ a: 1, b: [2] });
    expect(ev('{}')).toEqual({});
    expect(ev('[]')).toEqual([]);
  });
  it('keeps Python string escapes, including unknown ones used in regexes', () => {
    expect(ev("'a\\nb'")).toBe('a\nb');
    expect(ev("'\\d+'")).toBe('\\d+');
    expect(ev("'it\\'s'")).toBe("it's");
  });
  it('joins adjacent string literals', () => {
    expect(ev("'ab' 'cd'")).toBe('abcd');
  });
});

describe('arithmetic', () => {
  it('adds, subtracts, multiplies and divides like Python', () => {
    expect(ev('n + 1')).toBe(8);
    expect(ev('n - 10')).toBe(-3);
    expect(ev('n * 2')).toBe(14);
    expect(ev('n / 2')).toBe(3.5);
    expect(ev('n // 2')).toBe(3);
    expect(ev('-7 // 2')).toBe(-4);
    expect(ev('n % 3')).toBe(1);
    expect(ev('-7 % 3')).toBe(2);
    expect(ev('2 ** 10')).toBe(1024);
    expect(ev('f * 2')).toBe(5);
    expect(ev('(n + 1) * 2')).toBe(16);
    expect(ev('n + 1 * 2')).toBe(9);
  });
  it('concatenates strings and lists with +, repeats with *', () => {
    expect(ev("s + ' world'")).toBe('Hello world');
    expect(ev('list + [4]')).toEqual([1, 2, 3, 4]);
    expect(ev("'ab' * 3")).toBe('ababab');
    expect(ev('[0] * 3')).toEqual([0, 0, 0]);
  });
  it('formats with % like Python', () => {
    expect(ev("'%s-%d' % ('a', 5)")).toBe('a-5');
    expect(ev("'%05d' % n")).toBe('00007');
    expect(ev("'%.2f' % f")).toBe('2.50');
  });
  it('concatenates anything with ~, printing Python style', () => {
    expect(ev("s ~ '-' ~ n")).toBe('Hello-7');
    expect(ev("'x' ~ true ~ nothing")).toBe('xTrueNone');
    expect(ev("'l=' ~ list")).toBe('l=[1, 2, 3]');
  });
  it('negates numbers', () => {
    expect(ev('-n')).toBe(-7);
    expect(ev('-(n + 1)')).toBe(-8);
  });
  it('rejects mixed types with Python messages', () => {
    expect(() => ev("n + 'a'")).toThrow("unsupported operand type(s) for +: 'int' and 'str'");
    expect(() => ev('n / 0')).toThrow('division by zero');
  });
});

describe('comparisons and logic', () => {
  it('compares numbers and strings', () => {
    expect(ev('n > 5')).toBe(true);
    expect(ev('n < 5')).toBe(false);
    expect(ev('n >= 7')).toBe(true);
    expect(ev('n <= 6')).toBe(false);
    expect(ev("'abc' < 'abd'")).toBe(true);
    expect(ev('[1, 2] < [1, 3]')).toBe(true);
  });
  it('uses deep equality for lists and dicts, and 1 == 1.0', () => {
    expect(ev('list == [1, 2, 3]')).toBe(true);
    expect(ev("d.b == {'c': 'deep'}")).toBe(true);
    expect(ev('list != [1, 2]')).toBe(true);
    expect(ev('1 == 1.0')).toBe(true);
    expect(ev("n == '7'")).toBe(false);
    expect(ev('nothing == none')).toBe(true);
  });
  it('chains comparisons as Python does', () => {
    expect(ev('1 < n < 10')).toBe(true);
    expect(ev('1 < n < 5')).toBe(false);
    expect(ev('10 < n < 20')).toBe(false);
  });
  it('refuses to order unrelated types', () => {
    expect(() => ev("n < 'a'")).toThrow("'<' not supported between instances of 'int' and 'str'");
  });
  it('returns operands from and/or, and short-circuits', () => {
    expect(ev('n and s')).toBe('Hello');
    expect(ev('empty or s')).toBe('Hello');
    expect(ev('empty and undefined_thing')).toBe('');
    expect(ev('s or undefined_thing')).toBe('Hello');
    expect(ev('not empty')).toBe(true);
    expect(ev('not n > 5')).toBe(false);
    expect(ev('n > 5 and not (s == "x") or false')).toBe(true);
  });
  it('tests membership with in / not in', () => {
    expect(ev('2 in list')).toBe(true);
    expect(ev('5 not in list')).toBe(true);
    expect(ev("'ell' in s")).toBe(true);
    expect(ev("'a' in d")).toBe(true);
    expect(ev("'z' in d")).toBe(false);
    expect(ev("'db2' in groups['opengauss_standby']")).toBe(true);
    expect(ev('h not in groups.opengauss_standby')).toBe(true);
    expect(() => ev('1 in n')).toThrow("argument of type 'int' is not iterable");
  });
  it('evaluates the inline if', () => {
    expect(ev("'big' if n > 5 else 'small'")).toBe('big');
    expect(ev("'big' if n > 50 else 'small'")).toBe('small');
    expect(ev("'a' if false else 'b' if true else 'c'")).toBe('b');
    expect(() => ev("'a' if false")).toThrow('no else section');
  });
});

describe('access', () => {
  it('reads attributes and items of dicts', () => {
    expect(ev('d.a')).toBe(1);
    expect(ev('d.b.c')).toBe('deep');
    expect(ev("d['b']['c']")).toBe('deep');
    expect(ev("d['with-dash']")).toBe('x');
    expect(ev('hostvars[h].ansible_host')).toBe('127.0.0.11');
    expect(ev("hostvars[h]['port'] + 1")).toBe(5433);
    expect(ev("groups['opengauss_standby']")).toEqual(['db2', 'db3']);
    expect(ev('groups.all[0]')).toBe('db1');
  });
  it('indexes and slices lists and strings, negative indexes too', () => {
    expect(ev('list[0]')).toBe(1);
    expect(ev('list[-1]')).toBe(3);
    expect(ev('list.1')).toBe(2);
    expect(ev('list[1:]')).toEqual([2, 3]);
    expect(ev('list[:2]')).toEqual([1, 2]);
    expect(ev('list[::-1]')).toEqual([3, 2, 1]);
    expect(ev('s[0]')).toBe('H');
    expect(ev('s[1:3]')).toBe('el');
    expect(ev('s[-3:]')).toBe('llo');
  });
  it('reads the vars dict itself', () => {
    expect(ev("vars['n']")).toBe(7);
    expect(ev("vars['s' ~ '']")).toBe('Hello');
  });
});

describe('methods', () => {
  it('calls the string methods Ansible users write', () => {
    expect(ev("s.startswith('He')")).toBe(true);
    expect(ev("s.endswith(('x', 'lo'))")).toBe(true);
    expect(ev("'a,b,,c'.split(',')")).toEqual(['a', 'b', '', 'c']);
    expect(ev("'  a  b '.split()")).toEqual(['a', 'b']);
    expect(ev("'a=b=c'.split('=', 1)")).toEqual(['a', 'b=c']);
    expect(ev("'  x '.strip()")).toBe('x');
    expect(ev("'xxhixx'.strip('x')")).toBe('hi');
    expect(ev("'  x '.lstrip()")).toBe('x ');
    expect(ev("'  x '.rstrip()")).toBe('  x');
    expect(ev('s.lower()')).toBe('hello');
    expect(ev('s.upper()')).toBe('HELLO');
    expect(ev("s.replace('l', 'L')")).toBe('HeLLo');
    expect(ev("s.replace('l', 'L', 1)")).toBe('HeLlo');
    expect(ev("s.find('l')")).toBe(2);
    expect(ev("','.join(words)")).toBe('b,a,c');
    expect(ev("'{}-{}'.format('a', 1)")).toBe('a-1');
    expect(ev("'123'.isdigit()")).toBe(true);
    expect(ev("'a\\nb\\n'.splitlines()")).toEqual(['a', 'b']);
  });
  it('calls dict and list methods', () => {
    expect(ev('d.keys() | list')).toEqual(['a', 'b', 'with-dash']);
    expect(ev("d.get('a')")).toBe(1);
    expect(ev("d.get('zz', 'dflt')")).toBe('dflt');
    expect(ev("d.get('zz')")).toBeNull();
    expect(ev("{'k': 1}.items() | list")).toEqual([['k', 1]]);
    expect(ev("{'k': 1}.values() | list")).toEqual([1]);
    expect(ev('list.index(2)')).toBe(1);
    expect(ev('[1, 1, 2].count(1)')).toBe(2);
  });
  it('calls range and dict globals', () => {
    expect(ev('range(3)')).toEqual([0, 1, 2]);
    expect(ev('range(1, 7, 2)')).toEqual([1, 3, 5]);
    expect(ev('range(3, 0, -1)')).toEqual([3, 2, 1]);
    expect(ev("dict(a=1, b='x')")).toEqual({ a: 1, b: 'x' });
    expect(ev("dict([['k', 'v']])")).toEqual({ k: 'v' });
  });
});
