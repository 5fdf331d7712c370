/**
 * Variable precedence for one host, lowest first, following Ansible's list for what afo has
 * (https://docs.ansible.com/ansible/latest/playbook_guide/playbooks_variables.html):
 *
 *   1. role defaults
 *   2. inventory file `[all:vars]`
 *   3. inventory file `[group:vars]`     (groups sorted: shallow first, then priority, then name)
 *   4. group_vars/all
 *   5. group_vars/<group>                (same group order)
 *   6. inventory file host-line vars
 *   7. host_vars/<host>
 *   8. extra vars (`-e`, in command-line order)
 *
 * Ansible puts *all* inventory-file group vars (2-3) below *all* group_vars/ files (4-5); so does
 * afo. Layers 2-8 combine Ansible's way (a key replaces the lower one whole); the result is then
 * deep-merged over the role defaults, as the original AFO did, so `group_vars/all.yml` can set
 * `opengauss_env: {clusterName: x}` and keep every other default of `opengauss_env`.
 */
import { groupsOfHost } from '../inventory/query.js';
import type { Inventory, Vars } from '../inventory/types.js';
import { combineLayers, deepMerge, type HashBehaviour } from './merge.js';

/** One source of variables and where it came from (for `afo inventory --host` and debugging). */
export interface VarLayer {
  /** E.g. "inventory [all:vars]", "group_vars/opengauss.yml", "host_vars/10.0.0.1.yml". */
  source: string;
  vars: Vars;
}

/** Layers 2-7 for a host: the inventory's view, lowest first (empty layers left out). */
export function inventoryLayers(inv: Inventory, host: string): VarLayer[] {
  const groups = groupsOfHost(inv, host); // 'all' first
  const others = groups.filter((g) => g !== 'all');
  const layers: VarLayer[] = [];
  const add = (source: string, vars: Vars | undefined): void => {
    if (vars && Object.keys(vars).length > 0) layers.push({ source, vars });
  };
  add(`${inv.file} [all:vars]`, inv.groups.all?.vars);
  for (const g of others) add(`${inv.file} [${g}:vars]`, inv.groups[g]!.vars);
  const gv = (g: string): void => {
    const set = inv.groupVarsFiles[g];
    if (set) add(set.files.join(', '), set.vars);
  };
  gv('all');
  others.forEach(gv);
  add(`${inv.file}:${inv.hosts[host]!.source.line} (host line)`, inv.hosts[host]!.vars);
  const hv = inv.hostVarsFiles[host];
  if (hv) add(hv.files.join(', '), hv.vars);
  return layers;
}

/** What `ansible-inventory --list` shows under `_meta.hostvars[host]`. */
export function inventoryHostVars(inv: Inventory, host: string): Vars {
  return combineLayers(inventoryLayers(inv, host).map((l) => l.vars));
}

export interface ResolveOptions {
  /** Role defaults (roles/NAME/defaults/main.yml), merged in order given. */
  roleDefaults?: Vars;
  /** Parsed `-e` values (see parseExtraVars). */
  extraVars?: Vars;
  /** How layers 2-8 combine: Ansible's default 'replace', or 'merge' (hash_behaviour=merge). */
  hashBehaviour?: HashBehaviour;
}

/** All variables a host sees, before templating. */
export function resolveHostVars(inv: Inventory, host: string, opts: ResolveOptions = {}): Vars {
  const layers = inventoryLayers(inv, host).map((l) => l.vars);
  if (opts.extraVars) layers.push(opts.extraVars);
  return deepMerge(opts.roleDefaults ?? {}, combineLayers(layers, opts.hashBehaviour ?? 'replace'));
}
