import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/expr/index.js';

const ok = { rc: 0, changed: true, failed: false, stdout: 'Normal' };
const bad = { rc: 1, changed: false, failed: true, stdout: '' };
const skip = { changed: false, skipped: true };
const vars = { n: 6, f: 1.5, s: 'abc', l: [1, 2], d: { a: 1 }, t: true, z: null, ok, bad, skip, ver: '7.6.1810' };
const ev = (e: string): unknown => evaluate(e, vars);

describe('type tests', () => {
  it('classifies values', () => {
    expect(ev('z is none')).toBe(true);
    expect(ev('n is none')).toBe(false);
    expect(ev('s is string')).toBe(true);
    expect(ev('n is string')).toBe(false);
    expect(ev('n is number')).toBe(true);
    expect(ev('f is number')).toBe(true);
    expect(ev('s is number')).toBe(false);
    expect(ev('n is integer')).toBe(true);
    expect(ev('f is integer')).toBe(false);
    expect(ev('f is float')).toBe(true);
    expect(ev('t is boolean')).toBe(true);
    expect(ev('n is boolean')).toBe(false);
    expect(ev('d is mapping')).toBe(true);
    expect(ev('l is mapping')).toBe(false);
    expect(ev('l is sequence')).toBe(true);
    expect(ev('n is sequence')).toBe(false);
    expect(ev('s is iterable')).toBe(true);
    expect(ev('n is iterable')).toBe(false);
    expect(ev('t is true')).toBe(true);
    expect(ev('t is false')).toBe(false);
  });
});

describe('value tests', () => {
  it('matches and searches regexes (match is anchored at the start)', () => {
    expect(ev("s is match('ab')")).toBe(true);
    expect(ev("s is match('bc')")).toBe(false);
    expect(ev("s is search('bc')")).toBe(true);
    expect(ev("s is regex('^a.c$')")).toBe(true);
    expect(ev("s is regex('b', match_type='match')")).toBe(false);
    expect(ev("'ABC' is match('abc', ignorecase=true)")).toBe(true);
    expect(ev("ver is match('7\\.\\d+')")).toBe(true);
  });
  it('tests membership', () => {
    expect(ev('1 is in l')).toBe(true);
    expect(ev('3 is in l')).toBe(false);
    expect(ev('3 is not in l')).toBe(true);
    expect(ev('l is contains 2')).toBe(true);
    expect(ev('[1] is subset(l)')).toBe(true);
    expect(ev('l is superset([2])')).toBe(true);
  });
  it('tests truthiness', () => {
    expect(ev('s is truthy')).toBe(true);
    expect(ev("'' is truthy")).toBe(false);
    expect(ev('[] is falsy')).toBe(true);
    expect(ev("'no' is truthy(convert_bool=true)")).toBe(false);
  });
  it('compares versions', () => {
    expect(ev("ver is version('7.5', '>=')")).toBe(true);
    expect(ev("ver is version('7.10', '<')")).toBe(true);
    expect(ev("ver is version('7.6.1810', '==')")).toBe(true);
    expect(ev("ver is version('8', 'lt')")).toBe(true);
    expect(ev("ver is version('7.6.1810')")).toBe(true);
    expect(ev("'3.0.0' is version('2.9.9', 'gt')")).toBe(true);
    expect(ev("'1.10' is version_compare('1.9', '>')")).toBe(true);
    expect(ev("ver is not version('7', '<')")).toBe(true);
    expect(ev("'2.0rc1' is version('2.0', '>')")).toBe(true);
    expect(() => ev("ver is version('7', '~~')")).toThrow("invalid operator '~~'");
  });
  it('compares with equalto/eq/ne/lt/gt/le/ge/sameas', () => {
    expect(ev('n is equalto 6')).toBe(true);
    expect(ev('n is eq(6)')).toBe(true);
    expect(ev('n is ne(6)')).toBe(false);
    expect(ev('n is lt 7')).toBe(true);
    expect(ev('n is gt(7)')).toBe(false);
    expect(ev('n is le(6)')).toBe(true);
    expect(ev('n is ge 7')).toBe(false);
    expect(ev('t is sameas true')).toBe(true);
    expect(ev('t is sameas(1)')).toBe(false);
  });
  it('tests numbers: divisibleby, even, odd', () => {
    expect(ev('n is divisibleby 3')).toBe(true);
    expect(ev('n is divisibleby(4)')).toBe(false);
    expect(ev('n is even')).toBe(true);
    expect(ev('n is odd')).toBe(false);
    expect(ev('-3 is odd')).toBe(true);
  });
  it('binds tests tighter than and/or/not and after filters', () => {
    expect(ev('n is even and s is string')).toBe(true);
    expect(ev('not n is odd')).toBe(true);
    expect(ev('l | length is even')).toBe(true);
    expect(ev("('x' if n is even else 'y')")).toBe('x');
    // Jinja binds a test to the operand just before it: n + (1 is odd) == 6 + True.
    expect(ev('n + 1 is odd')).toBe(7);
    expect(ev('(n + 1) is odd')).toBe(true);
  });
});

describe('task result tests', () => {
  it('reads failed/succeeded/changed/skipped from registered results', () => {
    expect(ev('ok is succeeded')).toBe(true);
    expect(ev('ok is success')).toBe(true);
    expect(ev('ok is failed')).toBe(false);
    expect(ev('ok is changed')).toBe(true);
    expect(ev('ok is skipped')).toBe(false);
    expect(ev('bad is failed')).toBe(true);
    expect(ev('bad is succeeded')).toBe(false);
    expect(ev('bad is not changed')).toBe(true);
    expect(ev('skip is skipped')).toBe(true);
    expect(ev('skip is succeeded')).toBe(true);
  });
  it('refuses non-results', () => {
    expect(() => ev('n is failed')).toThrow("the 'failed' test expects a registered task result (a dictionary), got int");
  });
});

describe('unknown tests', () => {
  it('names the test', () => {
    expect(() => ev('n is frobnicated')).toThrow("no test named 'frobnicated'");
  });
});
