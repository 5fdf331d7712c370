/**
 * Builds an Inventory the way Ansible's InventoryData does (add_group, add_child, add_host,
 * reconcile_inventory), so that group order, child order, `all`'s children and `ungrouped`
 * come out exactly as `ansible-inventory --list` shows them.
 */
import type { Inventory, InventoryGroup, InventoryHost, SourceRef } from './types.js';

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
  const out: string[] = [];
  const queue = [...(inv.groups[group]?.parents ?? [])];
  while (queue.length > 0) {
    const g = queue.shift()!;
    if (out.includes(g)) continue;
    out.push(g);
    queue.push(...(inv.groups[g]?.parents ?? []));
  }
  return out;
}

/** Ansible's Group.add_child_group: refuses self-parenting and cycles, keeps first-add order. */
export function addChild(inv: Inventory, parent: string, child: string): void {
  const p = inv.groups[parent]!;
  const c = inv.groups[child]!;
  if (parent === child) throw new CycleError(`group '${child}' cannot be its own child`);
  if (p.children.includes(child)) return;
  if (parent === 'all' ? false : ancestorsOf(inv, parent).includes(child)) {
    throw new CycleError(`making '${child}' a child of '${parent}' creates a loop ('${parent}' is already inside '${child}')`);
  }
  p.children.push(child);
  if (!c.parents.includes(parent)) c.parents.push(parent);
}

export function addHostToGroup(inv: Inventory, host: string, group: string): void {
  const g = inv.groups[group]!;
  const h = inv.hosts[host]!;
  if (!g.hosts.includes(host)) g.hosts.push(host);
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
  for (const name of inv.groupOrder) inv.groups[name]!.depth = depthOf(inv, name, new Map());
  for (const name of inv.hostOrder) {
    if (inv.groups[name]) inv.warnings.push(`'${name}' is both a group and a host name`);
  }
}

/** Longest path from `all`: what Ansible's incremental depth updates end up with. */
function depthOf(inv: Inventory, group: string, memo: Map<string, number>): number {
  const known = memo.get(group);
  if (known !== undefined) return known;
  const parents = inv.groups[group]!.parents;
  const d = parents.length === 0 ? 0 : Math.max(...parents.map((p) => depthOf(inv, p, memo) + 1));
  memo.set(group, d);
  return d;
}
