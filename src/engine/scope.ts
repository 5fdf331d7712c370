/**
 * Variable scope for one host and task, lowest to highest: role defaults (deep-merged under)
 * inventory vars, facts, role vars, block/task vars, include loop vars, set_fact/register,
 * -e extra vars. Magic variables (inventory_hostname, groups, hostvars, ...) are added on top.
 */
import { OMIT, resolveVars } from '../expr/index.js';
import { shortHostname } from '../inventory/query.js';
import { TaskFailure } from '../errors.js';
import type { Scope } from './evaluate.js';
import { deepMerge } from '../vars/merge.js';
import type { HostState } from './host.js';

export { OMIT };

export interface ScopeInput {
  defaults: Record<string, unknown>;
  roleVars: Record<string, unknown>;
  extraVars: Record<string, unknown>;
  groups: Record<string, string[]>;
  /** All hosts of the run (ansible_play_hosts_all). */
  playHosts: string[];
  /** Hosts still in the run (ansible_play_hosts: failed ones leave it). */
  activeHosts: () => string[];
  check: boolean;
  diff: boolean;
  roleName: string;
  rolePath: string;
  /** hostvars (lazy: each host's variables are resolved when first read). */
  hostvars: () => Record<string, unknown>;
}

/** The host's variables without task-level ones (what `hostvars[name]` shows). */
export function hostBaseVars(h: HostState, input: ScopeInput): Scope {
  return {
    ...deepMerge(input.defaults, h.host.vars),
    ...h.factVars,
    ...input.roleVars,
    ...h.runVars,
    ...input.extraVars,
    inventory_hostname: h.name,
    inventory_hostname_short: shortHostname(h.name),
    group_names: groupNames(h.name, input.groups),
  };
}

/** The host's groups, sorted, without `all` (Ansible's `group_names`). */
function groupNames(host: string, groups: Record<string, string[]>): string[] {
  return Object.entries(groups)
    .filter(([g, hs]) => g !== 'all' && hs.includes(host))
    .map(([g]) => g)
    .sort();
}

/** Full scope for a task on a host; `frame` holds include/loop variables. */
export function taskScope(h: HostState, input: ScopeInput, taskVars: Record<string, unknown>, frame: Scope): Scope {
  // Only user variables go through resolveVars (it renders every templated value); the magic
  // ones below are plain data and would only cost time there.
  const raw: Scope = {
    ...deepMerge(input.defaults, h.host.vars),
    ...h.factVars,
    ...input.roleVars,
    ...taskVars,
    ...frame,
    ...h.runVars,
    ...input.extraVars,
  };
  let scope: Scope;
  try {
    scope = resolveVars(raw);
  } catch (err) {
    throw new TaskFailure(`variables: ${err instanceof Error ? err.message : String(err)}`);
  }
  Object.assign(scope, {
    inventory_hostname: h.name,
    inventory_hostname_short: shortHostname(h.name),
    groups: input.groups,
    group_names: groupNames(h.name, input.groups),
    hostvars: input.hostvars(),
    play_hosts: input.activeHosts(),
    ansible_play_hosts: input.activeHosts(),
    ansible_play_hosts_all: input.playHosts,
    ansible_play_batch: input.activeHosts(),
    ansible_check_mode: input.check,
    ansible_diff_mode: input.diff,
    role_name: input.roleName,
    role_path: input.rolePath,
  });
  // Loop variables are values already; they must win over anything of the same name.
  return Object.assign(scope, frame);
}

/** `hostvars`: a read-only view whose entries are resolved on first access. */
export function lazyHostvars(names: string[], resolve: (name: string) => Scope): Record<string, unknown> {
  const memo = new Map<string, Scope>();
  const target: Record<string, unknown> = Object.fromEntries(names.map((n) => [n, undefined]));
  const read = (key: string): Scope => {
    let v = memo.get(key);
    if (!v) {
      v = resolve(key);
      memo.set(key, v);
    }
    return v;
  };
  return new Proxy(target, {
    get: (t, key) => (typeof key === 'string' && Object.hasOwn(t, key) ? read(key) : undefined),
    getOwnPropertyDescriptor: (t, key) =>
      typeof key === 'string' && Object.hasOwn(t, key) ? { value: read(key), enumerable: true, configurable: true, writable: true } : undefined,
  });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/** Remove arguments whose value is the `omit` marker (deeply in mappings). */
export function dropOmitted(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== OMIT).map(dropOmitted);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== OMIT) out[k] = dropOmitted(v);
    return out;
  }
  return value;
}
