/** List filters: first/last, sort, unique, map/select families, min/max/sum, zip, flatten, sets. */
import { ExprError, Undefined } from '../errors.js';
import { getItem } from '../access.js';
import type { Env, FilterFn } from '../registry.js';
import { arg, boolArg, iterate, numArg } from '../registry.js';
import type { Args } from '../values.js';
import { defined, pyCompare, pyEquals, pyStr, truthy, typeName } from '../values.js';

/** `item.a.b` for attribute= arguments (dotted path, numeric parts index lists). */
export function attrPath(item: unknown, path: unknown): unknown {
  if (typeof path === 'number') return getItem(item, path);
  let v = item;
  for (const part of pyStr(path).split('.')) v = getItem(v, /^\d+$/.test(part) && Array.isArray(v) ? Number(part) : part);
  return v;
}

function sortKey(v: unknown, caseSensitive: boolean): unknown {
  return !caseSensitive && typeof v === 'string' ? v.toLowerCase() : v;
}

function uniq(items: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of items) if (!out.some((y) => pyEquals(x, y))) out.push(x);
  return out;
}

function minMax(name: string, sign: number): FilterFn {
  return (v, a) => {
    const items = iterate(v, name);
    if (items.length === 0) return new Undefined(`${name}: the sequence is empty`);
    const attr = arg(a, -1, 'attribute');
    const key = (x: unknown): unknown => sortKey(attr === undefined ? x : attrPath(x, attr), boolArg(a, -1, 'case_sensitive'));
    return items.reduce((best, x) => (sign * pyCompare(key(x), key(best)) < 0 ? x : best));
  };
}

/** select/reject: keep items for which the test (or truthiness) holds. */
function selecting(keep: boolean, byAttr: boolean): FilterFn {
  return (v, a, env) => {
    const items = iterate(v, byAttr ? 'selectattr' : 'select');
    const attr = byAttr ? a.pos[0] : undefined;
    const rest = byAttr ? a.pos.slice(1) : a.pos;
    const testName = rest[0];
    const testArgs: Args = { pos: rest.slice(1), kw: a.kw };
    return items.filter((item) => {
      const subject = byAttr ? attrPath(item, attr) : item;
      const ok = testName === undefined ? truthy(subject) : env.test(pyStr(testName), subject, testArgs);
      return ok === keep;
    });
  };
}

function map(v: unknown, a: Args, env: Env): unknown[] {
  const items = iterate(v, 'map');
  if (a.kw.has('attribute')) {
    const attr = a.kw.get('attribute');
    const dflt = a.kw.get('default');
    return items.map((x) => {
      const r = attrPath(x, attr);
      return r instanceof Undefined && a.kw.has('default') ? dflt : r;
    });
  }
  const name = defined(a.pos[0]);
  if (typeof name !== 'string') throw new ExprError("map needs a filter name or attribute='...'");
  const rest: Args = { pos: a.pos.slice(1), kw: a.kw };
  return items.map((x) => env.filter(name, x, rest));
}

function flatten(items: unknown[], levels: number | undefined, skipNulls: boolean): unknown[] {
  const out: unknown[] = [];
  for (const x of items) {
    if (skipNulls && (x === null || x === 'None')) continue;
    if (Array.isArray(x) && (levels === undefined || levels > 0)) out.push(...flatten(x, levels === undefined ? undefined : levels - 1, skipNulls));
    else out.push(x);
  }
  return out;
}

function listArg(a: Args, i: number, name: string): unknown[] {
  return iterate(arg(a, i, name), name);
}

export const LIST_FILTERS: [string, FilterFn][] = [
  [
    'first',
    (v) => {
      const items = iterate(v, 'first');
      return items.length ? items[0] : new Undefined('No first item, sequence was empty.');
    },
  ],
  [
    'last',
    (v) => {
      const items = iterate(v, 'last');
      return items.length ? items[items.length - 1] : new Undefined('No last item, sequence was empty.');
    },
  ],
  ['list', (v) => [...iterate(v, 'list')]],
  ['reverse', (v) => (typeof v === 'string' ? Array.from(v).reverse().join('') : [...iterate(v, 'reverse')].reverse())],
  ['unique', (v) => uniq(iterate(v, 'unique'))],
  [
    'sort',
    (v, a) => {
      const reverse = boolArg(a, 0, 'reverse');
      const cs = boolArg(a, 1, 'case_sensitive');
      const attr = arg(a, 2, 'attribute');
      const key = (x: unknown): unknown => sortKey(attr === undefined || attr === null ? x : attrPath(x, attr), cs);
      return [...iterate(v, 'sort')].sort((x, y) => (reverse ? -1 : 1) * pyCompare(key(x), key(y)));
    },
  ],
  [
    'join',
    (v, a) => {
      const attr = arg(a, 1, 'attribute');
      return iterate(v, 'join')
        .map((x) => pyStr(attr === undefined ? x : attrPath(x, attr)))
        .join(pyStr(arg(a, 0, 'd', '')));
    },
  ],
  ['map', (v, a, env) => map(v, a, env)],
  ['select', selecting(true, false)],
  ['reject', selecting(false, false)],
  ['selectattr', selecting(true, true)],
  ['rejectattr', selecting(false, true)],
  ['min', minMax('min', 1)],
  ['max', minMax('max', -1)],
  [
    'sum',
    (v, a) => {
      const attr = arg(a, 0, 'attribute');
      let total = arg(a, 1, 'start', 0);
      for (const x of iterate(v, 'sum')) {
        const y = attr === undefined ? x : attrPath(x, attr);
        if (Array.isArray(total) && Array.isArray(y)) total = [...total, ...y];
        else if ((typeof total === 'number' || typeof total === 'boolean') && (typeof y === 'number' || typeof y === 'boolean'))
          total = Number(total) + Number(y);
        else throw new ExprError(`sum: unsupported operand type(s) for +: '${typeName(total)}' and '${typeName(y)}'`);
      }
      return total;
    },
  ],
  [
    'zip',
    (v, a) => {
      const lists = [iterate(v, 'zip'), ...a.pos.map((x) => iterate(x, 'zip'))];
      const n = Math.min(...lists.map((l) => l.length));
      return Array.from({ length: n }, (_x, i) => lists.map((l) => l[i]));
    },
  ],
  [
    'zip_longest',
    (v, a) => {
      const lists = [iterate(v, 'zip_longest'), ...a.pos.map((x) => iterate(x, 'zip_longest'))];
      const fill = a.kw.has('fillvalue') ? a.kw.get('fillvalue') : null;
      const n = Math.max(...lists.map((l) => l.length));
      return Array.from({ length: n }, (_x, i) => lists.map((l) => (i < l.length ? l[i] : fill)));
    },
  ],
  [
    'flatten',
    (v, a) => {
      const levels = arg(a, 0, 'levels');
      return flatten(iterate(v, 'flatten'), levels === undefined || levels === null ? undefined : Number(levels), boolArg(a, 1, 'skip_nulls', true));
    },
  ],
  [
    'batch',
    (v, a) => {
      const items = iterate(v, 'batch');
      const n = numArg(a, 0, 'linecount');
      if (n <= 0) throw new ExprError('batch: size must be positive');
      const out: unknown[][] = [];
      for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
      return out;
    },
  ],
  ['union', (v, a) => uniq([...iterate(v, 'union'), ...listArg(a, 0, 'union')])],
  [
    'intersect',
    (v, a) => {
      const other = listArg(a, 0, 'intersect');
      return uniq(iterate(v, 'intersect').filter((x) => other.some((y) => pyEquals(x, y))));
    },
  ],
  [
    'difference',
    (v, a) => {
      const other = listArg(a, 0, 'difference');
      return uniq(iterate(v, 'difference').filter((x) => !other.some((y) => pyEquals(x, y))));
    },
  ],
  [
    'symmetric_difference',
    (v, a) => {
      const x = iterate(v, 'symmetric_difference');
      const y = listArg(a, 0, 'symmetric_difference');
      return uniq([...x.filter((i) => !y.some((j) => pyEquals(i, j))), ...y.filter((j) => !x.some((i) => pyEquals(i, j)))]);
    },
  ],
  [
    'extract',
    (v, a) => {
      let r = getItem(arg(a, 0, 'container'), v);
      const more = arg(a, 1, 'morekeys');
      for (const k of more === undefined ? [] : Array.isArray(more) ? more : [more]) r = getItem(r, k);
      return r;
    },
  ],
  ['attr', (v, a) => getItem(v, arg(a, 0, 'name'))],
  [
    'random',
    () => {
      throw new ExprError("the 'random' filter is not supported (afo plans must be deterministic)");
    },
  ],
];
