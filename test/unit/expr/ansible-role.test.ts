/**
 * Expressions in the style of the Ansible original's role (ansible-for-openGauss), written here
 * from scratch: the constructs it relies on must evaluate to what Ansible gives.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateCondition, resolveVars, templateString, templateValue } from '../../../src/expr/index.js';

const facts = {
  ansible_architecture: 'x86_64',
  ansible_distribution: 'openEuler',
  ansible_distribution_major_version: '22',
  ansible_distribution_version: '22.03',
  ansible_swaptotal_mb: 2048,
  ansible_selinux: { status: 'disabled' },
};
const base = {
  ...facts,
  inventory_hostname: '127.0.0.21',
  groups: { opengauss: ['127.0.0.23', '127.0.0.21', '127.0.0.22'], opengauss_master: ['127.0.0.21'], opengauss_dn: ['127.0.0.21', '127.0.0.22'] },
  hostvars: { '127.0.0.21': { node_ip: '127.0.0.21', node_name: 'dn_6001' }, '127.0.0.22': { node_ip: '127.0.0.22', node_name: 'dn_6002' } },
  opengauss_version: '5.0.0',
  opengauss_home: '/opt/openGauss',
  opengauss_paths: { dataPath: '{{ opengauss_home }}/data', corePath: '{{ opengauss_home }}/corefile' },
  og_dl: 'https://mirror.invalid',
  opengauss_download: {
    x86_64: { openeuler_22: '{{ og_dl }}/{{ opengauss_version }}/x86/openGauss-{{ opengauss_version }}.tar.gz' },
  },
  og_all_nodes: "{{ groups['opengauss'] | sort }}",
  og_master: "{{ groups['opengauss_master'] | first }}",
  og_cm_enabled: "{{ (groups['opengauss'] | count) > 2 }}",
  og_hostname: "og{{ inventory_hostname | ipaddr('int') }}",
};
const vars = resolveVars(base);

describe("the original role's expressions", () => {
  it('resolves defaults that refer to other defaults and to inventory data', () => {
    expect(vars.og_all_nodes).toEqual(['127.0.0.21', '127.0.0.22', '127.0.0.23']);
    expect(vars.og_master).toBe('127.0.0.21');
    expect(vars.og_cm_enabled).toBe(true);
    expect(vars.og_hostname).toBe('og2130706453');
    expect(vars.opengauss_paths).toEqual({ dataPath: '/opt/openGauss/data', corePath: '/opt/openGauss/corefile' });
  });
  it('picks the package URL with a multi-line, nested-index expression', () => {
    const expr = `{{ opengauss_download
        [
          ansible_architecture
        ]
        [
          (
            ansible_distribution | replace(' ', '_') | lower
          ) + '_' + ansible_distribution_major_version
        ] | replace(opengauss_version, '5.0.1')
      }}`;
    expect(templateString(expr, vars)).toBe('https://mirror.invalid/5.0.1/x86/openGauss-5.0.1.tar.gz');
  });
  it('uses ternary with an undefined group in the branch not taken', () => {
    expect(evaluate("(groups['opengauss_ep'] is defined) | ternary(groups['opengauss_ep'], '') | sort", vars)).toEqual([]);
    expect(evaluate("(groups['opengauss_dn'] is defined) | ternary(groups['opengauss_dn'], '') | sort", vars)).toEqual(['127.0.0.21', '127.0.0.22']);
    expect(() => evaluate("true | ternary(groups['opengauss_ep'], '')", vars)).toThrow("'dict object' has no attribute 'opengauss_ep'");
  });
  it('evaluates a multi-line boolean with a filter on a parenthesised condition', () => {
    const expr = `{{
      (
        (groups['opengauss_cm'] is not defined)
          and
        (groups['opengauss_dn'] | count ) < 3
      )
      |
      ternary(
        false,
        true
      )
    }}`;
    expect(templateString(expr, vars)).toBe(false);
  });
  it('renders loops with whitespace control and loop.nextitem, as in a folded YAML scalar', () => {
    const text =
      "{%- for node in (groups['opengauss_dn'] | sort) -%} {{ hostvars[node]['node_ip'] }}{{ (loop.nextitem is defined) | ternary(',', '') }} {%- endfor -%}";
    expect(templateString(text, vars)).toBe('127.0.0.21,127.0.0.22');
    const withIf =
      "{{ opengauss_paths.dataPath }}/dn {%- for node in (groups['opengauss_dn'] | sort) if (hostvars[node]['node_ip'] != og_master) -%} ,{{ hostvars[node]['node_name'] }},{{ opengauss_paths.dataPath }}/dn {%- endfor -%}";
    expect(templateString(withIf, vars)).toBe('/opt/openGauss/data/dn,dn_6002,/opt/openGauss/data/dn');
  });
  it('renders an /etc/hosts block from a literal block scalar', () => {
    const block = "{% for node in og_all_nodes %}\n{{ node }}  og{{ node | ipaddr('int') }} og-{{ node | replace('.', '-') }}\n{% endfor %}\n";
    expect(templateString(block, vars)).toBe(
      '127.0.0.21  og2130706453 og-127-0-0-21\n127.0.0.22  og2130706454 og-127-0-0-22\n127.0.0.23  og2130706455 og-127-0-0-23\n',
    );
  });
  it('splits status lines the way the role does', () => {
    const line = '1  127.0.0.21  6001  /opt/openGauss/data/dn  P Primary Normal';
    expect(evaluate("line | regex_replace(' {1,}', '|') | split('|')", { line })).toEqual([
      '1',
      '127.0.0.21',
      '6001',
      '/opt/openGauss/data/dn',
      'P',
      'Primary',
      'Normal',
    ]);
    expect(evaluateCondition("(opengauss_paths.dataPath + '/dn') in line", { ...vars, line })).toBe(true);
  });
  it("evaluates the role's when: lists", () => {
    const gs = { rc: 0, failed: false, changed: false, stdout: 'cluster_state : Degraded\nnode down' };
    expect(
      evaluateCondition(['gs_detail is succeeded', 'gs_detail.stdout | regex_search(keywords, multiline=True, ignorecase=True)'], {
        gs_detail: gs,
        keywords: '(repair|down)',
      }),
    ).toBe(true);
    expect(evaluateCondition(["groups['opengauss_cm'] is not defined", 'og_cm_enabled'], vars)).toBe(true);
    expect(evaluateCondition(["ansible_selinux.status != 'disabled'"], vars)).toBe(false);
    expect(evaluateCondition(['ansible_swaptotal_mb > 0'], vars)).toBe(true);
    expect(evaluateCondition('swap_lines is truthy', { swap_lines: [] })).toBe(false);
  });
  it('templates task arguments', () => {
    expect(
      templateValue({ cmd: 'gs_ctl switchover -D {{ opengauss_paths.dataPath }}/dn', timeout: "{{ (groups['opengauss_dn'] | count) * 300 }}" }, vars),
    ).toEqual({
      cmd: 'gs_ctl switchover -D /opt/openGauss/data/dn',
      timeout: 600,
    });
    expect(evaluate("groups['opengauss_dn'] | reject('search', '22') | sort(reverse=True)", vars)).toEqual(['127.0.0.21']);
    // Python's hashlib.md5(str(['opengauss', 'opengauss_master']).encode()).hexdigest()
    expect(evaluate("group_names | hash('md5')", { group_names: ['opengauss', 'opengauss_master'] })).toBe('b6287a2f27ab4a49782e898c04459056');
  });
});

describe('ipaddr', () => {
  it('answers the common queries', () => {
    expect(evaluate("'10.1.2.3' | ipaddr('int')", {})).toBe(167838211);
    expect(evaluate("'10.1.2.3' | ipaddr", {})).toBe('10.1.2.3');
    expect(evaluate("'bogus' | ipaddr", {})).toBe(false);
    expect(evaluate("'10.1.2.3/24' | ipaddr('address')", {})).toBe('10.1.2.3');
    expect(evaluate("'10.1.2.3/24' | ipaddr('network')", {})).toBe('10.1.2.0');
    expect(evaluate("'10.1.2.3/24' | ipaddr('netmask')", {})).toBe('255.255.255.0');
    expect(evaluate("'10.1.2.3/24' | ipaddr('broadcast')", {})).toBe('10.1.2.255');
    expect(evaluate("'10.1.2.3/24' | ipaddr('prefix')", {})).toBe(24);
    expect(evaluate("'10.1.2.3' | ipaddr('private')", {})).toBe('10.1.2.3');
    expect(evaluate("'8.8.8.8' | ipaddr('private')", {})).toBe(false);
    expect(evaluate("['x', '10.0.0.1', '::1'] | ipv4", {})).toEqual(['10.0.0.1']);
    expect(evaluate("['x', '10.0.0.1', '::1'] | ipv6", {})).toEqual(['::1']);
    expect(() => evaluate("'10.0.0.1' | ipaddr('frob')", {})).toThrow("unsupported query 'frob'");
  });
});

describe('collection-qualified names', () => {
  it('accepts ansible.builtin / ansible.utils prefixes on filters and tests', () => {
    expect(evaluate("{'a': 1} | ansible.builtin.to_json", {})).toBe('{"a": 1}');
    expect(evaluate("'1.2.3.4' | ansible.utils.ipaddr('int')", {})).toBe(16909060);
    expect(evaluate("'1.2' is ansible.builtin.version('1.1', '>')", {})).toBe(true);
    expect(evaluate("'1.2' is not ansible.builtin.version('1.1', '>')", {})).toBe(false);
    expect(() => evaluate('1 | acme.tools.frob', {})).toThrow("no filter named 'acme.tools.frob'");
  });
});

describe('to_yaml', () => {
  it('sorts keys and writes leaf collections in flow style, like PyYAML', () => {
    expect(evaluate("{'b': 2, 'a': 1} | to_yaml", {})).toBe('{a: 1, b: 2}\n');
    expect(evaluate("{'a': [1, 2], 'c': {'d': 'x y', 'e': none}} | to_yaml", {})).toBe('a: [1, 2]\nc: {d: x y, e: null}\n');
  });
  it('writes block style for to_nice_yaml', () => {
    expect(evaluate("{'k': [{'x': 1}], 'a': 1} | to_nice_yaml(indent=2)", {})).toBe('a: 1\nk:\n- x: 1\n');
  });
});
