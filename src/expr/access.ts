/** Item and attribute access, and safe writes: the sandbox boundary between expressions and JS objects. */
import { Undefined, Unresolvable } from './errors.js';
import { methodOf } from './methods.js';
import type { Dict } from './values.js';
import { isDict, pyStr, typeName } from './values.js';

/**
 * Sets an own data property: the sandbox's write side. Plain assignment is safe for every key but
 * `__proto__`, which would invoke the prototype setter; that one is defined as data instead.
 */
export function setKey(obj: Dict, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** `obj[key]` / `obj.key` with Jinja's rules; own properties and whitelisted methods only. */
export function getItem(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undefined) return obj;
  if (isDict(obj)) {
    const k = typeof key === 'number' || typeof key === 'boolean' ? String(key) : key;
    if (typeof k === 'string' && Object.hasOwn(obj, k)) {
      const v = obj[k];
      if (v instanceof Unresolvable) throw v.error;
      return v;
    }
    const m = typeof k === 'string' ? methodOf(obj, k) : undefined;
    return m ?? new Undefined(`'dict object' has no attribute ${typeof k === 'string' ? `'${k}'` : pyStr(k)}`);
  }
  if (Array.isArray(obj) || typeof obj === 'string') {
    if (typeof key === 'number' && Number.isInteger(key)) {
      const i = key < 0 ? obj.length + key : key;
      if (i >= 0 && i < obj.length) return obj[i];
      return new Undefined(`${Array.isArray(obj) ? 'list' : 'str'} object has no element ${key}`);
    }
  }
  if (typeof key === 'string') {
    const m = methodOf(obj, key);
    if (m) return m;
  }
  return new Undefined(`'${obj === null ? 'None' : typeName(obj) + ' object'}' has no attribute '${pyStr(key)}'`);
}
