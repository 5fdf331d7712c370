import { describe, expect, it } from 'vitest';
import { evaluate, evaluateCondition, isTemplated, resolveVars, templateString, templateValue } from '../../../src/expr/index.js';

/** Vars whose hostvars contain the vars themselves, as an engine building hostvars may do. */
function cyclicVars(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const vars: Record<string, unknown> = { inventory_hostname: 'db1', port: 5432, ...extra };
  vars.hostvars = { db1: vars };
  return vars;
}

describe('cyclic variables', () => {
  it('evaluates through a cycle', () => {
    const vars = cyclicVars();
    expect(evaluate('hostvars[inventory_hostname].port', vars)).toBe(5432);
    expect(evaluate('hostvars.db1.hostvars.db1.port + 1', vars)).toBe(5433);
  });
  it('checks and renders cyclic structures without recursing forever', () => {
    const vars = cyclicVars({ t: '{{ port }}' });
    expect(isTemplated(vars)).toBe(true);
    const out = resolveVars(vars);
    expect(out.t).toBe(5432);
    expect(templateValue({ a: '{{ port }}', h: vars.hostvars }, vars).a).toBe(5432);
  });
  it('prints a value containing itself the way Python does', () => {
    const l: unknown[] = [1];
    l.push(l);
    expect(templateString('x={{ l }}', { l })).toBe('x=[1, [...]]');
    expect(() => evaluate('l | to_json', { l })).toThrow('Circular reference detected');
  });
});

describe('delimiters inside strings', () => {
  it('keeps }} and {% inside string literals', () => {
    expect(templateString("{{ '}}' }}", {})).toBe('}}');
    expect(templateString("a {{ '{%' }} b", {})).toBe('a {% b');
    expect(templateString('{{ "{{" ~ x ~ "}}" }}', { x: 1 })).toBe('{{1}}');
    expect(evaluate("{'a': {'b': 1}}", {})).toEqual({ a: { b: 1 } });
    expect(templateString("{{ {'a': {'b': 1}} }}", {})).toEqual({ a: { b: 1 } });
  });
});

describe('conditions edge cases', () => {
  it('treats an empty when: as no condition', () => {
    expect(evaluateCondition(null as unknown as string, {})).toBe(true);
  });
  it('reads multi-line folded conditions', () => {
    expect(evaluateCondition('x > 1\n  and\n  y\n', { x: 2, y: true })).toBe(true);
  });
});

describe('lookup by collection name', () => {
  it('accepts ansible.builtin.env', () => {
    process.env.AFO_EXPR_FQ = 'v';
    expect(evaluate("lookup('ansible.builtin.env', 'AFO_EXPR_FQ')", {})).toBe('v');
  });
});

describe('numbers', () => {
  it('uses JS numbers: integral floats print without .0 (a known difference from Python)', () => {
    expect(templateString('{{ 10 / 4 }}', {})).toBe(2.5);
    expect(templateString('r={{ 10 / 2 }}', {})).toBe('r=5');
    expect(templateString('r={{ 0.1 + 0.2 }}', {})).toBe('r=0.30000000000000004');
  });
});
