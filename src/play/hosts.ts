/**
 * The inventory as a run sees it (pure: no connection): each host's variables with the magic
 * ones Ansible adds, the group map, and each host's SSH settings and login user. Computed once
 * per run by openRun; every command gets the same values (docs/architecture.md, "The run opener").
 */
import { connectionFromVars } from '../connection/from-inventory.js';
import { defaultSshConfigFile, loadSshConfig } from '../connection/ssh-config.js';
import type { HostConnection } from '../connection/settings.js';
import type { EngineHost } from '../engine/options.js';
import { groupMap } from '../inventory/query.js';
import type { Inventory, Vars } from '../inventory/types.js';
import { inventoryHostVars } from '../vars/precedence.js';

export interface ConnectionChoices {
  /** `--accept-new-host-keys`: record unknown host keys (a changed key is always refused). */
  acceptNewHostKeys?: boolean;
  /** Ansible's remote_user (`-u USER`): the login user where no ansible_user/ansible_ssh_user is set. */
  remoteUser?: string;
  /**
   * The ssh client config to apply (`--ssh-config`, AFO_SSH_CONFIG, else ~/.ssh/config, chosen by
   * the CLI); 'none' or absent: none. A named file must exist; ~/.ssh/config may be missing.
   */
  sshConfigFile?: string;
  /** Connection defaults from afo.cfg / AFO_* (README.md, "Settings: afo.cfg"); the inventory's variables win. */
  ssh?: SshDefaults;
}

export interface SshDefaults {
  /** `[ssh_connection] ssh_args`: read before ansible_ssh_common_args (ssh keeps an option's first value, as in Ansible). */
  sshArgs?: string;
  privateKeyFile?: string;
  connectTimeoutMs?: number;
  /** false: unknown host keys are recorded (OpenSSH StrictHostKeyChecking=no; a changed key is still refused). */
  hostKeyChecking?: boolean;
}

export interface RunHosts {
  /** Every inventory host, in inventory order (the engine needs them all for hostvars and delegate_to). */
  hosts: EngineHost[];
  /** Group -> hosts (recursively), `all` and `ungrouped` included. */
  groups: Record<string, string[]>;
  /** SSH settings per host. */
  connections: Map<string, HostConnection>;
}

/**
 * Builds the run's hosts. Connection settings are read for every host up front, so a malformed
 * connection variable is an input error before anything connects.
 *
 * Variables: the inventory's layers only (-e values are the engine's highest layer, never host
 * vars), plus `inventory_file` / `inventory_dir`; the engine adds inventory_hostname(_short),
 * group_names, groups, hostvars and the play-host lists itself.
 */
export function runHosts(inv: Inventory, choices: ConnectionChoices = {}): RunHosts {
  const connections = new Map<string, HostConnection>();
  const file = choices.sshConfigFile;
  const sshConfig = file === undefined || file === 'none' ? undefined : loadSshConfig(file, file !== defaultSshConfigFile());
  const hosts = inv.hostOrder.map((name): EngineHost => {
    const vars: Record<string, unknown> = { ...inventoryHostVars(inv, name), inventory_file: inv.file, inventory_dir: inv.dir };
    const conn = connectionFromVars(name, withSshArgs(vars, choices.ssh?.sshArgs) as Vars, { ...choices, ...choices.ssh, ...(sshConfig ? { sshConfig } : {}) });
    connections.set(name, conn);
    return { name, vars: withAnsibleUser(vars, choices.remoteUser), loginUser: conn.user };
  });
  return { hosts, groups: groupMap(inv), connections };
}

/**
 * `ansible_user` as ansible-core shows it to tasks: the host's own value, else the effective
 * remote user when one was named (ansible_ssh_user, or `-u`); otherwise undefined, as there.
 */
function withAnsibleUser(vars: Record<string, unknown>, remoteUser: string | undefined): Record<string, unknown> {
  if (vars.ansible_user !== undefined) return vars;
  const named = vars.ansible_ssh_user ?? remoteUser;
  return named === undefined ? vars : { ...vars, ansible_user: named };
}

/** ssh_args placed before the host's own ssh args, for reading its connection only (not a host variable). */
function withSshArgs(vars: Record<string, unknown>, sshArgs: string | undefined): Record<string, unknown> {
  if (!sshArgs) return vars;
  const own = vars.ansible_ssh_common_args;
  return { ...vars, ansible_ssh_common_args: typeof own === 'string' && own ? `${sshArgs} ${own}` : sshArgs };
}
