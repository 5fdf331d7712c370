/**
 * Ansible's lazy variables: a variable's value may itself be a template referring to other
 * variables (`data_path: "{{ og_home }}/data"`). resolveVars renders them all, each on first use,
 * so order does not matter; cycles are reported; untemplated values are returned by reference.
 *
 * A value that cannot be resolved (it refers to a variable that does not exist yet, e.g. one a
 * later set_fact provides) does not fail the whole set: like in Ansible it only fails when used.
 * It becomes an {@link Undefined} carrying the reason, so `x is defined` is false,
 * `x | default(...)` works, and `{{ x }}` reports why x is undefined. Any other failure (a
 * recursive loop, a syntax error) becomes an {@link Unresolvable}: every use of it fails.
 */
import { setKey } from './access.js';
import { ExprError, Undefined, Unresolvable } from './errors.js';
import type { Lookup } from './interpreter.js';
import { Interpreter, MISSING } from './interpreter.js';
import { isTemplated, renderDeep, renderTemplate } from './template.js';
import type { Dict } from './values.js';

/** Returns a new plain object with every templated variable value rendered. */
export function resolveVars(vars: Record<string, unknown>): Record<string, unknown> {
  const done = new Map<string, unknown>();
  const busy = new Set<string>();
  const lookup: Lookup = (name) => {
    if (!Object.hasOwn(vars, name)) return name === 'vars' ? vars : MISSING;
    return resolveOne(name);
  };
  const it = new Interpreter(lookup);

  function resolveOne(name: string): unknown {
    if (done.has(name)) return done.get(name);
    const raw = vars[name];
    if (!isTemplated(raw)) return raw;
    if (busy.has(name)) throw new ExprError(`recursive loop detected in '${name}'`);
    busy.add(name);
    let value: unknown;
    try {
      value = renderDeep(raw, (s) => renderTemplate(s, lookup, it));
    } catch (err) {
      // An undefined reference may be guarded where the variable is used; anything else may not.
      const undefinedUse = err instanceof ExprError && err.undefinedUse;
      const reason = err instanceof ExprError ? (undefinedUse ? err.reason : err.message) : String(err);
      const hint = reason.includes(`'${name}'`) ? reason : `${reason} (in the value of '${name}')`;
      value = undefinedUse ? new Undefined(hint) : new Unresolvable(new ExprError(hint));
    } finally {
      busy.delete(name);
    }
    done.set(name, value);
    return value;
  }

  // Build by assignment in key order (measured faster than spreading and overwriting).
  const out: Dict = {};
  for (const name of Object.keys(vars)) setKey(out, name, resolveOne(name));
  return out;
}
