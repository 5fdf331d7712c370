/**
 * Templates: text with `{{ expr }}` and `{% if/for/set %}` blocks, as found in YAML string values.
 * A string that is exactly one `{{ expr }}` yields the expression's typed value (Ansible's native
 * behaviour: `loop: "{{ groups['db'] }}"` stays a list); any other text renders to a string, with
 * values printed as Python prints them.
 */
import type { ForNode, IdentifierNode, IfNode, LiteralNode, Node, SelectNode, SetNode } from './ast.js';
import { ExprError, Undefined, Unresolvable } from './errors.js';
import type { Lookup } from './interpreter.js';
import { Interpreter, Scope } from './interpreter.js';
import { parseTemplate } from './parse.js';
import { iterate } from './registry.js';
import { setKey } from './access.js';
import type { Dict } from './values.js';
import { Callable, isDict, pyStr, truthy, typeName } from './values.js';

class LoopControl {
  constructor(readonly kind: 'break' | 'continue') {}
}

const templatedCache = new WeakMap<object, boolean>();

/**
 * True when the value (a string, or any string inside a list/dict) contains `{{` or `{%`.
 * Lists and dicts are remembered by identity: values handed to this module are not mutated later.
 */
export function isTemplated(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{') || value.includes('{%');
  if (typeof value !== 'object' || value === null) return false;
  const hit = templatedCache.get(value);
  if (hit !== undefined) return hit;
  templatedCache.set(value, false); // a cycle (hostvars inside vars) ends here instead of recursing forever
  let r = false;
  if (Array.isArray(value)) r = value.some(isTemplated);
  else if (isDict(value)) {
    for (const k in value) {
      if (Object.hasOwn(value, k) && (isTemplated(k) || isTemplated(value[k]))) {
        r = true;
        break;
      }
    }
  }
  templatedCache.set(value, r);
  return r;
}

/** Lists/dicts already checked to hold no undefined value or function (they are not mutated later). */
const checked = new WeakSet<object>();

/**
 * Returns `v` after making sure nothing that must not leave an expression is in it: an
 * undefined value (`[foo]` with foo undefined) or a bare method (`s.upper` without the call).
 */
export function checkResult(v: unknown): unknown {
  if (v instanceof Undefined) v.fail();
  if (v instanceof Unresolvable) throw v.error;
  if (v instanceof Callable) throw new ExprError(`'${v.name}' is a function: call it with ()`);
  if (typeof v !== 'object' || v === null || checked.has(v)) return v;
  checked.add(v); // before the walk, so a cycle ends here
  try {
    for (const x of Array.isArray(v) ? v : Object.values(v)) checkResult(x);
  } catch (err) {
    checked.delete(v);
    throw err;
  }
  return v;
}

function assign(scope: Scope, target: Node, value: unknown): void {
  if (target.type === 'Identifier') {
    scope.vars.set((target as IdentifierNode).value, value);
    return;
  }
  if (target.type === 'TupleLiteral') {
    const names = (target as LiteralNode<Node[]>).value;
    const items = iterate(value, 'unpacking');
    if (items.length !== names.length) throw new ExprError(`cannot unpack ${items.length} values into ${names.length} names`);
    names.forEach((n, i) => {
      assign(scope, n, items[i]);
    });
    return;
  }
  throw new ExprError(`cannot assign to ${target.type}`);
}

function renderFor(it: Interpreter, node: ForNode, scope: Scope | undefined, out: string[]): void {
  let iterNode = node.iterable;
  let cond: Node | undefined;
  if (iterNode.type === 'SelectExpression') {
    cond = (iterNode as SelectNode).test;
    iterNode = (iterNode as SelectNode).lhs;
  }
  const all = iterate(it.eval(iterNode, scope), 'for loop');
  const items: unknown[] = [];
  for (const x of all) {
    if (!cond) items.push(x);
    else {
      const s = new Scope(scope);
      assign(s, node.loopvar, x);
      if (truthy(it.eval(cond, s))) items.push(x);
    }
  }
  if (items.length === 0) {
    renderNodes(it, node.defaultBlock, new Scope(scope), out);
    return;
  }
  const n = items.length;
  for (let i = 0; i < n; i++) {
    const s = new Scope(scope);
    const loop: Dict = {};
    for (const [k, v] of Object.entries({
      index: i + 1,
      index0: i,
      revindex: n - i,
      revindex0: n - i - 1,
      first: i === 0,
      last: i === n - 1,
      length: n,
    }))
      setKey(loop, k, v);
    if (i > 0) setKey(loop, 'previtem', items[i - 1]);
    if (i < n - 1) setKey(loop, 'nextitem', items[i + 1]);
    s.vars.set('loop', loop);
    assign(s, node.loopvar, items[i]);
    try {
      renderNodes(it, node.body, s, out);
    } catch (err) {
      if (!(err instanceof LoopControl)) throw err;
      if (err.kind === 'break') break;
    }
  }
}

/** Renders statements into `out`. `{% set %}` writes into `scope`, as Jinja's block scoping does. */
function renderNodes(it: Interpreter, nodes: Node[], scope: Scope, out: string[]): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'If': {
        const n = node as IfNode;
        renderNodes(it, truthy(it.eval(n.test, scope)) ? n.body : n.alternate, scope, out);
        break;
      }
      case 'For':
        renderFor(it, node as ForNode, scope, out);
        break;
      case 'Set': {
        const n = node as SetNode;
        let value: unknown;
        if (n.value) value = it.eval(n.value, scope);
        else {
          const buf: string[] = [];
          renderNodes(it, n.body, new Scope(scope), buf);
          value = buf.join('');
        }
        assign(scope, n.assignee, value);
        break;
      }
      case 'Comment':
        break;
      case 'Break':
        throw new LoopControl('break');
      case 'Continue':
        throw new LoopControl('continue');
      case 'Macro':
      case 'CallStatement':
      case 'FilterStatement':
        throw new ExprError(
          `'{% ${node.type === 'Macro' ? 'macro' : node.type === 'CallStatement' ? 'call' : 'filter'} %}' blocks are not supported in YAML values`,
        );
      default: {
        const v = checkResult(it.eval(node, scope));
        out.push(pyStr(v));
      }
    }
  }
}

function trailingNewlines(s: string): number {
  let n = 0;
  while (s.charCodeAt(s.length - 1 - n) === 10) n++;
  return n;
}

/** Renders template text against a variable lookup (see the file comment for typing rules). */
export function renderTemplate(text: string, lookup: Lookup, it = new Interpreter(lookup)): unknown {
  const { program, single } = parseTemplate(text);
  const first = program.body[0];
  if (single && first && program.body.length === 1) return checkResult(it.eval(first));
  const out: string[] = [];
  renderNodes(it, program.body, new Scope(), out);
  // Jinja drops the template's last newline; Ansible tops the result back up to as many trailing
  // newlines as the source had (YAML block scalars end with one).
  const result = out.join('');
  const missing = trailingNewlines(text) - trailingNewlines(result);
  return missing > 0 ? result + '\n'.repeat(missing) : result;
}

/**
 * Deep-renders every templated string (and dict key) in `value`; untemplated parts are returned
 * as-is. A value met again inside itself (a cycle) is left as it is.
 */
export function renderDeep(value: unknown, render: (s: string) => unknown, ancestors = new Set<object>()): unknown {
  if (!isTemplated(value)) return value;
  if (typeof value === 'string') return render(value);
  if (typeof value !== 'object' || value === null || ancestors.has(value)) return value;
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((x) => renderDeep(x, render, ancestors));
    const out: Dict = {};
    for (const [k, v] of Object.entries(value)) {
      const key = isTemplated(k) ? render(k) : k;
      if (typeof key !== 'string' && typeof key !== 'number') throw new ExprError(`a dict key rendered to ${typeName(key)}, not a string`);
      setKey(out, String(key), renderDeep(v, render, ancestors));
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}
