/**
 * What every command that opens a run on an openGauss inventory takes from its flags (deploy,
 * expand, status, switchover, scale-in): one shape, declared once (src/cli/run-flags.ts fills it).
 */
import type { Vault } from '../vault/index.js';
import type { SshDefaults } from './hosts.js';

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
