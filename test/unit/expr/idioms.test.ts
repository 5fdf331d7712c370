/** Everyday Ansible idioms, each with the value Ansible gives. */
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateCondition, templateString } from '../../../src/expr/index.js';

const vars = {
  item: ['a', 'b'],
  x: '41',
  flag: '',
  ansible_os_family: 'RedHat',
  ansible_distribution_major_version: '8',
  inventory_hostname: 'db1',
  groups: { db: ['db1', 'db2'] },
  hostvars: { db1: { ansible_host: '127.0.0.5' }, db2: {} },
  result: { rc: 1, stdout: 'cluster_state : Normal', stderr: 'role already exists', stdout_lines: ['  node1 ok', 'summary', ' node2 ok'] },
  keys: ['k1', 'k2'],
  values: [1, 2],
  users: [{ name: 'omm' }, { name: 'app' }],
  version_out: 'gsql (openGauss 5.0.1 build 33b035fd)',
};
const ev = (e: string): unknown => evaluate(e, vars);

describe('idioms', () => {
  it('indexes loop items', () => {
    expect(templateString('{{ item.0 }}-{{ item.1 }}', vars)).toBe('a-b');
  });
  it('casts and computes', () => {
    expect(templateString('{{ (x | int) + 1 }}', vars)).toBe(42);
    expect(templateString('{{ x | int + 1 }}', vars)).toBe(42);
    expect(ev('x | string | length')).toBe(2);
    expect(ev("'%-4s|' % 'ab'")).toBe('ab  |');
  });
  it('chooses values', () => {
    expect(ev("'yes' if flag else 'no'")).toBe('no');
    expect(ev("flag | default('dflt', true)")).toBe('dflt');
    expect(ev('hostvars[inventory_hostname].ansible_host | default(inventory_hostname)')).toBe('127.0.0.5');
    expect(ev("hostvars['db2'].ansible_host | default('db2')")).toBe('db2');
  });
  it('evaluates the usual conditions', () => {
    expect(evaluateCondition("ansible_os_family == 'RedHat' and ansible_distribution_major_version | int >= 7", vars)).toBe(true);
    expect(evaluateCondition("inventory_hostname == groups['db'][0]", vars)).toBe(true);
    expect(evaluateCondition('result.stdout.find("Normal") != -1', vars)).toBe(true);
    expect(evaluateCondition("'already' not in result.stderr", vars)).toBe(false);
    expect(evaluateCondition("result.rc != 0 and 'exists' not in result.stderr", vars)).toBe(false);
    expect(evaluateCondition("result.stdout is search('Normal')", vars)).toBe(true);
  });
  it('extracts from command output', () => {
    expect(ev("version_out | regex_search('openGauss (\\\\d+\\\\.\\\\d+\\\\.\\\\d+)', '\\\\1') | first")).toBe('5.0.1');
    expect(ev("result.stdout_lines | select('match', '^\\\\s*node') | map('trim') | list")).toEqual(['node1 ok', 'node2 ok']);
    expect(ev("(result.stdout | split(':'))[1] | trim")).toBe('Normal');
  });
  it('builds dicts and JSON', () => {
    expect(ev('dict(keys | zip(values))')).toEqual({ k1: 1, k2: 2 });
    expect(ev("users | map(attribute='name') | list | to_json")).toBe('["omm", "app"]');
    expect(ev("{'a': 1}.items() | list")).toEqual([['a', 1]]);
  });
  it('reports unsupported lookups and globals clearly', () => {
    expect(() => ev("query('dict', {'a': 1})")).toThrow("lookup plugin 'dict' is not supported");
    expect(() => ev('now()')).toThrow("'now' is undefined");
  });
});
