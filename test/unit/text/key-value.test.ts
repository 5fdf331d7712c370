import { describe, expect, it } from 'vitest';
import { keyValueLines, keyValues } from '../../../src/text/key-value.js';

describe('key=value fact output', () => {
  it('splits at the first =, skips lines without a key, keeps values as written', () => {
    expect(keyValueLines('a=1\n=x\nnoise\nb=x=y \nlink=eth0 1500 up\nlink=lo 65536 unknown')).toEqual([
      ['a', '1'],
      ['b', 'x=y '],
      ['link', 'eth0 1500 up'],
      ['link', 'lo 65536 unknown'],
    ]);
  });
  it('keyValues keeps the last value of a key; trim is asked for', () => {
    expect(keyValues('k=1\nk= 2 \n')).toEqual(new Map([['k', ' 2 ']]));
    expect(keyValues('k=1\nk= 2 \r\n', { trim: true })).toEqual(new Map([['k', '2']]));
  });
});
