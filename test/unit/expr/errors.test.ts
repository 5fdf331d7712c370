import { describe, expect, it } from 'vitest';
import { ExprError, evaluate } from '../../../src/expr/index.js';

const vars = { x: 1, s: 'a' };

function errorOf(fn: () => unknown): ExprError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ExprError);
    return err as ExprError;
  }
  throw new Error('expected an ExprError');
}

describe('syntax errors', () => {
  it('quote the expression and say what is wrong', () => {
    expect(errorOf(() => evaluate('x |', vars)).message).toBe("syntax error in expression 'x |': unexpected end of expression");
    expect(errorOf(() => evaluate('(x', vars)).message).toBe("syntax error in expression '(x': expected closing parenthesis, found the end of the expression");
    expect(errorOf(() => evaluate('', vars)).message).toBe("syntax error in expression '': empty expression");
    expect(errorOf(() => evaluate('x }} {{ x', vars)).message).toMatch(/^syntax error in expression 'x }} {{ x': /);
    expect(errorOf(() => evaluate('x ==', vars)).message).toBe("syntax error in expression 'x ==': unexpected end of expression");
    expect(errorOf(() => evaluate("'unterminated", vars)).message).toMatch(/^syntax error in expression ''unterminated': /);
    expect(errorOf(() => evaluate('x is', vars)).message).toMatch(/^syntax error in expression 'x is': expected a test name/);
    expect(errorOf(() => evaluate('x @ 2', vars)).message).toBe("syntax error in expression 'x @ 2': unexpected character: @");
  });
  it('carry no stack or library internals in the message', () => {
    for (const e of ['x |', '(x', 'x ==', '[1, 2', '{1: }', 'x.']) {
      const m = errorOf(() => evaluate(e, vars)).message;
      expect(m).not.toMatch(/at .*\.(ts|js):\d+|Parser Error|TypeError|Cannot read properties|\$\{/);
      expect(m).toContain(`'${e}'`);
    }
  });
});

describe('evaluation errors', () => {
  it('name unknown filters and tests', () => {
    expect(errorOf(() => evaluate('x | frob', vars)).message).toBe("error in expression 'x | frob': no filter named 'frob'");
    expect(errorOf(() => evaluate('x | frob(1)', vars)).reason).toBe("no filter named 'frob'");
    expect(errorOf(() => evaluate('x is frob', vars)).reason).toBe("no test named 'frob'");
  });
  it('expose the expression and the reason separately', () => {
    const e = errorOf(() => evaluate('nope + 1', vars));
    expect(e.source).toBe('nope + 1');
    expect(e.reason).toBe("'nope' is undefined");
  });
  it('reject wrong input types to filters', () => {
    expect(errorOf(() => evaluate('x | dict2items', vars)).reason).toBe("filter 'dict2items' expects a dictionary, got int");
    expect(errorOf(() => evaluate('x | from_json', vars)).reason).toBe("filter 'from_json' expects a string, got int");
  });
  it('report bad regexes', () => {
    expect(errorOf(() => evaluate("s | regex_replace('(', 'x')", vars)).reason).toMatch(/^invalid regular expression '\(': /);
  });
  it('report calling non-functions and bare methods', () => {
    expect(errorOf(() => evaluate('x()', vars)).reason).toBe("'int' object is not callable");
    expect(errorOf(() => evaluate('s.upper', vars)).reason).toBe("'upper' is a function: call it with ()");
  });
});
