/**
 * Combining variable maps. Ansible replaces a top-level key wholesale (hash_behaviour=replace);
 * the original AFO deep-merged the user's vars over its role defaults with
 * `combine(..., recursive=True)`, so one nested key can be overridden alone. Both are here.
 */
import type { Vars } from '../inventory/types.js';

export type HashBehaviour = 'replace' | 'merge';

type Dict = Record<string, unknown>;

/** A plain mapping (YAML/JSON/INI data); class instances such as expression markers are values. */
function isMap(v: unknown): v is Dict {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Sets an own key safely (a key named `__proto__` stays a plain key). */
function put(out: Dict, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Ansible's combine_vars(a, b) with hash_behaviour=replace: b's keys win whole. */
export function replaceVars(base: Vars, over: Vars): Vars {
  const out: Vars = {};
  for (const [k, v] of Object.entries(base)) put(out, k, v);
  for (const [k, v] of Object.entries(over)) put(out, k, v);
  return out;
}

/**
 * Recursive merge: maps merge key by key, anything else (lists, scalars, null) in `over` replaces
 * what `base` had. Neither input is modified. The one deep merge of variables: role defaults
 * under the inventory's, here and in the engine's task scope.
 */
export function deepMerge(base: Vars, over: Vars): Vars;
export function deepMerge(base: Dict, over: Dict): Dict;
export function deepMerge(base: Dict, over: Dict): Dict {
  const out: Dict = {};
  for (const [k, v] of Object.entries(base)) put(out, k, v);
  for (const [k, v] of Object.entries(over)) {
    const old = out[k];
    put(out, k, Object.hasOwn(out, k) && isMap(old) && isMap(v) ? deepMerge(old, v) : v);
  }
  return out;
}

/** Combines layers lowest precedence first. */
export function combineLayers(layers: readonly Vars[], how: HashBehaviour = 'replace'): Vars {
  return layers.reduce<Vars>((acc, l) => (how === 'merge' ? deepMerge(acc, l) : replaceVars(acc, l)), {});
}
