/**
 * The shapes `ansible-inventory` prints: `--list` (groups with hosts/children, `_meta.hostvars`)
 * and `--graph`. Same keys, same list order, empty lists and empty groups left out, as in
 * ansible/cli/inventory.py, so the two outputs can be compared directly.
 */
import { inventoryHostVars } from './precedence.js';
import type { Inventory, Vars } from '../inventory/types.js';

export interface ListedGroup {
  hosts?: string[];
  children?: string[];
}

export type InventoryListing = Record<string, ListedGroup> & { _meta: { hostvars: Record<string, Vars> } };

export function inventoryListing(inv: Inventory): InventoryListing {
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  const visit = (name: string): void => {
    const g = inv.groups[name]!;
    const entry: ListedGroup = {};
    if (name !== 'all' && g.hosts.length > 0) entry.hosts = [...g.hosts];
    if (g.children.length > 0) entry.children = [...g.children];
    if (entry.hosts || entry.children) out[name] = entry;
    for (const c of g.children) {
      if (!seen.has(c)) {
        visit(c);
        seen.add(c);
      }
    }
  };
  visit('all');
  const hostvars: Record<string, Vars> = {};
  for (const h of inv.hostOrder) {
    const vars = inventoryHostVars(inv, h);
    if (Object.keys(vars).length > 0) hostvars[h] = vars;
  }
  out._meta = { hostvars };
  return out as InventoryListing;
}

/** `ansible-inventory --graph [group]`. */
export function inventoryGraph(inv: Inventory, group = 'all'): string {
  const lines: string[] = [];
  const name = (text: string, depth: number): string => (depth ? '  |'.repeat(depth) + '--' + text : text);
  const walk = (g: string, depth: number): void => {
    lines.push(name(`@${g}:`, depth));
    for (const c of inv.groups[g]!.children) walk(c, depth + 1);
    if (g !== 'all') for (const h of inv.groups[g]!.hosts) lines.push(name(h, depth + 1));
  };
  walk(group, 0);
  return lines.join('\n');
}
