/**
 * Setting inventory variables while refusing silent redefinition: Ansible lets the last line win;
 * afo reports a variable that is given two different values in the inventory file, because in a
 * deployment inventory that is a mistake (which port, which user?) rather than an intent.
 */
import type { SourceRef, VarValue, Vars } from './types.js';

export function sameValue(a: VarValue, b: VarValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Stores `key`; returns the earlier definition if it had a different value (nothing stored). */
export function setVar(
  vars: Vars,
  sources: Record<string, SourceRef>,
  key: string,
  value: VarValue,
  at: SourceRef,
): { value: VarValue; at: SourceRef } | undefined {
  if (Object.hasOwn(vars, key)) {
    const old = vars[key]!;
    if (!sameValue(old, value)) return { value: old, at: sources[key] ?? at };
    return undefined;
  }
  Object.defineProperty(vars, key, { value, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(sources, key, { value: at, enumerable: true, writable: true, configurable: true });
  return undefined;
}

export function conflict(where: string, key: string, old: { value: VarValue; at: SourceRef }, value: VarValue): string {
  return `${where} sets ${key}=${JSON.stringify(value)} but line ${old.at.line} already set ${key}=${JSON.stringify(old.value)}; keep one definition`;
}
