import { describe, expect, it } from 'vitest';
import { formatMode, parseMode, resolveMode } from '../../../../src/tasks/lib/mode.js';

describe('parseMode', () => {
  it('reads octal strings with and without the leading zero', () => {
    expect(parseMode('0644')).toEqual({ kind: 'octal', value: 0o644 });
    expect(parseMode('644')).toEqual({ kind: 'octal', value: 0o644 });
    expect(parseMode('1777')).toEqual({ kind: 'octal', value: 0o1777 });
    expect(parseMode('0o750')).toEqual({ kind: 'octal', value: 0o750 });
  });
  it('takes a number as the mode value (YAML 1.1 reads 0644 as 420)', () => {
    expect(parseMode(420)).toEqual({ kind: 'octal', value: 0o644 });
    expect(parseMode(0o1777)).toEqual({ kind: 'octal', value: 0o1777 });
  });
  it('refuses a decimal-looking number that would set odd special bits', () => {
    expect(() => parseMode(644)).toThrow(/write mode: '0644'/);
    expect(() => parseMode(755)).toThrow(/'0755'/);
    expect(() => parseMode(99999)).toThrow(/not a file mode/);
  });
  it('accepts symbolic modes and refuses garbage', () => {
    expect(parseMode('u=rw,g=r,o=')).toEqual({ kind: 'symbolic', text: 'u=rw,g=r,o=' });
    expect(() => parseMode('rw-r--r--')).toThrow(/neither/);
    expect(() => parseMode('0999')).toThrow(/neither/);
  });
});

describe('resolveMode', () => {
  it('applies symbolic clauses to the current mode', () => {
    expect(resolveMode(parseMode('u=rw,g=r,o='), 0o777, false)).toBe(0o640);
    expect(resolveMode(parseMode('u+x'), 0o644, false)).toBe(0o744);
    expect(resolveMode(parseMode('go-w'), 0o666, false)).toBe(0o644);
    expect(resolveMode(parseMode('a+X'), 0o644, true)).toBe(0o755);
    expect(resolveMode(parseMode('a+X'), 0o644, false)).toBe(0o644);
    expect(resolveMode(parseMode('+t'), 0o777, true)).toBe(0o1777);
  });
  it('starts a new path from the umask-022 default', () => {
    expect(resolveMode(parseMode('u+x'), undefined, false)).toBe(0o744);
    expect(resolveMode(parseMode('o-rx'), undefined, true)).toBe(0o750);
  });
  it('formats four digits', () => {
    expect(formatMode(0o644)).toBe('0644');
    expect(formatMode(0o4755)).toBe('4755');
  });
});
