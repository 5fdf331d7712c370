/** Shared variables and template texts rendered both by afo and by Ansible's Templar. */
export const VARS = {
  n: 7,
  f: 2.5,
  s: 'Hello World',
  empty: '',
  zero: 0,
  none_val: null,
  t: true,
  l: [3, 1, 2, 3],
  words: ['b', 'A', 'c'],
  d: { b: 2, a: 1 },
  nested: { a: { x: 1, y: [1] }, b: 1 },
  users: [
    { name: 'omm', uid: 1001, enabled: true, groups: ['dbgrp'] },
    { name: 'root', uid: 0, enabled: false, groups: ['root', 'wheel'] },
    { name: 'app', uid: 1002, enabled: true, groups: [] },
  ],
  path: '/opt/og/data/postgresql.conf',
  ver: '7.6.1810',
  inventory_hostname: 'db1',
  groups: { all: ['db1', 'db2', 'db3'], opengauss_standby: ['db2', 'db3'] },
  hostvars: { db1: { ansible_host: '127.0.0.11', port: 5432 }, db2: { ansible_host: '127.0.0.12' } },
  res_ok: { rc: 0, changed: true, failed: false, stdout: 'cluster_state : Normal', stdout_lines: ['a', 'b'] },
  res_bad: { rc: 1, changed: false, failed: true, stdout: '' },
  res_skip: { changed: false, skipped: true },
  line: '1  127.0.0.21  6001  /opt/og/data/dn  P Primary Normal',
};

/** Variables that refer to each other (Ansible resolves them lazily; afo with resolveVars). */
export const LAZY_VARS = {
  home: '/opt',
  paths: { data: '{{ home }}/data', logs: ['{{ home }}/log', 1] },
  num: '{{ 1 + 2 }}',
  chain: '{{ paths.data }}/x',
  cnt: '{{ paths.logs | length }}',
  cyc_a: '{{ cyc_b }}',
  cyc_b: '{{ cyc_a }}',
  self_ref: '{{ self_ref }}x',
  undef_ref: '{{ missing }}/x',
  guarded: "{{ missing | default('d') }}",
  bad_syntax: '{{ 1 + }}',
  uses_undef: '{{ undef_ref }}-y',
  hosts: ['db1', 'db2'],
  first_host: '{{ hosts | first }}',
  cm: '{{ (hosts | count) > 2 }}',
};

export const LAZY_CASES: string[] = Object.keys(LAZY_VARS).flatMap((name) => [
  `{{ ${name} }}`,
  `{{ ${name} is defined }}`,
  `{{ ${name} | default('D') }}`,
  `v={{ ${name} }}`,
]);
