/** What `afo inventory` does once chosen (inventory.ts holds its flags; loaded on use). */
import { UserError } from '../../errors.js';
import { inventoryGraph, inventoryListing } from '../../vars/listing.js';
import { loadInventory } from '../../inventory/load.js';
import { fsLoader } from '../../inventory/loader.js';
import { parseExtraVars } from '../../vars/extra-vars.js';
import { resolveHostVars } from '../../vars/precedence.js';

export interface InventoryOptions {
  inventory?: string;
  list?: boolean;
  host?: string;
  graph?: string | boolean;
  extraVars: string[];
}

/** JSON with sorted keys and 4-space indent, as ansible-inventory prints it. */
export function ansibleJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        Object.defineProperty(out, k, { value: sort((v as Record<string, unknown>)[k]), enumerable: true });
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sort(value), null, 4);
}

export function runInventory(opts: InventoryOptions, out: (s: string) => void, warn: (s: string) => void): void {
  // Checked here rather than by commander so that a usage mistake exits 2 like other bad input.
  if (!opts.inventory) throw new UserError('afo inventory: -i FILE is required (e.g. -i inventories/opengauss/hosts.ini)');
  const modes = [opts.list, opts.host !== undefined, opts.graph !== undefined].filter(Boolean).length;
  if (modes !== 1) throw new UserError('afo inventory: give exactly one of --list, --host HOST, --graph [GROUP]');
  const inv = loadInventory(opts.inventory, fsLoader);
  for (const w of inv.warnings) warn(w);
  if (opts.list) {
    out(ansibleJson(inventoryListing(inv)));
  } else if (opts.host !== undefined) {
    if (!inv.hosts[opts.host]) throw new UserError(`host '${opts.host}' is not in ${opts.inventory}`);
    const extraVars = parseExtraVars(opts.extraVars, fsLoader);
    out(ansibleJson(resolveHostVars(inv, opts.host, { extraVars })));
  } else {
    const group = typeof opts.graph === 'string' ? opts.graph : 'all';
    if (!inv.groups[group]) throw new UserError(`group '${group}' is not in ${opts.inventory}`);
    out(inventoryGraph(inv, group));
  }
}
