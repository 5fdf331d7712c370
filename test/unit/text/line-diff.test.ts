import { describe, expect, it } from 'vitest';
import { lineDiff } from '../../../src/text/line-diff.js';

describe('lineDiff', () => {
  it('marks removed, added and common lines in order', () => {
    expect(lineDiff('a\nb\nc\n', 'a\nx\nc\nd\n')).toEqual([' a', '+x', '-b', ' c', '+d']);
  });
  it('equal texts have no + or - line', () => {
    expect(lineDiff('a\nb', 'a\nb\n').every((l) => l.startsWith(' '))).toBe(true);
  });
});
