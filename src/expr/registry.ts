/** Types and argument helpers shared by the filter, test, method and global-function tables. */
import { ExprError } from './errors.js';
import type { Args } from './values.js';
import { defined, typeName } from './values.js';

/** What a filter can call back into: other filters and tests (for map/select/selectattr). */
export interface Env {
  filter(name: string, value: unknown, args: Args): unknown;
  test(name: string, value: unknown, args: Args): boolean;
}

export type FilterFn = (value: unknown, args: Args, env: Env) => unknown;
export type TestFn = (value: unknown, args: Args, env: Env) => boolean;

export const NO_ARGS: Args = { pos: [], kw: new Map() };

/** Builds Args from positional values (for internal calls). */
export function posArgs(...pos: unknown[]): Args {
  return { pos, kw: new Map() };
}

/** Argument `i` (or keyword `name`), else `fallback`; may be an Undefined (see {@link arg}). */
export function rawArg(args: Args, i: number, name: string, fallback?: unknown): unknown {
  if (i >= 0 && i < args.pos.length) return args.pos[i];
  if (args.kw.has(name)) return args.kw.get(name);
  return fallback;
}

/**
 * Argument `i` (or keyword `name`), else `fallback`. An undefined argument fails here, when the
 * filter uses it, not when it is passed: `ternary(groups['x'], '')` is fine while the unused
 * branch is undefined (the original role relies on this).
 */
export function arg(args: Args, i: number, name: string, fallback?: unknown): unknown {
  return defined(rawArg(args, i, name, fallback));
}

export function strArg(args: Args, i: number, name: string, fallback?: string): string {
  const v = arg(args, i, name, fallback);
  if (typeof v !== 'string') throw new ExprError(`argument '${name}' must be a string, got ${typeName(v)}`);
  return v;
}

export function numArg(args: Args, i: number, name: string, fallback?: number): number {
  const v = arg(args, i, name, fallback);
  if (typeof v !== 'number' && typeof v !== 'boolean') {
    throw new ExprError(`argument '${name}' must be a number, got ${typeName(v)}`);
  }
  return Number(v);
}

export function boolArg(args: Args, i: number, name: string, fallback = false): boolean {
  return Boolean(arg(args, i, name, fallback));
}

/** The input as a list (Python's iteration: a dict yields its keys, a string its characters). */
export function iterate(value: unknown, what: string): unknown[] {
  const v = defined(value);
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return Array.from(v);
  if (typeof v === 'object' && v !== null) return Object.keys(v);
  throw new ExprError(`${what}: '${typeName(v)}' object is not iterable`);
}

/** Throws the standard "expected X" error for a filter given the wrong input type. */
export function wrongInput(filter: string, expected: string, got: unknown): never {
  throw new ExprError(`filter '${filter}' expects ${expected}, got ${typeName(got)}`);
}
