/**
 * The flags every command that opens a run on an openGauss inventory shares (connection and
 * sudo, like afo deploy), declared and read in one place.
 */
import type { Command } from 'commander';

export const DEFAULT_INVENTORY = 'inventories/opengauss/hosts.ini';

export interface RunFlags {
  inventory: string;
  extraVars: string[];
  json?: boolean;
  askBecomePass?: boolean;
  acceptNewHostKeys?: boolean;
  user?: string;
}

/** Adds -i, -e, --json, -K, -u, --accept-new-host-keys to `cmd`. */
export function withRunFlags(cmd: Command): Command {
  return cmd
    .option('-i, --inventory <file>', 'INI inventory with opengauss_primary/standby/cascade groups', DEFAULT_INVENTORY)
    .option('-e, --extra-vars <vars>', 'variables: k=v, @file.yml or JSON (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--json', 'print the result as one JSON object')
    .option('-K, --ask-become-pass', 'ask for the sudo password (once, for all hosts; else ansible_become_pass or AFO_BECOME_PASS)')
    .option('--accept-new-host-keys', 'record unknown SSH host keys instead of refusing them (a changed key is always refused)')
    .option('-u, --user <name>', "login user where the inventory sets no ansible_user (Ansible's remote_user; default: your user)");
}

/** The run options the flags give (the sudo password asked here, before anything runs). */
export async function runChoices(
  f: RunFlags,
): Promise<{ inventory: string; extraVars: Record<string, unknown>; acceptNewHostKeys?: boolean; becomePassword?: string; remoteUser?: string }> {
  // Loaded on use: declaring the flags (every command, at start-up) must not load the inventory.
  const [{ fsLoader }, { parseExtraVars }, { promptSecret }] = await Promise.all([
    import('../inventory/index.js'),
    import('../vars/index.js'),
    import('./prompt.js'),
  ]);
  const extraVars = parseExtraVars(f.extraVars, fsLoader) as Record<string, unknown>;
  const becomePassword = f.askBecomePass ? await promptSecret('BECOME password: ') : undefined;
  return {
    inventory: f.inventory,
    extraVars,
    ...(f.acceptNewHostKeys ? { acceptNewHostKeys: true } : {}),
    ...(becomePassword !== undefined ? { becomePassword } : {}),
    ...(f.user ? { remoteUser: f.user } : {}),
  };
}
