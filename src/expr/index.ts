/**
 * afo's expression language: the Jinja expressions Ansible users write in `when:`, `loop:`,
 * `until:`, `changed_when:`, `failed_when:` and `{{ }}` inside YAML strings. Parsed by
 * @huggingface/jinja's parser, evaluated by our interpreter over plain JS values. No user text
 * is ever handed to JavaScript's eval/Function, and expressions can reach only own data
 * properties and whitelisted methods (see access.ts, methods.ts).
 */
import { withContext } from './errors.js';
import type { Lookup } from './interpreter.js';
import { Interpreter, MISSING } from './interpreter.js';
import { parseExpression, parseTemplate } from './parse.js';
import { checkResult, isTemplated, renderDeep, renderTemplate } from './template.js';
import { parseBool, toBool } from '../text/bool.js';
import { truthy } from './values.js';

export { ExprError, Undefined, Unresolvable, isUndefined } from './errors.js';
export { isTemplated } from './template.js';
export { resolveVars } from './resolve.js';
export { checkExpression, checkTemplate } from './check.js';
export { OMIT } from './globals.js';
export { FILTERS } from './filters/index.js';
export { TESTS } from './tests.js';

function lookupIn(vars: Record<string, unknown>): Lookup {
  return (name) => (Object.hasOwn(vars, name) ? vars[name] : name === 'vars' ? vars : MISSING);
}

/**
 * Evaluates one expression (`x | default(3)`) to its value. Throws ExprError. An expression
 * wrapped in `{{ }}` as a whole (`until: "{{ r.rc == 0 }}"`) is accepted and means the same.
 */
export function evaluate(expression: string, vars: Record<string, unknown>): unknown {
  return withContext(`expression '${expression}'`, expression, () => {
    const trimmed = expression.trim();
    if (trimmed.startsWith('{{') && trimmed.endsWith('}}')) {
      const { program, single } = parseTemplate(trimmed, `expression '${expression}'`);
      const node = program.body[0];
      if (single && node && program.body.length === 1) return checkResult(new Interpreter(lookupIn(vars)).eval(node));
    }
    const node = parseExpression(expression);
    return checkResult(new Interpreter(lookupIn(vars)).eval(node));
  });
}

function conditionValue(cond: unknown, vars: Record<string, unknown>): boolean {
  if (typeof cond === 'boolean') return cond;
  if (cond === null || cond === undefined) return true; // an empty `when:` is no condition
  if (Array.isArray(cond)) return cond.every((c) => conditionValue(c, vars));
  if (typeof cond !== 'string') return truthy(cond);
  if (!isTemplated(cond)) return truthy(evaluate(cond, vars));
  // `when: "{{ x }}"`: Ansible renders it first, then reads the result as a condition.
  const rendered = templateString(cond, vars);
  if (typeof rendered !== 'string') return truthy(rendered);
  // A rendered boolean word (`yes`, `off`, `t`, ...) or nothing at all is a value, not an expression.
  const word = rendered.trim() === '' ? false : parseBool(rendered);
  if (word !== undefined) return word;
  return truthy(evaluate(rendered, vars));
}

/**
 * Evaluates a `when:`-style condition with Jinja truthiness. A list means "all of these"; a
 * bare string is an expression (`when: x`), and `when: "{{ x }}"` is accepted too.
 */
export function evaluateCondition(cond: string | boolean | (string | boolean)[], vars: Record<string, unknown>): boolean {
  const text = Array.isArray(cond) ? cond.join(' and ') : String(cond);
  return withContext(`condition '${text}'`, text, () => conditionValue(cond, vars));
}

/**
 * Renders template text: exactly one `{{ expr }}` gives the typed value (a list stays a list),
 * anything else gives a string. Text without `{{`/`{%` is returned unchanged.
 */
export function templateString(text: string, vars: Record<string, unknown>): unknown {
  if (!isTemplated(text)) return text;
  return withContext(`template '${text}'`, text, () => renderTemplate(text, lookupIn(vars)));
}

/** Deep-renders the strings in a value (string, list or dict); untemplated parts are returned as-is. */
export function templateValue<T>(value: T, vars: Record<string, unknown>): T {
  if (!isTemplated(value)) return value;
  const lookup = lookupIn(vars);
  const it = new Interpreter(lookup);
  return renderDeep(value, (s) => withContext(`template '${s}'`, s, () => renderTemplate(s, lookup, it))) as T;
}

/** Ansible's `bool` filter, for callers that read yes/no style flags. */
export { toBool };
