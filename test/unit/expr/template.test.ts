import { describe, expect, it } from 'vitest';
import { evaluate, evaluateCondition, isTemplated, templateString, templateValue } from '../../../src/expr/index.js';

const vars = {
  home: '/opt/og',
  port: 5432,
  hosts: ['db1', 'db2'],
  flag: true,
  cfg: { a: 1 },
  empty: [] as unknown[],
  name: 'omm',
  off: 'false',
};

describe('isTemplated', () => {
  it('detects {{ and {% in strings, lists and dicts', () => {
    expect(isTemplated('{{ x }}')).toBe(true);
    expect(isTemplated('a {% if x %}b{% endif %}')).toBe(true);
    expect(isTemplated('plain')).toBe(false);
    expect(isTemplated('${#arr[@]} {#')).toBe(false);
    expect(isTemplated(['a', { b: 'x{{ y }}' }])).toBe(true);
    expect(isTemplated({ a: ['b', 1, null] })).toBe(false);
    expect(isTemplated(42)).toBe(false);
    expect(isTemplated(null)).toBe(false);
  });
});

describe('templateString', () => {
  it('returns the typed value of a lone expression', () => {
    expect(templateString('{{ port }}', vars)).toBe(5432);
    expect(templateString('{{ hosts }}', vars)).toEqual(['db1', 'db2']);
    expect(templateString('{{ cfg }}', vars)).toEqual({ a: 1 });
    expect(templateString('{{ flag }}', vars)).toBe(true);
    expect(templateString('{{ port + 1 }}', vars)).toBe(5433);
    expect(templateString('{{hosts|length}}', vars)).toBe(2);
    expect(templateString('{{ hosts }}\n', vars)).toEqual(['db1', 'db2']);
  });
  it('renders mixed text to a string, printing values as Python does', () => {
    expect(templateString('{{ home }}/data', vars)).toBe('/opt/og/data');
    expect(templateString('port={{ port }}', vars)).toBe('port=5432');
    expect(templateString('on={{ flag }}', vars)).toBe('on=True');
    expect(templateString('h={{ hosts }}', vars)).toBe("h=['db1', 'db2']");
    expect(templateString('{{ name }}:{{ name }}', vars)).toBe('omm:omm');
    expect(templateString(' {{ port }}', vars)).toBe(' 5432');
    expect(templateString('n={{ none }}', vars)).toBe('n=None');
  });
  it('returns text without templates unchanged', () => {
    expect(templateString('echo ${#a[@]}', vars)).toBe('echo ${#a[@]}');
    expect(templateString('', vars)).toBe('');
  });
  it('renders if/for/set blocks', () => {
    expect(templateString('{% if flag %}yes{% else %}no{% endif %}', vars)).toBe('yes');
    expect(templateString('{% if port > 9999 %}big{% elif port > 1000 %}mid{% endif %}', vars)).toBe('mid');
    expect(templateString('{% for h in hosts %}{{ h }}{% if not loop.last %},{% endif %}{% endfor %}', vars)).toBe('db1,db2');
    expect(templateString('{% for h in hosts %}{{ loop.index }}{% endfor %}', vars)).toBe('12');
    expect(templateString('{% for h in empty %}x{% else %}none{% endfor %}', vars)).toBe('none');
    expect(templateString('{% for k, v in cfg.items() %}{{ k }}={{ v }}{% endfor %}', vars)).toBe('a=1');
    expect(templateString('{% for h in hosts if h != "db1" %}{{ h }}{% endfor %}', vars)).toBe('db2');
    expect(templateString('{% set x = port * 2 %}{{ x }}', vars)).toBe('10864');
    expect(templateString('{% for h in hosts %}{% if h == "db2" %}{% break %}{% endif %}{{ h }}{% endfor %}', vars)).toBe('db1');
  });
  it('keeps a trailing newline of multi-line text', () => {
    expect(templateString('a={{ port }}\nb={{ name }}\n', vars)).toBe('a=5432\nb=omm\n');
  });
  it('supports raw blocks', () => {
    expect(templateString('{% raw %}{{ not_a_var }}{% endraw %} {{ name }}', vars)).toBe('{{ not_a_var }} omm');
  });
  it('reports errors naming the template', () => {
    expect(() => templateString('x={{ nope }}', vars)).toThrow("error in template 'x={{ nope }}': 'nope' is undefined");
    expect(() => templateString('x={{ port | nofilter }}', vars)).toThrow("no filter named 'nofilter'");
    expect(() => templateString('x={{ port', vars)).toThrow("syntax error in template 'x={{ port'");
  });
});

describe('templateValue', () => {
  it('renders strings deep inside lists and dicts', () => {
    const v = { path: '{{ home }}/data', list: ['{{ port }}', 'plain'], nested: { n: '{{ hosts | length }}' }, num: 3 };
    expect(templateValue(v, vars)).toEqual({ path: '/opt/og/data', list: [5432, 'plain'], nested: { n: 2 }, num: 3 });
    expect(v.path).toBe('{{ home }}/data');
  });
  it('returns untemplated values by reference', () => {
    const v = { a: ['x'], b: 1 };
    expect(templateValue(v, vars)).toBe(v);
    const partly = { t: '{{ port }}', same: { deep: [1] } };
    expect(templateValue(partly, vars).same).toBe(partly.same);
  });
  it('renders dict keys', () => {
    expect(templateValue({ '{{ name }}_dir': 1 }, vars)).toEqual({ omm_dir: 1 });
  });
  it('renders scalars', () => {
    expect(templateValue('{{ port }}', vars)).toBe(5432);
    expect(templateValue(7, vars)).toBe(7);
  });
});

describe('evaluateCondition', () => {
  it('evaluates bare expressions with Jinja truthiness', () => {
    expect(evaluateCondition('flag', vars)).toBe(true);
    expect(evaluateCondition('port > 6000', vars)).toBe(false);
    expect(evaluateCondition('empty', vars)).toBe(false);
    expect(evaluateCondition('hosts', vars)).toBe(true);
    expect(evaluateCondition("''", vars)).toBe(false);
    expect(evaluateCondition('cfg', vars)).toBe(true);
    expect(evaluateCondition('{}', vars)).toBe(false);
    expect(evaluateCondition('off', vars)).toBe(true);
    expect(evaluateCondition('off | bool', vars)).toBe(false);
  });
  it('treats a list as and', () => {
    expect(evaluateCondition(['flag', 'port == 5432'], vars)).toBe(true);
    expect(evaluateCondition(['flag', 'port == 1'], vars)).toBe(false);
    expect(evaluateCondition([], vars)).toBe(true);
  });
  it('accepts booleans', () => {
    expect(evaluateCondition(true, vars)).toBe(true);
    expect(evaluateCondition(false, vars)).toBe(false);
    expect(evaluateCondition([true, 'flag'], vars)).toBe(true);
  });
  it('accepts the templated form', () => {
    expect(evaluateCondition('{{ flag }}', vars)).toBe(true);
    expect(evaluateCondition('{{ port == 5432 }}', vars)).toBe(true);
    expect(evaluateCondition('{{ off }}', vars)).toBe(false);
    expect(evaluateCondition('{{ port }} == 5432', vars)).toBe(true);
    expect(evaluateCondition('{{ empty }}', vars)).toBe(false);
  });
  it('guards undefined variables', () => {
    expect(evaluateCondition('nope is defined', vars)).toBe(false);
    expect(evaluateCondition('nope is not defined', vars)).toBe(true);
    expect(evaluateCondition('nope | default(false)', vars)).toBe(false);
    expect(() => evaluateCondition('nope', vars)).toThrow("'nope' is undefined");
    expect(() => evaluateCondition(['flag', 'nope == 1'], vars)).toThrow("error in expression 'nope == 1': 'nope' is undefined");
  });
});

describe('evaluate with a {{ }}-wrapped expression', () => {
  it('means the same as the bare expression', () => {
    expect(evaluate('{{ port + 1 }}', vars)).toBe(5433);
    expect(evaluate(' {{ hosts }} ', vars)).toEqual(['db1', 'db2']);
    expect(() => evaluate('{{ a }} {{ b }}', vars)).toThrow('syntax error');
  });
});

describe('backslashes in string literals (as Ansible treats them)', () => {
  it('keeps them literal inside {{ }} of a template', () => {
    expect(templateString("{{ 'a\\nb' }}", {})).toBe('a\\nb');
    expect(templateString("{{ '7.6' | regex_replace('^(\\d+)\\.(\\d+)$', '\\2.\\1') }}", {})).toBe('6.7');
    expect(templateString("{{ 'a\\\\b' | length }}", {})).toBe(4);
  });
  it('reads them as Python escapes in {% %} tags and in bare expressions', () => {
    expect(templateString("{% if 'a\\nb' | length == 3 %}three{% endif %}", {})).toBe('three');
    expect(evaluate("'a\\nb'", {})).toBe('a\nb');
    expect(evaluate("'\\d+'", {})).toBe('\\d+');
    expect(evaluate("'7.6' | regex_replace('^(\\d+)\\.(\\d+)$', '\\\\2.\\\\1')", {})).toBe('6.7');
  });
});
