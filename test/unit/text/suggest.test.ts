import { describe, expect, it } from 'vitest';
import { closest, MAX_SUGGEST_LENGTH } from '../../../src/text/suggest.js';

describe('did-you-mean suggestions', () => {
  it('suggests the closest candidate within a third of the word, never the word itself', () => {
    expect(closest('opengauss_prot', ['opengauss_port', 'opengauss_paths', 'og_disable_history'])).toBe('opengauss_port');
    expect(closest('whne', ['when', 'name'])).toBe('when');
    expect(closest('when', ['when'])).toBeUndefined();
    expect(closest('zzzzzz', ['when', 'name'])).toBeUndefined();
  });

  it('candidates whose length alone rules them out do not hide a closer one', () => {
    expect(closest('dataPortbase', ['d', 'dataPortBase', 'a'.repeat(40)])).toBe('dataPortBase');
  });

  it('a word longer than any name people type gets no suggestion (the distance costs length x length: a 100 kB group name of a broken inventory took minutes, found by the fuzz test)', () => {
    const long = 'x'.repeat(MAX_SUGGEST_LENGTH);
    expect(closest(`${long}a`, [`${long}b`])).toBeUndefined();
    expect(closest(`${long.slice(1)}a`, [`${long.slice(1)}b`])).toBe(`${long.slice(1)}b`);
  });
});
