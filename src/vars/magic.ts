/**
 * Ansible's inventory "magic" variables for a host, for expressions and templates:
 * `inventory_hostname`, `inventory_hostname_short`, `group_names` (sorted, without `all`),
 * `groups` (every group -> its hosts, recursively, including `all` and `ungrouped`),
 * `inventory_file`, `inventory_dir`. They sit above all other variables, as in Ansible.
 */
import { groupMap, groupsOfHost, shortHostname } from '../inventory/query.js';
import type { Inventory, Vars } from '../inventory/types.js';

export function magicVars(inv: Inventory, host: string): Vars {
  const groups: Vars = groupMap(inv);
  return {
    inventory_hostname: host,
    inventory_hostname_short: shortHostname(host),
    group_names: groupsOfHost(inv, host)
      .filter((g) => g !== 'all')
      .sort(),
    groups,
    inventory_file: inv.file,
    inventory_dir: inv.dir,
  };
}
