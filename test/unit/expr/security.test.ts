import { describe, expect, it } from 'vitest';
import { ExprError, evaluate, templateString, templateValue } from '../../../src/expr/index.js';

const vars = { x: 'text', n: 1, d: { a: 1 }, l: [1] };

function blocked(expr: string): void {
  let result: unknown;
  try {
    result = evaluate(expr, vars);
  } catch (err) {
    expect(err).toBeInstanceOf(ExprError);
    return;
  }
  // Inert results are acceptable only if they are plain data, never a JS function or object.
  expect(typeof result).not.toBe('function');
  expect(result === null || ['string', 'number', 'boolean'].includes(typeof result)).toBe(true);
}

describe('sandbox', () => {
  it('gives no access to constructors or prototypes', () => {
    for (const e of [
      "''.constructor",
      'x.constructor',
      "x.constructor.constructor('return process')()",
      "''.constructor.constructor('return process')()",
      'n.constructor',
      'd.constructor',
      'd.__proto__',
      "d['__proto__']",
      "d['constructor']['constructor']('return 1')()",
      'l.__proto__',
      "l['constructor']",
      'l.map',
      'x.__class__',
      'x.__class__.__mro__',
      "x['toString']()",
      'd.toString()',
      'd.hasOwnProperty',
      'range.constructor',
      'lookup.call',
      '(x | list).constructor',
      'process',
      'globalThis',
      'require',
      'this',
    ]) {
      blocked(e);
    }
  });
  it('reports such access as an undefined attribute, not as a JS failure', () => {
    expect(() => evaluate("x.constructor.constructor('return process')()", vars)).toThrow("'str object' has no attribute 'constructor'");
    expect(() => evaluate('d.__proto__', vars)).toThrow("'dict object' has no attribute '__proto__'");
    expect(() => evaluate('process', vars)).toThrow("'process' is undefined");
  });
  it('does not let dict literals or filters set a prototype', () => {
    const r = evaluate("{'__proto__': {'polluted': 1}}", vars) as Record<string, unknown>;
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    expect(Object.hasOwn(r, '__proto__')).toBe(true);
    evaluate("{} | combine({'__proto__': {'polluted': 1}})", vars);
    evaluate('\'{"__proto__": {"polluted": 1}}\' | from_json | combine({})', vars);
    evaluate("[{'key': '__proto__', 'value': {'polluted': 1}}] | items2dict", vars);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
  it('never reads inherited properties of variables', () => {
    const withProto = Object.create({ inherited: 'secret' }) as Record<string, unknown>;
    withProto.own = 1;
    expect(() => evaluate('inherited', withProto)).toThrow("'inherited' is undefined");
    expect(() => evaluate('toString', {})).toThrow("'toString' is undefined");
    expect(() => evaluate('constructor', {})).toThrow("'constructor' is undefined");
    expect(() => evaluate('hasOwnProperty', {})).toThrow("'hasOwnProperty' is undefined");
  });
  it('does not evaluate template text found in variable values', () => {
    expect(templateString('{{ x }}', { x: '{{ 7 * 7 }}' })).toBe('{{ 7 * 7 }}');
    expect(templateValue(['{{ x }}'], { x: "{{ lookup('env', 'HOME') }}" })).toEqual(["{{ lookup('env', 'HOME') }}"]);
  });
  it('bounds range()', () => {
    expect(() => evaluate('range(100000000)', vars)).toThrow('range() too large');
  });
});

describe('secrets in error messages', () => {
  it('never echoes a value, only its type or position', () => {
    const secret = 'hunter2-S3cret';
    const vars = { pw: secret, pwlist: [secret] };
    for (const e of [
      'pw | from_json',
      "(pw ~ ': [') | from_yaml",
      'pw | human_to_bytes',
      'pw | int + pw',
      'pw * pw',
      'pw < 1',
      'pw | dict2items',
      'pwlist.index(1)',
      "pw | regex_replace('(', '')",
      'pw | b64decode | from_json',
      'pw()',
      'pw.nope()',
      'pw is failed',
    ]) {
      let message = '';
      try {
        evaluate(e, vars);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, e).not.toBe('');
      expect(message, e).not.toContain('hunter2');
    }
  });
});
