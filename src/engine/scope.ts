/**
 * Variable scope for one host and task, lowest to highest: role defaults (deep-merged under)
 * inventory vars, facts, role vars, block/task vars, include loop vars, set_fact/register,
 * -e extra vars. Magic variables (inventory_hostname, groups, hostvars, ...) are added on top.
 */
import { resolveVars } from '../expr/index.js';
import { TaskFailure, type Scope } from './expr.js';
import type { HostState } from './host.js';

/** A marker `default(omit)` yields; arguments equal to it are dropped (Ansible's `omit`). */
export const OMIT = '__afo_omit_placeholder__';

export interface ScopeInput {
  defaults: Record<string, unknown>;
  roleVars: Record<string, unknown>;
  extraVars: Record<string, unknown>;
  groups: Record<string, string[]>;
  playHosts: string[];
  check: boolean;
  diff: boolean;
  roleName: string;
  rolePath: string;
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
    inventory_hostname_short: h.name.split('.')[0],
  };
}

/** Full scope for a task on a host; `frame` holds include/loop variables. */
export function taskScope(h: HostState, input: ScopeInput, taskVars: Record<string, unknown>, frame: Scope): Scope {
  const raw: Scope = {
    ...deepMerge(input.defaults, h.host.vars),
    ...h.factVars,
    ...input.roleVars,
    ...taskVars,
    ...frame,
    ...h.runVars,
    ...input.extraVars,
    inventory_hostname: h.name,
    inventory_hostname_short: h.name.split('.')[0],
    groups: input.groups,
    group_names: Object.entries(input.groups)
      .filter(([g, hs]) => g !== 'all' && g !== 'ungrouped' && hs.includes(h.name))
      .map(([g]) => g),
    hostvars: input.hostvars(),
    play_hosts: input.playHosts,
    ansible_play_hosts: input.playHosts,
    ansible_play_hosts_all: input.playHosts,
    ansible_play_batch: input.playHosts,
    ansible_check_mode: input.check,
    ansible_diff_mode: input.diff,
    role_name: input.roleName,
    role_path: input.rolePath,
    omit: OMIT,
  };
  // Loop variables are values already; they must win over anything of the same name.
  Object.assign(raw, frame);
  try {
    return resolveVars(raw);
  } catch (err) {
    throw new TaskFailure(`variables: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Nested maps merge key by key (a user overrides one nested default); anything else replaces. */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
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
