import { describe, expect, it } from 'vitest';
import { evaluate, resolveVars, templateString } from '../../../src/expr/index.js';

describe('resolveVars', () => {
  it('renders values that refer to other variables, in any order', () => {
    const out = resolveVars({
      opengauss_paths: { dataPath: '{{ opengauss_home }}/data', logPath: '{{ opengauss_home }}/log' },
      opengauss_home: '{{ base }}/og',
      base: '/opt',
      port: 5432,
      ports: '{{ [port, port + 1] }}',
    });
    expect(out).toEqual({
      opengauss_paths: { dataPath: '/opt/og/data', logPath: '/opt/og/log' },
      opengauss_home: '/opt/og',
      base: '/opt',
      port: 5432,
      ports: [5432, 5433],
    });
  });
  it('returns untemplated values by reference and does not mutate the input', () => {
    const big = { deep: { list: [1, 2, 3] } };
    const input = { big, t: '{{ big.deep.list | length }}' };
    const out = resolveVars(input);
    expect(out.big).toBe(big);
    expect(out.t).toBe(3);
    expect(input.t).toBe('{{ big.deep.list | length }}');
    expect(out).not.toBe(input);
  });
  it('detects cycles and reports them when the variable is used', () => {
    const out = resolveVars({ a: '{{ b }}', b: '{{ a }}', c: 1, self: 'x{{ self }}' });
    expect(out.c).toBe(1);
    expect(() => evaluate('a', out)).toThrow("recursive loop detected in 'a'");
    expect(() => templateString('{{ self }}', out)).toThrow("recursive loop detected in 'self'");
    // Unlike an undefined reference, a loop cannot be guarded (Ansible fails here too).
    expect(() => evaluate('a is defined', out)).toThrow("recursive loop detected in 'a'");
    expect(() => evaluate('b | default(1)', out)).toThrow('recursive loop detected');
    expect(() => evaluate("{'k': out_of_loop} | length", { ...out, out_of_loop: 1 })).not.toThrow();
  });
  it('leaves a value with an undefined reference undefined, failing only when used', () => {
    const out = resolveVars({ later: '{{ set_by_task }}/x', ok: 'fine' });
    expect(out.ok).toBe('fine');
    expect(evaluate('later is defined', out)).toBe(false);
    expect(evaluate("later | default('d')", out)).toBe('d');
    expect(() => evaluate('later', out)).toThrow("'set_by_task' is undefined (in the value of 'later')");
  });
  it('fails any use of a variable whose template is broken, but not of the others', () => {
    const out = resolveVars({ bad: '{{ 1 + }}', ok: 1, uses_bad: '{{ bad }}x' });
    expect(evaluate('ok', out)).toBe(1);
    expect(() => evaluate('bad is defined', out)).toThrow('syntax error');
    expect(() => evaluate('uses_bad | default(0)', out)).toThrow('syntax error');
  });
  it('lets a template guard another variable with default', () => {
    const out = resolveVars({ x: "{{ missing | default('m') }}-{{ y }}", y: 2 });
    expect(out.x).toBe('m-2');
  });
  it('resolves a chain once per call (shared references are rendered once)', () => {
    const out = resolveVars({ a: '{{ b }}{{ b }}', b: '{{ c | upper }}', c: 'q' });
    expect(out.a).toBe('QQ');
    expect(out.b).toBe('Q');
  });
});
