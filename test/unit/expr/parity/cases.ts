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

/** Each is rendered by both; results must be equal (or both must fail). */
export const CASES: string[] = [
  // literals and arithmetic
  '{{ 42 }}', '{{ -4 }}', '{{ 3.25 }}', "{{ 'a' 'b' }}", '{{ [1, "a", [true]] }}', "{{ {'k': [1, none]} }}",
  '{{ n + 1 }}', '{{ n - 10 }}', '{{ n * 2 }}', '{{ n / 2 }}', '{{ n // 2 }}', '{{ -7 // 2 }}', '{{ n % 3 }}', '{{ -7 % 3 }}',
  '{{ 2 ** 10 }}', '{{ (n + 1) * 2 }}', '{{ n + 1 * 2 }}', "{{ s + '!' }}", '{{ l + [4] }}', "{{ 'ab' * 3 }}",
  "{{ '%s-%d' % ('a', 5) }}", "{{ '%05d' % n }}", "{{ '%.2f' % f }}", "{{ s ~ '-' ~ n }}", "{{ 'x' ~ t ~ none_val }}", "{{ 'l=' ~ l }}",
  '{{ -n }}', '{{ n + 1 is odd }}',
  // comparisons and logic
  '{{ n > 5 }}', "{{ 'abc' < 'abd' }}", '{{ [1, 2] < [1, 3] }}', '{{ l == [3, 1, 2, 3] }}', "{{ d == {'a': 1, 'b': 2} }}", '{{ 1 == 1.0 }}',
  "{{ n == '7' }}", '{{ 1 < n < 10 }}', '{{ 1 < n < 5 }}', '{{ n and s }}', '{{ empty or s }}', '{{ empty and undefined_thing }}',
  '{{ not empty }}', '{{ not n > 5 }}', '{{ 2 in l }}', '{{ 5 not in l }}', "{{ 'ell' in s }}", "{{ 'a' in d }}",
  "{{ 'db2' in groups['opengauss_standby'] }}", "{{ 'big' if n > 5 else 'small' }}", "{{ 'a' if false else 'b' if true else 'c' }}",
  // access
  '{{ d.a }}', "{{ nested['a']['y'][0] }}", '{{ hostvars[inventory_hostname].ansible_host }}', "{{ hostvars['db1']['port'] + 1 }}",
  '{{ groups.all[0] }}', '{{ l[-1] }}', '{{ l.1 }}', '{{ l[1:] }}', '{{ l[:2] }}', '{{ l[::-1] }}', '{{ s[0] }}', '{{ s[1:3] }}', '{{ s[-3:] }}',
  // methods
  "{{ s.startswith('He') }}", "{{ s.endswith(('x', 'ld')) }}", "{{ 'a,b,,c'.split(',') }}", "{{ '  a  b '.split() }}", "{{ 'a=b=c'.split('=', 1) }}",
  "{{ '  x '.strip() }}", "{{ 'xxhixx'.strip('x') }}", '{{ s.lower() }}', '{{ s.upper() }}', "{{ s.replace('l', 'L') }}", "{{ s.replace('l', 'L', 1) }}",
  "{{ s.find('l') }}", "{{ ','.join(words) }}", "{{ '{}-{}'.format('a', 1) }}", "{{ '123'.isdigit() }}", "{{ d.get('a') }}", "{{ d.get('zz', 'x') }}",
  '{{ d.keys() | list }}', '{{ d.items() | list }}', '{{ l.index(2) }}', '{{ l.count(3) }}', '{{ range(3) | list }}', '{{ range(1, 7, 2) | list }}',
  "{{ dict(a=1, b='x') }}",
  // undefined handling
  '{{ foo | default(3) }}', '{{ foo | d(3) }}', '{{ foo | default }}', '{{ foo.bar | default([]) }}', "{{ empty | default('e') }}",
  "{{ empty | default('e', true) }}", '{{ zero | default(5, true) }}', "{{ none_val | default('n') }}", '{{ foo is defined }}',
  '{{ foo.bar.baz is defined }}', '{{ d.a is defined }}', '{{ d.zz is undefined }}', '{{ foo }}', '{{ d.zz + 1 }}', '{{ foo | upper }}',
  "{{ (groups['ep'] is defined) | ternary(groups['ep'], '') | sort }}",
  // string filters
  '{{ s | lower }}', '{{ s | upper }}', "{{ '  x  ' | trim }}", "{{ 'hello world' | capitalize }}", "{{ 'hello world' | title }}",
  "{{ s | replace('o', '0') }}",
  // backslashes are literal inside {{ }} (Ansible doubles them), Python escapes in {% %}
  "{{ ver | regex_replace('^(\\d+)\\.(\\d+).*$', '\\2.\\1') }}", "{{ 'a-b-c' | regex_replace('-', '_') }}",
  "{{ 'k=v' | regex_replace('(?P<k>\\w+)=(?P<v>\\w+)', '\\g<v>=\\g<k>') }}", "{{ 'ABC' | regex_replace('b', 'x', ignorecase=true) }}",
  "{{ 'version 12.3' | regex_search('\\d+\\.\\d+') }}", "{{ 'v=12.3' | regex_search('(\\d+)\\.(\\d+)', '\\2', '\\1') }}",
  "{{ 'a1b22c333' | regex_findall('\\d+') }}", "{{ 'k1=v1 k2=v2' | regex_findall('(\\w+)=(\\w+)') }}", "{{ 'a.b' | regex_escape }}",
  "{{ ver | regex_replace('^(\\\\d+)', 'x') }}", "{{ 'a\\nb' }}", "{{ 'a\\nb' | length }}", "{{ 'a\\\\b' | length }}", "{{ 'q\\'s' }}",
  "{% if 'a\\nb' | length == 3 %}three{% else %}other{% endif %}", "{% if 'a\\db' | length == 4 %}kept{% else %}other{% endif %}",
  "{{ \"it's\" }}",
  "{{ 'a,b,c' | split(',') }}", "{{ words | join(',') }}", '{{ l | join }}', "{{ users | join(', ', attribute='name') }}",
  "{{ line | regex_replace(' {1,}', '|') | split('|') }}",
  '{{ path | basename }}', '{{ path | dirname }}', "{{ '/opt/og/' | basename }}", '{{ path | splitext }}',
  "{{ 'simple' | quote }}", "{{ 'two words' | quote }}", "{{ 'a b' | quote }} x", "{{ 'hello' | b64encode }}", "{{ 'aGVsbG8=' | b64decode }}",
  "{{ 'abc' | hash('sha256') }}", "{{ 'abc' | hash('md5') }}", "{{ 'abc' | checksum }}", "{{ words | hash('md5') }}",
  // conversions
  "{{ '42' | int }}", "{{ ' 08 ' | int }}", "{{ '3.9' | int }}", '{{ 3.9 | int }}', "{{ 'abc' | int }}", "{{ 'abc' | int(5) }}",
  "{{ '0x1A' | int(base=16) }}", '{{ t | int }}', "{{ '2.5' | float }}", '{{ n | string }}', '{{ t | string }}', "{{ [1, 'a'] | string }}",
  "{{ 'yes' | bool }}", "{{ 'on' | bool }}", "{{ 'False' | bool }}", "{{ 'x' | bool }}", '{{ 1 | bool }}',
  '{{ l | length }}', '{{ s | length }}', '{{ d | length }}', '{{ l | count }}', '{{ -3 | abs }}', '{{ 2.567 | round(2) }}',
  '{{ 2.5 | round }}', '{{ 3.5 | round }}', "{{ 2.1 | round(0, 'ceil') }}", "{{ (n > 5) | ternary('big', 'small') }}",
  '{{ d | to_json }}', '{{ [1, "a", none, true] | to_json }}', '{{ d | to_nice_json }}', '{{ \'{"a": [1, 2]}\' | from_json }}',
  "{{ 'a: 1' | from_yaml }}", '{{ n | type_debug }}', '{{ s | type_debug }}',
  // lists
  '{{ l | first }}', '{{ l | last }}', '{{ l | reverse | list }}', '{{ l | unique | list }}', '{{ l | sort }}', '{{ l | sort(reverse=true) }}',
  '{{ words | sort }}', "{{ users | sort(attribute='uid') | map(attribute='name') | list }}", "{{ 'ab' | list }}", '{{ d | list }}',
  "{{ users | map(attribute='name') | list }}", "{{ words | map('upper') | list }}", "{{ ['1', '2'] | map('int') | list }}",
  "{{ ['a', 'b'] | map('regex_replace', '^', 'x-') | list }}", "{{ l | select('odd') | list }}", "{{ l | reject('odd') | list }}",
  "{{ l | select('gt', 1) | list }}", "{{ [0, 1, '', 'a'] | select | list }}", "{{ users | selectattr('enabled') | map(attribute='name') | list }}",
  "{{ users | rejectattr('enabled') | map(attribute='name') | list }}", "{{ users | selectattr('uid', 'gt', 1001) | map(attribute='name') | list }}",
  "{{ users | selectattr('name', 'equalto', 'omm') | list | length }}", "{{ users | selectattr('name', 'in', ['omm', 'app']) | map(attribute='uid') | list }}",
  '{{ l | min }}', '{{ l | max }}', '{{ l | sum }}', "{{ users | sum(attribute='uid') }}", "{{ (users | max(attribute='uid')).name }}",
  "{{ [1, 2] | zip(['a', 'b']) | list }}", '{{ [1, [2, [3, [4]]]] | flatten }}', '{{ [1, [2, [3]]] | flatten(levels=1) }}',
  '{{ [1, 2, 3] | difference([2]) }}', '{{ [1, 2] | union([2, 3]) }}', '{{ [1, 2, 3] | intersect([3, 2, 9]) }}', '{{ [1, 2] | symmetric_difference([2, 3]) }}',
  "{{ ['db1', 'db2'] | map('extract', hostvars, 'ansible_host') | list }}",
  // dicts
  '{{ d | dict2items }}', "{{ d | dict2items(key_name='k', value_name='v') }}", "{{ [{'key': 'x', 'value': 1}] | items2dict }}",
  "{{ users | items2dict(key_name='name', value_name='uid') }}", "{{ nested | combine({'a': {'y': [2]}}) }}",
  "{{ nested | combine({'a': {'y': [2]}}, recursive=True) }}", "{{ nested | combine({'a': {'y': [2]}}, recursive=true, list_merge='append') }}",
  "{{ {'a': 1} | combine({'b': 2}, {'a': 3}) }}", '{{ d | dictsort }}', "{{ users | subelements('groups') | map('last') | list }}",
  // tests
  '{{ none_val is none }}', '{{ s is string }}', '{{ n is number }}', '{{ f is number }}', '{{ n is integer }}', '{{ f is float }}', '{{ t is boolean }}',
  '{{ d is mapping }}', '{{ l is sequence }}', '{{ s is iterable }}', '{{ n is iterable }}', "{{ s is match('He') }}", "{{ s is match('ello') }}",
  "{{ s is search('ello') }}", "{{ s is regex('^H.*d$') }}", '{{ 1 is in l }}', '{{ l is contains 2 }}', "{{ s is truthy }}", "{{ empty is falsy }}",
  "{{ ver is version('7.5', '>=') }}", "{{ ver is version('7.10', '<') }}", "{{ '1.10' is version_compare('1.9', '>') }}", "{{ ver is version('7.6.1810') }}",
  '{{ n is equalto 7 }}', '{{ n is eq(7) }}', '{{ n is ne(7) }}', '{{ n is lt 8 }}', '{{ n is gt(8) }}', '{{ n is le(7) }}', '{{ n is ge 8 }}',
  '{{ t is sameas true }}', '{{ n is divisibleby 7 }}', '{{ n is even }}', '{{ n is odd }}', '{{ [1] is subset(l) }}', '{{ l is superset([2]) }}',
  '{{ res_ok is succeeded }}', '{{ res_ok is failed }}', '{{ res_ok is changed }}', '{{ res_bad is failed }}', '{{ res_bad is success }}',
  '{{ res_skip is skipped }}', '{{ n is frobnicated }}', '{{ n | frobnicate }}',
  // templates with text and blocks
  'port={{ hostvars.db1.port }}', 'on={{ t }}', "h={{ groups['all'] }}", "d={{ {'a': 1} }}", 'n={{ none_val }}',
  '{% if t %}yes{% else %}no{% endif %}', '{% for h in groups.all %}{{ h }}{% if not loop.last %},{% endif %}{% endfor %}',
  '{% for h in groups.all %}{{ loop.index }}{{ loop.revindex }}{% endfor %}', '{% for h in [] %}x{% else %}none{% endfor %}',
  '{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}', '{% for h in groups.all if h != "db1" %}{{ h }}{% endfor %}',
  '{% set x = n * 2 %}{{ x }}', "{%- for h in (groups['all'] | sort) -%} {{ h }}{{ (loop.nextitem is defined) | ternary(',', '') }} {%- endfor -%}",
  'a={{ n }}\nb={{ s }}\n', "{% raw %}{{ x }}{% endraw %} {{ n }}",
];

/** `when:` values (a string or a list), evaluated by both; results must be equal or both fail. */
export const CONDITIONS: (string | string[])[] = [
  't', 'n', 'zero', 'empty', 'none_val', 'l', 'd', "{'a': 1} == d", '[]', "''", 'nope', 'nope is defined', 'nope is not defined',
  'nope | default(false)', 'nope.x is defined', 'n > 5', 'n > 5 and s is string', "ver is version('7', '>=')",
  "'Normal' in res_ok.stdout", 'res_ok is succeeded', 'res_bad is failed', 'res_ok.rc == 0 and res_ok is changed',
  "res_ok.stdout is search('Normal')", "res_ok.stdout_lines | select('match', 'a') | list", "'db2' in groups['opengauss_standby']",
  "inventory_hostname == groups['all'][0]", 'hostvars[inventory_hostname].port == 5432', "hostvars['db2'].port is defined",
  '{{ t }}', '{{ n > 5 }}', '{{ empty }}', '{{ n }} > 5', "{{ s }} == 'x'", 'not t', 'not (n > 5 or empty)',
  ['t', 'n > 5'], ['t', 'n > 50'], ['nope is not defined', 't'], ['t', 'nope'], ["'a\\nb' | length == 3"], ["'\\d' | length == 2"],
  'n is divisibleby 7', "s | regex_search('W.r')", "s | regex_search('xyz')", 'l | length > 3', "(l | select('gt', 2) | list) == [3, 3]",
];

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
