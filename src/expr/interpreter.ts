/**
 * Evaluates the AST from parse.ts to plain JS values. This replaces @huggingface/jinja's
 * Interpreter for expressions: that one keeps filters in a private hard-coded switch (no way to
 * register `regex_replace`, `combine`, ...), treats undefined variables as silently empty (Ansible
 * errors), compares lists/dicts by reference, and its value classes are not exported. The tree
 * walk itself is small; all the language's knowledge lives in the tables it dispatches to.
 */
import type {
  BinaryNode,
  CallNode,
  FilterNode,
  IdentifierNode,
  KeywordArgNode,
  LiteralNode,
  MemberNode,
  Node,
  SelectNode,
  SliceNode,
  SpreadNode,
  TernaryNode,
  UnaryNode,
} from './ast.js';
import { ExprError, Undefined, Unresolvable } from './errors.js';
import { FILTERS, PASSES_UNDEFINED } from './filters/index.js';
import { GLOBALS } from './globals.js';
import { getItem, setKey } from './access.js';
import { binary, unary } from './operators.js';
import { NEGATED_TEST_PREFIX, TEST_PREFIX } from './parse.js';
import type { Env } from './registry.js';
import { TESTS, TESTS_PASSING_UNDEFINED } from './tests.js';
import type { Args, Dict } from './values.js';
import { Callable, defined, isDict, truthy, typeName } from './values.js';

/** Returned by a {@link Lookup} for a name that is not a variable. */
export const MISSING: unique symbol = Symbol('missing');

/** Resolves a variable name to its value, or {@link MISSING}. */
export type Lookup = (name: string) => unknown;

/** Local variables of `{% for %}` / `{% set %}`, chained to the enclosing block's. */
export class Scope {
  readonly vars = new Map<string, unknown>();
  constructor(readonly parent?: Scope) {}
  get(name: string): unknown {
    for (let s: Scope | undefined = this; s; s = s.parent) if (s.vars.has(name)) return s.vars.get(name);
    return MISSING;
  }
}

const CONSTANTS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['true', true],
  ['True', true],
  ['false', false],
  ['False', false],
  ['none', null],
  ['None', null],
]);

function pySlice<T>(items: T[], start: unknown, stop: unknown, step: unknown): T[] {
  const n = items.length;
  const st = step === undefined || step === null ? 1 : Number(defined(step));
  if (st === 0) throw new ExprError('slice step cannot be zero');
  const norm = (v: unknown, dflt: number, lo: number, hi: number): number => {
    if (v === undefined || v === null) return dflt;
    let i = Number(defined(v));
    if (i < 0) i += n;
    return Math.min(Math.max(i, lo), hi);
  };
  const out: T[] = [];
  if (st > 0) {
    for (let i = norm(start, 0, 0, n), e = norm(stop, n, 0, n); i < e; i += st) out.push(items[i] as T);
  } else {
    for (let i = norm(start, n - 1, -1, n - 1), e = norm(stop, -1, -1, n - 1); i > e; i += st) out.push(items[i] as T);
  }
  return out;
}

/** Collections whose filters/tests we implement under their short names (`ansible.builtin.to_json`). */
const COLLECTIONS = ['ansible.builtin.', 'ansible.utils.', 'ansible.netcommon.', 'community.general.'];

export function shortName(name: string): string {
  if (!name.includes('.')) return name;
  const c = COLLECTIONS.find((p) => name.startsWith(p));
  return c ? name.slice(c.length) : name;
}

const COMPARISONS: ReadonlySet<string> = new Set(['<', '>', '<=', '>=', '==', '!=']);

/** The evaluator for one expression or template against one variable lookup. */
export class Interpreter implements Env {
  constructor(private readonly lookup: Lookup) {}

  filter(fullName: string, value: unknown, args: Args): unknown {
    const name = shortName(fullName);
    const fn = FILTERS.get(name);
    if (!fn) throw new ExprError(`no filter named '${name}'`);
    if (!PASSES_UNDEFINED.has(name)) defined(value);
    return fn(value, args, this);
  }

  test(fullName: string, value: unknown, args: Args): boolean {
    const name = shortName(fullName);
    const fn = TESTS.get(name);
    if (!fn) throw new ExprError(`no test named '${name}'`);
    if (!TESTS_PASSING_UNDEFINED.has(name)) defined(value);
    return fn(value, args, this);
  }

  eval(node: Node, scope?: Scope): unknown {
    switch (node.type) {
      case 'StringLiteral':
      case 'IntegerLiteral':
      case 'FloatLiteral':
        return (node as LiteralNode<unknown>).value;
      case 'ArrayLiteral':
      case 'TupleLiteral':
        return (node as LiteralNode<Node[]>).value.map((n) => this.eval(n, scope));
      case 'ObjectLiteral': {
        const out: Dict = {};
        for (const [k, v] of (node as LiteralNode<Map<Node, Node>>).value) {
          const key = defined(this.eval(k, scope));
          if (typeof key !== 'string' && typeof key !== 'number') throw new ExprError(`unhashable dict key of type '${typeName(key)}'`);
          setKey(out, String(key), this.eval(v, scope));
        }
        return out;
      }
      case 'Identifier':
        return this.identifier((node as IdentifierNode).value, scope);
      case 'MemberExpression':
        return this.member(node as MemberNode, scope);
      case 'CallExpression':
        return this.call(node as CallNode, scope);
      case 'FilterExpression':
        return this.applyFilter(node as FilterNode, scope);
      case 'BinaryExpression': {
        const b = node as BinaryNode;
        const op = b.operator.value;
        const left = this.eval(b.left, scope);
        if (op === 'and') return truthy(left) ? this.eval(b.right, scope) : left;
        if (op === 'or') return truthy(left) ? left : this.eval(b.right, scope);
        if (COMPARISONS.has(op) && b.left.type === 'BinaryExpression' && COMPARISONS.has((b.left as BinaryNode).operator.value)) {
          // Python chains comparisons: `1 < x < 3` is `1 < x and x < 3` (the parser nests them left to right).
          if (!truthy(left)) return false;
          return binary(op, this.eval((b.left as BinaryNode).right, scope), this.eval(b.right, scope));
        }
        return binary(op, left, this.eval(b.right, scope));
      }
      case 'UnaryExpression': {
        const u = node as UnaryNode;
        const v = this.eval(u.argument, scope);
        return u.operator.value === 'not' ? !truthy(v) : unary(u.operator.value, v);
      }
      case 'Ternary': {
        const t = node as TernaryNode;
        return truthy(this.eval(t.condition, scope)) ? this.eval(t.trueExpr, scope) : this.eval(t.falseExpr, scope);
      }
      case 'SelectExpression': {
        const s = node as SelectNode;
        if (truthy(this.eval(s.test, scope))) return this.eval(s.lhs, scope);
        return new Undefined('the inline if-expression evaluated to false and no else section was defined');
      }
      case 'TestExpression':
        throw new ExprError('internal: unrewritten test expression');
      default:
        throw new ExprError(`'${node.type}' is not allowed in an expression`);
    }
  }

  private identifier(name: string, scope?: Scope): unknown {
    const c = CONSTANTS.get(name);
    if (c !== undefined || CONSTANTS.has(name)) return c;
    if (scope) {
      const l = scope.get(name);
      if (l !== MISSING) return l;
    }
    const v = this.lookup(name);
    if (v instanceof Unresolvable) throw v.error;
    if (v !== MISSING && v !== undefined) return v;
    const g = GLOBALS.get(name);
    if (g) return g;
    return new Undefined(`'${name}' is undefined`);
  }

  private member(node: MemberNode, scope?: Scope): unknown {
    const obj = this.eval(node.object, scope);
    if (obj instanceof Undefined) return obj;
    if (!node.computed) {
      const p = node.property as LiteralNode<string | number>;
      return getItem(obj, p.value);
    }
    if (node.property.type === 'SliceExpression') {
      const s = node.property as SliceNode;
      const ev = (n?: Node): unknown => (n ? this.eval(n, scope) : undefined);
      const [a, b, c] = [ev(s.start), ev(s.stop), ev(s.step)];
      if (typeof obj === 'string') return pySlice(Array.from(obj), a, b, c).join('');
      if (Array.isArray(obj)) return pySlice(obj, a, b, c);
      throw new ExprError(`'${typeName(obj)}' object is not subscriptable`);
    }
    return getItem(obj, defined(this.eval(node.property, scope)));
  }

  /** Evaluates call arguments (positional, `name=value`, `*list`, `**dict`). */
  args(nodes: Node[], scope?: Scope): Args {
    const pos: unknown[] = [];
    const kw = new Map<string, unknown>();
    for (const n of nodes) {
      if (n.type === 'KeywordArgumentExpression') {
        const k = n as KeywordArgNode;
        kw.set(k.key.value, this.eval(k.value, scope));
      } else if (n.type === 'SpreadExpression') {
        const v = defined(this.eval((n as SpreadNode).argument, scope));
        if (!Array.isArray(v)) throw new ExprError(`argument after * must be a list, not ${typeName(v)}`);
        pos.push(...v);
      } else if (n.type === 'KeywordSpreadExpression') {
        const v = defined(this.eval((n as SpreadNode).argument, scope));
        if (!isDict(v)) throw new ExprError(`argument after ** must be a mapping, not ${typeName(v)}`);
        for (const [k, x] of Object.entries(v)) kw.set(k, x);
      } else pos.push(this.eval(n, scope));
    }
    return { pos, kw };
  }

  private call(node: CallNode, scope?: Scope): unknown {
    const fn = defined(this.eval(node.callee, scope));
    if (!(fn instanceof Callable)) throw new ExprError(`'${typeName(fn)}' object is not callable`);
    return fn.fn(this.args(node.args, scope), {
      variable: (name) => {
        const v = this.lookup(name);
        return v === MISSING || v instanceof Undefined || v instanceof Unresolvable ? undefined : v;
      },
    });
  }

  private applyFilter(node: FilterNode, scope?: Scope): unknown {
    const f = node.filter;
    const isCall = f.type === 'CallExpression';
    const nameNode = (isCall ? (f as CallNode).callee : f) as IdentifierNode;
    const args = isCall ? this.args((f as CallNode).args, scope) : { pos: [], kw: new Map<string, unknown>() };
    const value = this.eval(node.operand, scope);
    const name = nameNode.value;
    if (name.startsWith(TEST_PREFIX)) return this.test(name.slice(TEST_PREFIX.length), value, args);
    if (name.startsWith(NEGATED_TEST_PREFIX)) return !this.test(name.slice(NEGATED_TEST_PREFIX.length), value, args);
    return this.filter(name, value, args);
  }
}
