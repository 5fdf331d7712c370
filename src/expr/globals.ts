/** Global functions and constants: range(), dict(), lookup('env' | 'password', ...), query(), omit. */
import { setKey } from './access.js';
import { ExprError } from './errors.js';
import { passwordLookup, passwordParams } from './lookup-password.js';
import { arg } from './registry.js';
import type { Args, CallEnv, Dict } from './values.js';
import { Callable, defined, isDict, pyStr, typeName } from './values.js';

/**
 * The value of `omit`: a module argument rendered to exactly this string should be dropped
 * (Ansible's `param: "{{ x | default(omit) }}"`). The engine compares against it.
 */
export const OMIT = '__omit_place_holder__afo__';

const RANGE_LIMIT = 1_000_000;

function range(a: Args): number[] {
  const nums = a.pos.map((v, i) => {
    const n = defined(v);
    if (typeof n !== 'number' || !Number.isInteger(n)) throw new ExprError(`range() argument ${i + 1} must be an integer, got ${typeName(n)}`);
    return n;
  });
  const [start, stop, step] = nums.length === 1 ? [0, nums[0] as number, 1] : [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 1];
  if (step === 0) throw new ExprError('range() arg 3 must not be zero');
  const len = Math.max(0, Math.ceil((stop - start) / step));
  if (len > RANGE_LIMIT) throw new ExprError(`range() too large (${len} items)`);
  return Array.from({ length: len }, (_v, i) => start + i * step);
}

function dict(a: Args): Dict {
  const out: Dict = {};
  const put = (k: unknown, v: unknown): void => setKey(out, pyStr(k), v);
  const src = a.pos[0] === undefined ? undefined : defined(a.pos[0]);
  if (src !== undefined) {
    if (isDict(src)) for (const [k, v] of Object.entries(src)) put(k, v);
    else if (Array.isArray(src)) {
      for (const pair of src) {
        if (!Array.isArray(pair) || pair.length !== 2) throw new ExprError('dict() needs a list of [key, value] pairs');
        put(pair[0], pair[1]);
      }
    } else throw new ExprError(`dict() cannot convert ${typeName(src)}`);
  }
  for (const [k, v] of a.kw) put(k, v);
  return out;
}

/** The lookup plugins afo has (check.ts refuses the others at load time). */
export const LOOKUP_PLUGINS = new Set(['env', 'ansible.builtin.env', 'password', 'ansible.builtin.password']);

function lookup(a: Args, env: CallEnv, asList: boolean): unknown {
  const plugin = defined(a.pos[0]);
  if (typeof plugin !== 'string' || !LOOKUP_PLUGINS.has(plugin)) {
    throw new ExprError(`lookup plugin '${pyStr(plugin)}' is not supported (afo supports lookup('env', NAME) and lookup('password', PATH))`);
  }
  const values = plugin.endsWith('password') ? passwords(a, env) : envValues(a);
  if (asList || a.kw.get('wantlist') === true) return values;
  return values.length === 1 ? values[0] : values.map(pyStr).join(',');
}

function envValues(a: Args): unknown[] {
  const dflt = arg(a, -1, 'default', '');
  return a.pos.slice(1).map((n) => {
    const name = defined(n);
    if (typeof name !== 'string') throw new ExprError(`lookup('env') needs variable names, got ${typeName(name)}`);
    return process.env[name] ?? dflt;
  });
}

function passwords(a: Args, env: CallEnv): string[] {
  const base = env.variable('playbook_dir');
  const dir = typeof base === 'string' && base !== '' ? base : process.cwd();
  return a.pos.slice(1).map((t) => passwordLookup(passwordParams(defined(t), a.kw, dir)));
}

/** Names available to every expression unless a variable of the same name shadows them. */
export const GLOBALS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['range', new Callable('range', range)],
  ['dict', new Callable('dict', dict)],
  ['lookup', new Callable('lookup', (a, env) => lookup(a, env, false))],
  ['query', new Callable('query', (a, env) => lookup(a, env, true))],
  ['q', new Callable('q', (a, env) => lookup(a, env, true))],
  ['omit', OMIT],
]);
