/** Item and attribute access, and safe writes: the sandbox boundary between expressions and JS objects. */
import { Undefined } from './errors.js';
import { methodOf } from './methods.js';
import type { Dict } from './values.js';
import { isDict, pyStr, typeName } from './values.js';

/** Sets an own data property (never the `__proto__` setter): the sandbox's write side. */
export function setKey(obj: Dict, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `obj[key]` / `obj.key` with Jinja's rules; own properties and whitelisted methods only. */
export function getItem(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undefined) return obj;
  if (isDict(obj)) {
    const k = typeof key === 'number' || typeof key === 'boolean' ? String(key) : key;
    if (typeof k === 'string' && Object.hasOwn(obj, k)) return obj[k];
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

