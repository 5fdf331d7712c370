/**
 * What every command that opens a run on an openGauss inventory takes from its flags (deploy,
 * expand, status, switchover, scale-in): one shape, declared once (src/cli/run-flags.ts fills it),
 * and handed to openRun in one place (openCommandRun).
 */
import type { Inventory } from '../inventory/types.js';
import type { TaskLoader } from '../roles/load.js';
import type { Vault } from '../vault/index.js';
import type { SshDefaults } from './hosts.js';
import { openRun, type OpenedRun, type OpenRunOptions } from './open.js';

export interface CommandRunChoices {
  inventory: string;
  extraVars: Record<string, unknown>;
  /** Vault passwords for vaulted group_vars/host_vars (docs/architecture.md §8). */
  vault?: Vault;
  /** Record unknown SSH host keys instead of refusing them (a changed key is always refused). */
  acceptNewHostKeys?: boolean;
  /** The sudo password for every host, asked once (`--ask-become-pass`); the inventory's wins. */
  becomePassword?: string;
  /** `-u`: the login user where the inventory sets none (Ansible's remote_user). */
  remoteUser?: string;
  /** afo.cfg's connection defaults (README.md, "Settings: afo.cfg"). */
  ssh?: SshDefaults;
  /** The ssh config file (`--ssh-config`, AFO_SSH_CONFIG, ~/.ssh/config; 'none'); absent: none. */
  sshConfigFile?: string;
}

/**
 * Opens the run (src/play/open.ts) on the command's inventory with its choices: each one passed on
 * only when given, the vault's revealed values hidden in every output, `signal` for Ctrl-C,
 * `connect` a transport instead of SSH (tests).
 */
export function openCommandRun(
  inventory: Inventory,
  loader: TaskLoader,
  o: CommandRunChoices & { signal?: AbortSignal; connect?: OpenRunOptions['connect'] },
): OpenedRun {
  return openRun({
    inventory,
    loader,
    ...(o.acceptNewHostKeys ? { acceptNewHostKeys: true } : {}),
    ...(o.becomePassword !== undefined ? { becomePassword: o.becomePassword } : {}),
    ...(o.vault ? { secretValues: o.vault.revealed } : {}),
    ...(o.remoteUser !== undefined ? { remoteUser: o.remoteUser } : {}),
    ...(o.ssh ? { ssh: o.ssh } : {}),
    ...(o.sshConfigFile !== undefined ? { sshConfigFile: o.sshConfigFile } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.connect ? { connect: o.connect } : {}),
  });
}
