/**
 * Load-time checks: parse an expression or template and verify every filter, test and lookup it
 * names exists, without evaluating anything. The role loader runs these so that a typo such as
 * `| defualt(1)` is reported with file:line before any host is touched.
 */
import type { CallNode, FilterNode, IdentifierNode, LiteralNode, Node } from './ast.js';
import { ExprError } from './errors.js';
import { FILTERS } from './filters/index.js';
import { LOOKUP_PLUGINS } from './globals.js';
import { shortName } from './interpreter.js';
import { NEGATED_TEST_PREFIX, TEST_PREFIX, parseExpression, parseTemplate } from './parse.js';
import { TESTS } from './tests.js';

const UNSUPPORTED_STATEMENTS: Record<string, string> = { Macro: 'macro', CallStatement: 'call', FilterStatement: 'filter' };
const LOOKUPS = new Set(['lookup', 'query', 'q']);

function problem(node: Node): string | undefined {
  if (node.type in UNSUPPORTED_STATEMENTS) return `'{% ${UNSUPPORTED_STATEMENTS[node.type]} %}' blocks are not supported in YAML values`;
  if (node.type === 'FilterExpression') {
    const f = (node as FilterNode).filter;
    const name = ((f.type === 'CallExpression' ? (f as CallNode).callee : f) as IdentifierNode).value;
    for (const prefix of [TEST_PREFIX, NEGATED_TEST_PREFIX]) {
      if (name.startsWith(prefix)) {
        const test = name.slice(prefix.length);
        return TESTS.has(shortName(test)) ? undefined : `no test named '${test}'`;
      }
    }
    return FILTERS.has(shortName(name)) ? undefined : `no filter named '${name}'`;
  }
  if (node.type === 'CallExpression') {
    const c = node as CallNode;
    const first = c.args[0];
    if (c.callee.type === 'Identifier' && LOOKUPS.has((c.callee as IdentifierNode).value) && first?.type === 'StringLiteral') {
      const plugin = (first as LiteralNode<string>).value;
      if (!LOOKUP_PLUGINS.has(plugin)) {
        return `lookup plugin '${plugin}' is not supported (afo supports lookup('env', NAME) and lookup('password', PATH))`;
      }
    }
  }
  return undefined;
}

/** Visits every node of the tree (AST nodes are plain objects; children sit in fields, arrays and Maps). */
function walk(value: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) walk(v, visit);
    return;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) {
      walk(k, visit);
      walk(v, visit);
    }
    return;
  }
  if (typeof value !== 'object' || value === null || typeof (value as Node).type !== 'string') return;
  visit(value as Node);
  for (const [k, v] of Object.entries(value)) if (k !== 'operator') walk(v, visit);
}

function check(root: unknown, what: string, source: string): void {
  walk(root, (n) => {
    const p = problem(n);
    if (p) throw new ExprError(`error in ${what}: ${p}`, source, p);
  });
}

/** Throws ExprError if the expression does not parse or names an unknown filter/test/lookup. */
export function checkExpression(expression: string): void {
  const t = expression.trim();
  if (t.startsWith('{{') && t.endsWith('}}') && parseTemplate(t, `expression '${expression}'`).single) {
    check(parseTemplate(t).program, `expression '${expression}'`, expression);
    return;
  }
  check(parseExpression(expression), `expression '${expression}'`, expression);
}

/** Like {@link checkExpression} for template text; text without `{{`/`{%` is always fine. */
export function checkTemplate(text: string): void {
  if (!text.includes('{{') && !text.includes('{%')) return;
  check(parseTemplate(text).program, `template '${text}'`, text);
}
