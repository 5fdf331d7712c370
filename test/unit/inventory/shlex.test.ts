import { describe, expect, it } from 'vitest';
import { shlexSplit, ShlexError } from '../../../src/inventory/shlex.js';

// Expected values are what Python's shlex.split(line, comments=True) returns.
describe('shlexSplit (Python shlex, posix, comments=True)', () => {
  it('splits on whitespace and drops quotes', () => {
    expect(shlexSplit(`h1 a=1  b="two words" c='x y'`)).toEqual(['h1', 'a=1', 'b=two words', 'c=x y']);
  });
  it('treats # as a comment at a token start and inside a word, but not inside quotes', () => {
    expect(shlexSplit('h a=1 # comment')).toEqual(['h', 'a=1']);
    expect(shlexSplit('h a=b#c d=e')).toEqual(['h', 'a=b']);
    expect(shlexSplit('h a="b#c" d=e')).toEqual(['h', 'a=b#c', 'd=e']);
  });
  it('keeps ; as data', () => {
    expect(shlexSplit('h a=x;y ;z')).toEqual(['h', 'a=x;y', ';z']);
  });
  it('handles backslashes as POSIX shells do', () => {
    expect(shlexSplit(String.raw`h a=x\ y`)).toEqual(['h', 'a=x y']);
    expect(shlexSplit(String.raw`h a="q\"q" b="\n"`)).toEqual(['h', 'a=q"q', String.raw`b=\n`]);
    expect(shlexSplit("h a='\\'")).toEqual(['h', 'a=\\']);
  });
  it('keeps an empty quoted token and joins adjacent quoted parts', () => {
    expect(shlexSplit(`h a='' b=x"y z"'w'`)).toEqual(['h', 'a=', 'b=xy zw']);
    expect(shlexSplit(`h ""`)).toEqual(['h', '']);
  });
  it('rejects an unclosed quote and a trailing backslash', () => {
    expect(() => shlexSplit(`h a="x`)).toThrow(ShlexError);
    expect(() => shlexSplit('h a=\\')).toThrow(ShlexError);
  });
});
