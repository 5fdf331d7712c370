/** Global functions and constants: range(), dict(), lookup('env', ...), query(), omit. */
import { setKey } from './access.js';
import { ExprError } from './errors.js';
import { arg } from './registry.js';
import type { Args, Dict } from './values.js';
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

function envLookup(a: Args, asList: boolean): unknown {
  const plugin = defined(a.pos[0]);
  if (plugin !== 'env' && plugin !== 'ansible.builtin.env') {
    throw new ExprError(`lookup plugin '${pyStr(plugin)}' is not supported (afo supports lookup('env', NAME) only)`);
  }
  const dflt = arg(a, -1, 'default', '');
  const values = a.pos.slice(1).map((n) => {
    const name = defined(n);
    if (typeof name !== 'string') throw new ExprError(`lookup('env') needs variable names, got ${typeName(name)}`);
    return process.env[name] ?? dflt;
  });
  if (asList || a.kw.get('wantlist') === true) return values;
  return values.length === 1 ? values[0] : values.map(pyStr).join(',');
}

/** Names available to every expression unless a variable of the same name shadows them. */
export const GLOBALS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['range', new Callable('range', range)],
  ['dict', new Callable('dict', dict)],
  ['lookup', new Callable('lookup', (a) => envLookup(a, false))],
  ['query', new Callable('query', (a) => envLookup(a, true))],
  ['q', new Callable('q', (a) => envLookup(a, true))],
  ['omit', OMIT],
]);

