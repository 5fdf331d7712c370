/** Dict filters: dict2items, items2dict, combine, dictsort, items, subelements. */
import { setKey } from '../access.js';
import { ExprError } from '../errors.js';
import type { FilterFn } from '../registry.js';
import { arg, boolArg, strArg, wrongInput } from '../registry.js';
import type { Dict } from '../values.js';
import { defined, isDict, pyCompare, pyStr } from '../values.js';
import { attrPath } from './lists.js';

type ListMerge = 'replace' | 'keep' | 'append' | 'prepend' | 'append_rp' | 'prepend_rp';

function mergeLists(a: unknown[], b: unknown[], how: ListMerge): unknown[] {
  switch (how) {
    case 'replace':
      return b;
    case 'keep':
      return a;
    case 'append':
      return [...a, ...b];
    case 'prepend':
      return [...b, ...a];
    case 'append_rp':
      return [...a.filter((x) => !b.includes(x)), ...b];
    case 'prepend_rp':
      return [...b, ...a.filter((x) => !b.includes(x))];
  }
}

/** Ansible's combine: later dicts win; recursive merges nested dicts; never mutates inputs. */
export function combine(a: Dict, b: Dict, recursive: boolean, how: ListMerge): Dict {
  const out: Dict = {};
  for (const [k, v] of Object.entries(a)) setKey(out, k, v);
  for (const [k, v] of Object.entries(b)) {
    const old = Object.hasOwn(out, k) ? out[k] : undefined;
    if (recursive && isDict(old) && isDict(v)) setKey(out, k, combine(old, v, true, how));
    else if (Array.isArray(old) && Array.isArray(v)) setKey(out, k, mergeLists(old, v, how));
    else setKey(out, k, v);
  }
  return out;
}

const LIST_MERGES = new Set(['replace', 'keep', 'append', 'prepend', 'append_rp', 'prepend_rp']);

export const DICT_FILTERS: [string, FilterFn][] = [
  [
    'dict2items',
    (v, a) => {
      if (!isDict(v)) return wrongInput('dict2items', 'a dictionary', v);
      const kn = strArg(a, 0, 'key_name', 'key');
      const vn = strArg(a, 1, 'value_name', 'value');
      return Object.entries(v).map(([k, x]) => {
        const o: Dict = {};
        setKey(o, kn, k);
        setKey(o, vn, x);
        return o;
      });
    },
  ],
  [
    'items2dict',
    (v, a) => {
      if (!Array.isArray(v)) return wrongInput('items2dict', 'a list of dictionaries', v);
      const kn = strArg(a, 0, 'key_name', 'key');
      const vn = strArg(a, 1, 'value_name', 'value');
      const out: Dict = {};
      for (const item of v) {
        if (!isDict(item) || !Object.hasOwn(item, kn) || !Object.hasOwn(item, vn)) {
          throw new ExprError(`items2dict: every item needs '${kn}' and '${vn}' keys`);
        }
        setKey(out, pyStr(item[kn]), item[vn]);
      }
      return out;
    },
  ],
  [
    'combine',
    (v, a) => {
      const how = arg(a, -1, 'list_merge', 'replace');
      if (typeof how !== 'string' || !LIST_MERGES.has(how)) throw new ExprError(`combine: list_merge must be one of ${[...LIST_MERGES].join(', ')}`);
      const recursive = boolArg(a, -1, 'recursive');
      const dicts = [v, ...a.pos.map(defined)].flatMap((d) => (Array.isArray(d) ? d : [d]));
      let out: Dict = {};
      for (const d of dicts) {
        if (!isDict(d)) return wrongInput('combine', 'dictionaries', d);
        out = combine(out, d, recursive, how as ListMerge);
      }
      return out;
    },
  ],
  [
    'dictsort',
    (v, a) => {
      if (!isDict(v)) return wrongInput('dictsort', 'a dictionary', v);
      const cs = boolArg(a, 0, 'case_sensitive');
      const by = strArg(a, 1, 'by', 'key') === 'value' ? 1 : 0;
      const rev = boolArg(a, 2, 'reverse') ? -1 : 1;
      const key = (x: unknown): unknown => (!cs && typeof x === 'string' ? x.toLowerCase() : x);
      return Object.entries(v).sort((x, y) => rev * pyCompare(key(x[by]), key(y[by])));
    },
  ],
  ['items', (v) => (isDict(v) ? Object.entries(v) : wrongInput('items', 'a dictionary', v))],
  [
    'subelements',
    (v, a) => {
      const list = Array.isArray(v) ? v : isDict(v) ? Object.values(v) : wrongInput('subelements', 'a list', v);
      const path = strArg(a, 0, 'subelement');
      const skipMissing = isDict(arg(a, 1, 'skip_missing')) ? false : boolArg(a, 1, 'skip_missing');
      const out: unknown[] = [];
      for (const item of list) {
        const sub = attrPath(item, path);
        if (!Array.isArray(sub)) {
          if (skipMissing) continue;
          throw new ExprError(`subelements: '${path}' of an item is not a list`);
        }
        for (const s of sub) out.push([item, s]);
      }
      return out;
    },
  ],
];
