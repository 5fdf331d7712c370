/** Read-only questions about an Inventory: membership with ancestors, hosts of a group. */
import { UserError } from '../errors.js';
import { ancestorsOf } from './builder.js';
import { isIpAddress } from './ranges.js';
import type { Inventory } from './types.js';

/** Ansible's sort_groups: shallow groups first, then lower priority, then by name. */
export function sortGroups(inv: Inventory, names: Iterable<string>): string[] {
  return [...names].sort((a, b) => {
    const ga = inv.groups[a]!;
    const gb = inv.groups[b]!;
    return ga.depth - gb.depth || ga.priority - gb.priority || (a < b ? -1 : a > b ? 1 : 0);
  });
}

/**
 * Every group a host belongs to, directly or through a parent, including `all`, in the order
 * Ansible applies their variables (`all` first, children after parents, ties by name).
 */
export function groupsOfHost(inv: Inventory, host: string): string[] {
  const h = inv.hosts[host];
  if (!h) throw new UserError(`unknown host '${host}' (not in ${inv.file})`);
  const set = new Set<string>(['all']);
  for (const g of h.groups) {
    set.add(g);
    for (const a of ancestorsOf(inv, g)) set.add(a);
  }
  return sortGroups(inv, set);
}

/** A group and its descendants: itself, its children, their children, ... (breadth first). */
export function descendantsOf(inv: Inventory, group: string): string[] {
  const out = [group];
  for (let i = 0; i < out.length; i++) {
    for (const c of inv.groups[out[i]!]?.children ?? []) if (!out.includes(c)) out.push(c);
  }
  return out;
}

/** All hosts of a group, recursively through its children, each once, in Ansible's order. */
export function hostsOfGroup(inv: Inventory, group: string): string[] {
  if (!inv.groups[group]) throw new UserError(`unknown group '${group}' (not in ${inv.file})`);
  const seen = new Set<string>();
  for (const g of descendantsOf(inv, group)) for (const h of inv.groups[g]!.hosts) seen.add(h);
  return [...seen];
}

/** `inventory_hostname_short` as ansible-core prints it: an IP address whole, a DNS name up to its first dot. */
export function shortHostname(host: string): string {
  return isIpAddress(host) ? host : (host.split('.')[0] ?? host);
}

/** Every group (including `all` and `ungrouped`) -> its hosts, recursively, in inventory order. */
export function groupMap(inv: Inventory): Record<string, string[]> {
  return Object.fromEntries(inv.groupOrder.map((g) => [g, hostsOfGroup(inv, g)]));
}
