/**
 * The value model: plain JS data (string, number, boolean, null, arrays, plain objects) with
 * Python/Jinja semantics for truthiness, equality, ordering and str()/repr(). Two extra kinds:
 * {@link Undefined} (see errors.ts) and {@link Callable} (a method or global function produced
 * by the interpreter; user data can never be called, which is one half of the sandbox).
 */
import { ExprError, Undefined } from './errors.js';

/** Positional and keyword arguments of a call, filter or test. */
export interface Args {
  readonly pos: unknown[];
  readonly kw: ReadonlyMap<string, unknown>;
}

/** Something callable from an expression: a whitelisted method or a global like range(). */
/** What a global may read besides its arguments: a variable's value (undefined when not set). */
export interface CallEnv {
  variable(name: string): unknown;
}

export class Callable {
  constructor(
    readonly name: string,
    readonly fn: (args: Args, env: CallEnv) => unknown,
  ) {}
}

export type Dict = Record<string, unknown>;

/** A plain object (what YAML/JSON produce): the language's dict. */
export function isDict(v: unknown): v is Dict {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Own enumerable key lookup only: never the prototype chain. */
export function getOwn(d: Dict, key: string): unknown {
  return Object.hasOwn(d, key) ? d[key] : undefined;
}

/** Python type names, for error messages that match what Ansible users see. */
export function typeName(v: unknown): string {
  if (v instanceof Undefined) return 'Undefined';
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Callable) return 'function';
  if (isDict(v)) return 'dict';
  return 'object';
}

/** Jinja truthiness: empty string/list/dict, 0, false and none are false. */
export function truthy(v: unknown): boolean {
  if (v instanceof Undefined) v.fail();
  if (v === null || v === undefined) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return Boolean(v);
}

/** Python equality: deep for lists/dicts, 1 == 1.0 == True. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null) return b === null || b === undefined;
  const na = typeof a === 'number' || typeof a === 'boolean';
  const nb = typeof b === 'number' || typeof b === 'boolean';
  if (na && nb) return Number(a) === Number(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => pyEquals(x, b[i]));
  }
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && pyEquals(a[k], b[k]));
  }
  return false;
}

/** Python ordering (<, sort, min/max): numbers with numbers, strings with strings, lists lexicographically. */
export function pyCompare(a: unknown, b: unknown, op = '<'): number {
  const na = typeof a === 'number' || typeof a === 'boolean';
  const nb = typeof b === 'number' || typeof b === 'boolean';
  if (na && nb) return Math.sign(Number(a) - Number(b));
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = pyCompare(a[i], b[i], op);
      if (c !== 0) return c;
    }
    return Math.sign(a.length - b.length);
  }
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
  throw new ExprError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return quote + out + quote;
}

function numberStr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  return String(n);
}

/** Python repr(): how a value looks inside a rendered list or dict (`[...]` for a list inside itself). */
export function pyRepr(v: unknown, seen = new Set<object>()): string {
  if (typeof v === 'string') return reprString(v);
  if (Array.isArray(v) || isDict(v)) {
    if (seen.has(v)) return Array.isArray(v) ? '[...]' : '{...}';
    seen.add(v);
    const s = Array.isArray(v)
      ? '[' + v.map((x) => pyRepr(x, seen)).join(', ') + ']'
      : '{' +
        Object.entries(v)
          .map(([k, x]) => `${reprString(k)}: ${pyRepr(x, seen)}`)
          .join(', ') +
        '}';
    seen.delete(v);
    return s;
  }
  return pyStr(v);
}

/** Python str(): how a value renders into text (`{{ true }}` -> "True", a list -> "['a', 'b']"). */
export function pyStr(v: unknown): string {
  if (v instanceof Undefined) v.fail();
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return numberStr(v);
  if (v instanceof Callable) return `<function ${v.name}>`;
  if (Array.isArray(v) || isDict(v)) return pyRepr(v);
  return v instanceof Date ? v.toISOString() : Object.prototype.toString.call(v);
}

/** Throws if `v` is undefined; otherwise returns it. Used wherever a value is consumed. */
export function defined<T>(v: T | Undefined): T {
  if (v instanceof Undefined) v.fail();
  return v as T;
}
