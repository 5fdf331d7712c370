import { describe, expect, it } from 'vitest';
import { checkExpression, checkTemplate } from '../../../src/expr/index.js';

describe('load-time checks', () => {
  it('accept valid expressions without needing variables', () => {
    expect(() => checkExpression('undefined_var | default(1) | int')).not.toThrow();
    expect(() => checkExpression("x is version('1.2', '>=') and y is not defined")).not.toThrow();
    expect(() => checkExpression("users | selectattr('a', 'eq', 1) | map(attribute='n') | list")).not.toThrow();
    expect(() => checkExpression("lookup('env', 'HOME')")).not.toThrow();
    expect(() => checkExpression('x | ansible.builtin.to_json')).not.toThrow();
    expect(() => checkExpression('{{ x | int }}')).not.toThrow();
    expect(() => checkExpression('{{ x | innt }}')).toThrow("no filter named 'innt'");
    expect(() => checkTemplate('plain text {#')).not.toThrow();
    expect(() => checkTemplate('{% for h in hosts %}{{ h | upper }}{% endfor %}')).not.toThrow();
  });
  it('reject unknown filters and tests, naming them', () => {
    expect(() => checkExpression('x | defualt(1)')).toThrow("error in expression 'x | defualt(1)': no filter named 'defualt'");
    expect(() => checkExpression('x is definde')).toThrow("no test named 'definde'");
    expect(() => checkExpression('x is not versoin("1")')).toThrow("no test named 'versoin'");
    expect(() => checkTemplate('a {{ [x] | map("uper") | list }} {{ x | lenght }}')).toThrow("no filter named 'lenght'");
    expect(() => checkTemplate('{% for h in hosts %}{{ h | upperr }}{% endfor %}')).toThrow("no filter named 'upperr'");
    expect(() => checkExpression("{'a': x | nope}")).toThrow("no filter named 'nope'");
  });
  it('reject unsupported lookups and blocks', () => {
    expect(() => checkExpression("lookup('file', '/tmp/x')")).toThrow("lookup plugin 'file' is not supported");
    expect(() => checkExpression("lookup('password', 'credentials/x length=8')")).not.toThrow();
    expect(() => checkTemplate('{% macro m() %}x{% endmacro %}')).toThrow("'{% macro %}' blocks are not supported");
  });
  it('reject syntax errors', () => {
    expect(() => checkExpression('x |')).toThrow("syntax error in expression 'x |'");
    expect(() => checkTemplate('{{ x ')).toThrow("syntax error in template '{{ x '");
  });
});
