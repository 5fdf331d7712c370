/** The filter table: name -> implementation. Add a filter by adding it to one of these lists. */
import type { FilterFn } from '../registry.js';
import { CONVERT_FILTERS } from './convert.js';
import { CRYPT_FILTERS } from './crypt.js';
import { DICT_FILTERS } from './dicts.js';
import { LIST_FILTERS } from './lists.js';
import { NET_FILTERS } from './net.js';
import { STRING_FILTERS } from './strings.js';

const ALIASES: [string, string][] = [['d', 'default']];

function build(): Map<string, FilterFn> {
  const m = new Map<string, FilterFn>([...CONVERT_FILTERS, ...STRING_FILTERS, ...LIST_FILTERS, ...DICT_FILTERS, ...NET_FILTERS, ...CRYPT_FILTERS]);
  for (const [alias, target] of ALIASES) m.set(alias, m.get(target) as FilterFn);
  return m;
}

export const FILTERS: ReadonlyMap<string, FilterFn> = build();

/** Filters that receive an undefined input (every other filter fails on it with the variable's name). */
export const PASSES_UNDEFINED: ReadonlySet<string> = new Set(['default', 'd', 'mandatory']);
