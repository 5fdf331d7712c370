/**
 * The flags every command that opens a run on an openGauss inventory shares (connection and
 * sudo, like afo deploy), declared and read in one place.
 */
import type { Command } from 'commander';
import { fsLoader, withVault } from '../inventory/index.js';
import { parseExtraVars } from '../vars/index.js';
import type { CommandRunChoices } from '../play/choices.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promptSecret } from './prompt.js';
import { vaultFrom, withVaultFlags, type VaultFlags } from './vault-flags.js';
import type { SshDefaults } from '../play/hosts.js';

export const DEFAULT_INVENTORY = 'inventories/opengauss/hosts.ini';

export interface RunFlags extends VaultFlags {
  inventory: string;
  extraVars: string[];
  json?: boolean;
  askBecomePass?: boolean;
  acceptNewHostKeys?: boolean;
  user?: string;
  /** afo.cfg's connection defaults (src/cli/settings/apply.ts). */
  ssh?: SshDefaults;
  sshConfig?: string;
}

export const SSH_CONFIG_HELP =
  "ssh client config to apply (Host/Match: HostName, User, Port, IdentityFile, ProxyJump); default: AFO_SSH_CONFIG, else ~/.ssh/config; 'none' for none";

/** The ssh config file of a run: `--ssh-config`, else AFO_SSH_CONFIG, else ~/.ssh/config (as `ssh -F`). */
export function sshConfigFile(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? (env.AFO_SSH_CONFIG || undefined) ?? join(homedir(), '.ssh', 'config');
}

/** Adds -i, -e, --json, -K, -u, --accept-new-host-keys, --ssh-config and the vault flags to `cmd`. */
export function withRunFlags(cmd: Command): Command {
  return withVaultFlags(cmd)
    .option('-i, --inventory <file>', 'INI inventory with opengauss_primary/standby/cascade groups', DEFAULT_INVENTORY)
    .option('-e, --extra-vars <vars>', 'variables: k=v, @file.yml or JSON (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--json', 'print the result as one JSON object')
    .option('-K, --ask-become-pass', 'ask for the sudo password (once, for all hosts; else ansible_become_pass or AFO_BECOME_PASS)')
    .option('--accept-new-host-keys', 'record unknown SSH host keys instead of refusing them (a changed key is always refused)')
    .option('-u, --user <name>', "login user where the inventory sets no ansible_user (Ansible's remote_user; default: your user)")
    .option('--ssh-config <file>', SSH_CONFIG_HELP);
}

/** The run options the flags give (the vault and sudo passwords asked here, before anything runs). */
export async function runChoices(f: RunFlags): Promise<CommandRunChoices & { sshConfigFile: string }> {
  const vault = await vaultFrom(f);
  const extraVars = parseExtraVars(f.extraVars, withVault(fsLoader, vault)) as Record<string, unknown>;
  const becomePassword = f.askBecomePass ? await promptSecret('BECOME password: ') : undefined;
  return {
    inventory: f.inventory,
    extraVars,
    ...(vault ? { vault } : {}),
    ...(f.acceptNewHostKeys ? { acceptNewHostKeys: true } : {}),
    ...(becomePassword !== undefined ? { becomePassword } : {}),
    ...(f.user ? { remoteUser: f.user } : {}),
    ...(f.ssh ? { ssh: f.ssh } : {}),
    sshConfigFile: sshConfigFile(f.sshConfig),
  };
}
