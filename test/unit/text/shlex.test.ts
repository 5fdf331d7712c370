import { describe, expect, it } from 'vitest';
import { shlexSplit, ShlexError } from '../../../src/text/shlex.js';

// Expected values are what Python's shlex.split(line, comments=...) returns.
const C = (line: string): string[] => shlexSplit(line, { comments: true });
describe('shlexSplit (Python shlex, posix, comments=True)', () => {
  it('splits on whitespace and drops quotes', () => {
    expect(C(`h1 a=1  b="two words" c='x y'`)).toEqual(['h1', 'a=1', 'b=two words', 'c=x y']);
  });
  it('treats # as a comment at a token start and inside a word, but not inside quotes', () => {
    expect(C('h a=1 # comment')).toEqual(['h', 'a=1']);
    expect(C('h a=b#c d=e')).toEqual(['h', 'a=b']);
    expect(C('h a="b#c" d=e')).toEqual(['h', 'a=b#c', 'd=e']);
  });
  it('keeps ; as data', () => {
    expect(C('h a=x;y ;z')).toEqual(['h', 'a=x;y', ';z']);
  });
  it('handles backslashes as POSIX shells do', () => {
    expect(C(String.raw`h a=x\ y`)).toEqual(['h', 'a=x y']);
    expect(C(String.raw`h a="q\"q" b="\n"`)).toEqual(['h', 'a=q"q', String.raw`b=\n`]);
    expect(C("h a='\\'")).toEqual(['h', 'a=\\']);
  });
  it('keeps an empty quoted token and joins adjacent quoted parts', () => {
    expect(C(`h a='' b=x"y z"'w'`)).toEqual(['h', 'a=', 'b=xy zw']);
    expect(C(`h ""`)).toEqual(['h', '']);
  });
  it('rejects an unclosed quote and a trailing backslash', () => {
    expect(() => C(`h a="x`)).toThrow(ShlexError);
    expect(() => C('h a=\\')).toThrow(ShlexError);
  });
});

describe('shlexSplit (Python shlex, posix, comments=False)', () => {
  it('keeps a backslash before $ inside double quotes, as Python does (sh would drop it)', () => {
    expect(shlexSplit('echo "a\\$b" "c\\`d"')).toEqual(['echo', 'a\\$b', 'c\\`d']);
  });
  it('splits like Python shlex.split', () => {
    expect(shlexSplit(`echo "a b" 'c d' e\\ f`)).toEqual(['echo', 'a b', 'c d', 'e f']);
    expect(shlexSplit(`x "q\\"q" '' ""`)).toEqual(['x', 'q"q', '', '']);
    expect(shlexSplit(`a"b"'c'`)).toEqual(['abc']);
    expect(shlexSplit('a#b # c')).toEqual(['a#b', '#', 'c']);
  });
  it('separates words only at space, tab, CR and LF', () => {
    expect(shlexSplit('a\vb\fc d')).toEqual(['a\vb\fc', 'd']);
  });
  it("raises Python's errors", () => {
    expect(() => shlexSplit(`echo "a`)).toThrow(new ShlexError('No closing quotation'));
    expect(() => shlexSplit(`echo 'a`)).toThrow(new ShlexError('No closing quotation'));
    expect(() => shlexSplit('echo a\\')).toThrow(new ShlexError('No escaped character'));
  });
});

describe('shlexSplit comments', () => {
  it('runs a comment to the end of its line only', () => {
    expect(C('a # x\nb')).toEqual(['a', 'b']);
    expect(C('a#x\nb')).toEqual(['a', 'b']);
  });
});
