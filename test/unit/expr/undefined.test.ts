import { describe, expect, it } from 'vitest';
import { ExprError, evaluate } from '../../../src/expr/index.js';

const vars = { x: 1, empty: '', zero: 0, none_val: null, d: { a: { b: 2 } }, list: [] as unknown[] };
const ev = (e: string): unknown => evaluate(e, vars);

describe('undefined variables (Ansible semantics)', () => {
  it('is an error to use an undefined variable', () => {
    expect(() => ev('foo')).toThrow(ExprError);
    expect(() => ev('foo')).toThrow("error in expression 'foo': 'foo' is undefined");
    expect(() => ev('foo + 1')).toThrow("'foo' is undefined");
    expect(() => ev("foo == 'x'")).toThrow("'foo' is undefined");
    expect(() => ev('foo | length')).toThrow("'foo' is undefined");
    expect(() => ev('foo | upper')).toThrow("'foo' is undefined");
    expect(() => ev('not foo')).toThrow("'foo' is undefined");
    expect(() => ev('x if foo else 2')).toThrow("'foo' is undefined");
  });
  it('is an error to use a missing attribute, naming it', () => {
    expect(() => ev('d.zz')).toThrow("'dict object' has no attribute 'zz'");
    expect(() => ev("d['zz'] + 1")).toThrow("'dict object' has no attribute 'zz'");
    expect(() => ev('list[3]')).toThrow('list object has no element 3');
    expect(() => ev('none_val.a')).toThrow("'None' has no attribute 'a'");
  });
  it('guards with is defined / is not defined / is undefined', () => {
    expect(ev('foo is defined')).toBe(false);
    expect(ev('foo is not defined')).toBe(true);
    expect(ev('foo is undefined')).toBe(true);
    expect(ev('x is defined')).toBe(true);
    expect(ev('none_val is defined')).toBe(true);
    expect(ev('d.a.b is defined')).toBe(true);
    expect(ev('d.a.zz is defined')).toBe(false);
    expect(ev('foo.bar.baz is defined')).toBe(false);
    expect(ev('foo is defined and foo > 1')).toBe(false);
  });
  it('guards with default / d', () => {
    expect(ev('foo | default(3)')).toBe(3);
    expect(ev('foo | d(3)')).toBe(3);
    expect(ev('foo | default')).toBe('');
    expect(ev('x | default(3)')).toBe(1);
    expect(ev('foo.bar | default([])')).toEqual([]);
    expect(ev("d.a.zz | default('z')")).toBe('z');
    expect(ev('(foo | default(2)) + 1')).toBe(3);
  });
  it('keeps falsy values under default unless boolean=true', () => {
    expect(ev("empty | default('e')")).toBe('');
    expect(ev("empty | default('e', true)")).toBe('e');
    expect(ev('zero | default(5, true)')).toBe(5);
    expect(ev("none_val | default('n')")).toBeNull();
    expect(ev("none_val | default('n', true)")).toBe('n');
    expect(ev("list | default(['a'], boolean=true)")).toEqual(['a']);
  });
  it('fails mandatory on undefined, with the custom message when given', () => {
    expect(ev('x | mandatory')).toBe(1);
    expect(() => ev('foo | mandatory')).toThrow("mandatory variable not defined: 'foo' is undefined");
    expect(() => ev("foo | mandatory('set foo in group_vars')")).toThrow('set foo in group_vars');
  });
  it('treats an undefined filter argument as an error', () => {
    expect(() => ev('[1] | join(sep)')).toThrow("'sep' is undefined");
  });
});

describe('undefined values inside results', () => {
  it('fails when a returned list or dict holds an undefined value', () => {
    expect(() => ev('[1, foo]')).toThrow("'foo' is undefined");
    expect(() => ev("{'a': foo}")).toThrow("'foo' is undefined");
    expect(() => ev("[d] | map(attribute='zz') | list")).toThrow("'dict object' has no attribute 'zz'");
    expect(ev('[1, foo | default(2)]')).toEqual([1, 2]);
    expect(ev('[foo] | length')).toBe(1);
  });
  it('fails when a result holds a bare method', () => {
    expect(() => ev("['a'.upper]")).toThrow("'upper' is a function: call it with ()");
  });
});
