/**
 * Python methods Ansible users call on values (`x.startswith('a')`, `d.items()`, `s.split(',')`).
 * A whitelist: anything not listed here is an undefined attribute, so `''.constructor` or
 * `x.__proto__` can never reach JavaScript.
 */
import { ExprError } from './errors.js';
import { arg, numArg, strArg } from './registry.js';
import type { Args, Dict } from './values.js';
import { Callable, isDict, pyEquals, pyStr, typeName } from './values.js';

type Method<T> = (self: T, a: Args) => unknown;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function stripChars(s: string, chars: unknown, left: boolean, right: boolean): string {
  if (chars === undefined || chars === null) {
    if (left) s = s.replace(/^\s+/, '');
    if (right) s = s.replace(/\s+$/, '');
    return s;
  }
  const set = `[${escapeRe(String(chars))}]+`;
  if (left) s = s.replace(new RegExp('^' + set), '');
  if (right) s = s.replace(new RegExp(set + '$'), '');
  return s;
}

/** Python's str.split(sep=None, maxsplit=-1). */
export function pySplit(s: string, sep: unknown, maxsplit = -1): string[] {
  if (sep === undefined || sep === null) {
    const parts = s.trim() === '' ? [] : s.trim().split(/\s+/);
    if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
    const head = parts.slice(0, maxsplit);
    let rest = s.trimStart();
    for (const p of head) rest = rest.slice(rest.indexOf(p) + p.length).trimStart();
    return [...head, rest];
  }
  const sepStr = String(sep);
  if (sepStr === '') throw new ExprError('empty separator');
  const parts = s.split(sepStr);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sepStr)];
}

function pyFormat(fmt: string, a: Args): string {
  let auto = 0;
  return fmt.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, field: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const name = (field ?? '').split(':')[0] ?? '';
    const v = name === '' ? a.pos[auto++] : /^\d+$/.test(name) ? a.pos[Number(name)] : a.kw.get(name);
    if (v === undefined) throw new ExprError(`format(): no value for field '{${field ?? ''}}'`);
    return pyStr(v);
  });
}

const STRING_METHODS: Record<string, Method<string>> = {
  startswith: (s, a) => {
    const p = arg(a, 0, 'prefix');
    return Array.isArray(p) ? p.some((x) => s.startsWith(String(x))) : s.startsWith(String(p));
  },
  endswith: (s, a) => {
    const p = arg(a, 0, 'suffix');
    return Array.isArray(p) ? p.some((x) => s.endsWith(String(x))) : s.endsWith(String(p));
  },
  split: (s, a) => pySplit(s, arg(a, 0, 'sep'), numArg(a, 1, 'maxsplit', -1)),
  rsplit: (s, a) => {
    const max = numArg(a, 1, 'maxsplit', -1);
    const sep = arg(a, 0, 'sep');
    if (max < 0) return pySplit(s, sep);
    const rev = pySplit(Array.from(s).reverse().join(''), sep === undefined || sep === null ? sep : Array.from(String(sep)).reverse().join(''), max);
    return rev.map((p) => Array.from(p).reverse().join('')).reverse();
  },
  splitlines: (s) => (s === '' ? [] : s.replace(/\r?\n$/, '').split(/\r?\n/)),
  strip: (s, a) => stripChars(s, arg(a, 0, 'chars'), true, true),
  lstrip: (s, a) => stripChars(s, arg(a, 0, 'chars'), true, false),
  rstrip: (s, a) => stripChars(s, arg(a, 0, 'chars'), false, true),
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  title: (s) => s.toLowerCase().replace(/(^|[^a-zA-Z])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase()),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  replace: (s, a) => {
    const old = strArg(a, 0, 'old');
    const neu = strArg(a, 1, 'new');
    const count = numArg(a, 2, 'count', -1);
    if (count < 0) return s.split(old).join(neu);
    let out = s;
    let from = 0;
    for (let i = 0; i < count; i++) {
      const at = out.indexOf(old, from);
      if (at < 0) break;
      out = out.slice(0, at) + neu + out.slice(at + old.length);
      from = at + neu.length;
    }
    return out;
  },
  find: (s, a) => s.indexOf(strArg(a, 0, 'sub')),
  rfind: (s, a) => s.lastIndexOf(strArg(a, 0, 'sub')),
  index: (s, a) => {
    const i = s.indexOf(strArg(a, 0, 'sub'));
    if (i < 0) throw new ExprError('substring not found');
    return i;
  },
  count: (s, a) => {
    const sub = strArg(a, 0, 'sub');
    return sub === '' ? s.length + 1 : s.split(sub).length - 1;
  },
  join: (s, a) => {
    const items = arg(a, 0, 'iterable');
    if (!Array.isArray(items)) throw new ExprError(`join() expects a list, got ${typeName(items)}`);
    return items.map(pyStr).join(s);
  },
  format: (s, a) => pyFormat(s, a),
  isdigit: (s) => /^[0-9]+$/.test(s),
  isnumeric: (s) => /^[0-9]+$/.test(s),
  isalpha: (s) => /^[a-zA-Z]+$/.test(s),
  isalnum: (s) => /^[a-zA-Z0-9]+$/.test(s),
  isspace: (s) => /^\s+$/.test(s),
  islower: (s) => /[a-z]/.test(s) && s === s.toLowerCase(),
  isupper: (s) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  zfill: (s, a) => {
    const w = numArg(a, 0, 'width');
    const sign = s.startsWith('-') || s.startsWith('+') ? s.charAt(0) : '';
    return sign + s.slice(sign.length).padStart(w - sign.length, '0');
  },
  ljust: (s, a) => s.padEnd(numArg(a, 0, 'width'), strArg(a, 1, 'fillchar', ' ')),
  rjust: (s, a) => s.padStart(numArg(a, 0, 'width'), strArg(a, 1, 'fillchar', ' ')),
};

const LIST_METHODS: Record<string, Method<unknown[]>> = {
  index: (l, a) => {
    const x = arg(a, 0, 'value');
    const i = l.findIndex((y) => pyEquals(y, x));
    if (i < 0) throw new ExprError('list.index(x): x not in list');
    return i;
  },
  count: (l, a) => l.filter((y) => pyEquals(y, arg(a, 0, 'value'))).length,
  copy: (l) => [...l],
};

const DICT_METHODS: Record<string, Method<Dict>> = {
  keys: (d) => Object.keys(d),
  values: (d) => Object.values(d),
  items: (d) => Object.entries(d),
  get: (d, a) => {
    const k = arg(a, 0, 'key');
    const key = typeof k === 'number' ? String(k) : k;
    return typeof key === 'string' && Object.hasOwn(d, key) ? d[key] : arg(a, 1, 'default', null);
  },
  copy: (d) => ({ ...d }),
};

/** The bound method `name` of `obj`, or undefined when there is none. */
export function methodOf(obj: unknown, name: string): Callable | undefined {
  let table: Record<string, Method<never>> | undefined;
  if (typeof obj === 'string') table = STRING_METHODS;
  else if (Array.isArray(obj)) table = LIST_METHODS;
  else if (isDict(obj)) table = DICT_METHODS;
  if (!table || !Object.hasOwn(table, name)) return undefined;
  const m = table[name] as Method<unknown>;
  return new Callable(name, (a) => m(obj, a));
}
