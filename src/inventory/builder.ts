/**
 * Builds an Inventory the way Ansible's InventoryData does (add_group, add_child, add_host,
 * reconcile_inventory), so that group order, child order, `all`'s children and `ungrouped`
 * come out exactly as `ansible-inventory --list` shows them.
 */
import type { Inventory, InventoryGroup, InventoryHost, SourceRef } from './types.js';

import { UserError } from '../errors.js';

export class CycleError extends Error {}

export function emptyInventory(file: string, dir: string): Inventory {
  const inv: Inventory = {
    file,
    dir,
    groups: Object.create(null) as Record<string, InventoryGroup>,
    groupOrder: [],
    hosts: Object.create(null) as Record<string, InventoryHost>,
    hostOrder: [],
    groupVarsFiles: Object.create(null) as Record<string, never>,
    hostVarsFiles: Object.create(null) as Record<string, never>,
    warnings: [],
  };
  addGroup(inv, 'all');
  addGroup(inv, 'ungrouped');
  addChild(inv, 'all', 'ungrouped');
  return inv;
}

export function addGroup(inv: Inventory, name: string, source?: SourceRef): InventoryGroup {
  const existing = inv.groups[name];
  if (existing) return existing;
  const g: InventoryGroup = {
    name,
    hosts: [],
    children: [],
    parents: [],
    vars: {},
    varSources: {},
    depth: 0,
    priority: 1,
    ...(source ? { source } : {}),
  };
  inv.groups[name] = g;
  inv.groupOrder.push(name);
  return g;
}

/** All ancestors of a group (parents, their parents, ...), nearest first, without duplicates. */
export function ancestorsOf(inv: Inventory, group: string): string[] {
  const seen = new Set<string>();
  const queue = [...(inv.groups[group]?.parents ?? [])];
  for (let i = 0; i < queue.length; i++) {
    const g = queue[i]!;
    if (seen.has(g)) continue;
    seen.add(g);
    for (const p of inv.groups[g]?.parents ?? []) if (!seen.has(p)) queue.push(p);
  }
  return [...seen];
}

/** Deepest `:children` nesting afo builds (real inventories use a handful of levels). */
export const MAX_GROUP_DEPTH = 500;

/** Ansible's Group.add_child_group: refuses self-parenting and cycles, keeps first-add order. */
export function addChild(inv: Inventory, parent: string, child: string): void {
  const p = inv.groups[parent]!;
  const c = inv.groups[child]!;
  if (parent === child) throw new CycleError(`group '${child}' cannot be its own child`);
  if (p.children.includes(child)) return;
  // Ansible's message for `[x:children]` holding `all` (every group is already inside all).
  if (child === 'all') throw new CycleError(`Adding group '${parent}' as child to 'all' creates a recursive dependency loop ('all' cannot be a child group)`);
  if (parent === 'all' ? false : ancestorsOf(inv, parent).includes(child)) {
    throw new CycleError(`making '${child}' a child of '${parent}' creates a loop ('${parent}' is already inside '${child}')`);
  }
  p.children.push(child);
  if (!c.parents.includes(parent)) c.parents.push(parent);
}

/** Each group's hosts as a set, so adding 100k hosts stays linear (the arrays keep the order). */
const hostSets = new WeakMap<object, Set<string>>();

function hostSet(g: { hosts: string[] }): Set<string> {
  let set = hostSets.get(g);
  if (!set || set.size !== g.hosts.length) {
    set = new Set(g.hosts);
    hostSets.set(g, set);
  }
  return set;
}

export function addHostToGroup(inv: Inventory, host: string, group: string): void {
  const g = inv.groups[group]!;
  const h = inv.hosts[host]!;
  const set = hostSet(g);
  if (!set.has(host)) {
    g.hosts.push(host);
    set.add(host);
  }
  if (!h.groups.includes(group)) h.groups.push(group);
}

export function addHost(inv: Inventory, name: string, source: SourceRef): { host: InventoryHost; isNew: boolean } {
  const existing = inv.hosts[name];
  if (existing) return { host: existing, isNew: false };
  const host: InventoryHost = { name, vars: {}, varSources: {}, source, groups: [] };
  inv.hosts[name] = host;
  inv.hostOrder.push(name);
  return { host, isNew: true };
}

function removeHostFromGroup(inv: Inventory, host: string, group: string): void {
  const g = inv.groups[group]!;
  g.hosts = g.hosts.filter((h) => h !== host);
  const h = inv.hosts[host]!;
  h.groups = h.groups.filter((x) => x !== group);
}

/** Ansible's reconcile_inventory: roots under `all`, `ungrouped` fixed up, depths computed. */
export function reconcile(inv: Inventory): void {
  for (const name of inv.groupOrder) {
    if (name !== 'all' && ancestorsOf(inv, name).length === 0) addChild(inv, 'all', name);
  }
  for (const name of inv.hostOrder) {
    const h = inv.hosts[name]!;
    const mine = new Set(h.groups.flatMap((g) => [g, ...ancestorsOf(inv, g)]));
    if (mine.has('ungrouped')) {
      const others = [...mine].filter((g) => g !== 'all' && g !== 'ungrouped');
      if (others.length > 0) removeHostFromGroup(inv, name, 'ungrouped');
    } else if (mine.size === 0 || (mine.size === 1 && mine.has('all'))) {
      addHostToGroup(inv, name, 'ungrouped');
    }
  }
  const memo = new Map<string, number>();
  for (const name of inv.groupOrder) inv.groups[name]!.depth = depthOf(inv, name, memo, 0);
  for (const name of inv.hostOrder) {
    if (inv.groups[name]) inv.warnings.push(`'${name}' is both a group and a host name`);
  }
}

/** Longest path from `all`: what Ansible's incremental depth updates end up with. */
function depthOf(inv: Inventory, group: string, memo: Map<string, number>, level: number): number {
  const known = memo.get(group);
  if (known !== undefined) return known;
  if (level > MAX_GROUP_DEPTH) throw tooDeep(inv, group);
  const parents = inv.groups[group]!.parents;
  let d = 0;
  for (const p of parents) d = Math.max(d, depthOf(inv, p, memo, level + 1) + 1);
  if (d > MAX_GROUP_DEPTH) throw tooDeep(inv, group);
  memo.set(group, d);
  return d;
}

function tooDeep(inv: Inventory, group: string): UserError {
  return new UserError(`${inv.file}: groups are nested more than ${MAX_GROUP_DEPTH} levels deep (at '${group}'); flatten the :children sections`);
}
