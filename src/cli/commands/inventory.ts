/**
 * `afo inventory -i FILE --list | --host H | --graph [GROUP]`: the inventory as Ansible sees it,
 * in ansible-inventory's output format, so `afo inventory` and `ansible-inventory` can be
 * compared on the same file. `--host` with `-e` also shows the extra vars applied.
 */
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { inventoryGraph, inventoryListing } from '../../vars/listing.js';
import { loadInventory } from '../../inventory/load.js';
import { fsLoader, withVault } from '../../inventory/loader.js';
import { parseExtraVars } from '../../vars/extra-vars.js';
import { resolveHostVars } from '../../vars/precedence.js';
import type { Vault } from '../../vault/index.js';
import { vaultFrom, withVaultFlags, type VaultFlags } from '../vault-flags.js';

interface InventoryOptions extends VaultFlags {
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

export function runInventory(opts: InventoryOptions, out: (s: string) => void, warn: (s: string) => void, vault?: Vault): void {
  // Checked here rather than by commander so that a usage mistake exits 2 like other bad input.
  if (!opts.inventory) throw new UserError('afo inventory: -i FILE is required (e.g. -i inventories/opengauss/hosts.ini)');
  const modes = [opts.list, opts.host !== undefined, opts.graph !== undefined].filter(Boolean).length;
  if (modes !== 1) throw new UserError('afo inventory: give exactly one of --list, --host HOST, --graph [GROUP]');
  // `!vault` values print encrypted, as ansible-inventory prints them (whole-file vaults are read).
  const loader = { ...withVault(fsLoader, vault), keepInlineVault: true };
  const inv = loadInventory(opts.inventory, loader);
  for (const w of inv.warnings) warn(w);
  if (opts.list) {
    out(ansibleJson(inventoryListing(inv)));
  } else if (opts.host !== undefined) {
    if (!inv.hosts[opts.host]) throw new UserError(`host '${opts.host}' is not in ${opts.inventory}`);
    const extraVars = parseExtraVars(opts.extraVars, loader);
    out(ansibleJson(resolveHostVars(inv, opts.host, { extraVars })));
  } else {
    const group = typeof opts.graph === 'string' ? opts.graph : 'all';
    if (!inv.groups[group]) throw new UserError(`group '${group}' is not in ${opts.inventory}`);
    out(inventoryGraph(inv, group));
  }
}

export function registerInventoryCommand(program: Command): void {
  withVaultFlags(program.command('inventory'))
    .description('show the inventory as Ansible reads it (same output as ansible-inventory)')
    .option('-i, --inventory <file>', 'INI inventory file (group_vars/ and host_vars/ beside it are read)')
    .option('--list', 'all groups and hosts with their variables, as JSON')
    .option('--host <host>', "one host's variables, as JSON")
    .option('--graph [group]', 'the group tree')
    .option('-e, --extra-vars <vars>', 'extra vars for --host: k=v, @file.yml or JSON (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(async (opts: InventoryOptions) => {
      runInventory(
        opts,
        (s) => process.stdout.write(s + '\n'),
        (s) => process.stderr.write(`afo: warning: ${s}\n`),
        await vaultFrom(opts),
      );
    });
}
