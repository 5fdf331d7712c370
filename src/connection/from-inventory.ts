/**
 * The inventory's connection variables (src/inventory/connection.ts) → the transport's
 * HostConnection: defaults filled in, `~` expanded, ssh option spellings mapped.
 */
import { homedir, userInfo } from 'node:os';
import { hostConnection, type HostConnection as InventoryConnection } from '../inventory/connection.js';
import type { Vars } from '../inventory/types.js';
import type { HostConnection, StrictHostKeyChecking } from './settings.js';

export interface ConnectionDefaults {
  /** `--accept-new-host-keys`: record unknown host keys (a changed key is still refused). */
  acceptNewHostKeys?: boolean;
  /** Default 10 s, as a missing `ConnectTimeout` would otherwise wait for the OS (minutes). */
  connectTimeoutMs?: number;
  /** Login user when the inventory names none (ssh's default: the local user). */
  localUser?: string;
  /** Ansible's remote_user (`-u`): below ansible_user/ansible_ssh_user, above the ssh args' user. */
  remoteUser?: string;
  home?: string;
  /** Key file where the inventory names none (afo.cfg private_key_file). */
  privateKeyFile?: string;
  /** false: the default StrictHostKeyChecking is `no` where the inventory sets none (afo.cfg host_key_checking). */
  hostKeyChecking?: boolean;
}

export function toHostConnection(inv: InventoryConnection, d: ConnectionDefaults = {}): HostConnection {
  const home = d.home ?? homedir();
  const tilde = (p: string) => (p === '~' ? home : p.startsWith('~/') ? `${home}${p.slice(1)}` : p);
  const timeout = inv.sshOptions.connecttimeout;
  const conn: HostConnection = {
    name: inv.name,
    address: inv.address,
    port: inv.port,
    user: inv.user ?? d.localUser ?? userInfo().username,
    strictHostKeyChecking: strictness(inv.strictHostKeyChecking ?? (d.hostKeyChecking === false ? 'no' : undefined), d.acceptNewHostKeys === true),
    connectTimeoutMs: timeout !== undefined && /^\d+$/.test(timeout) ? Number(timeout) * 1000 : (d.connectTimeoutMs ?? 10_000),
  };
  if (inv.password !== undefined) conn.password = inv.password;
  const key = inv.privateKeyFile ?? d.privateKeyFile;
  if (key !== undefined) conn.privateKeyFile = tilde(key);
  if (inv.becomePassword !== undefined) conn.becomePassword = inv.becomePassword;
  const kh = inv.knownHostsFiles?.[0];
  // `/dev/null` (a common "don't check" idiom) stays as it is: nothing is known, nothing recorded.
  if (kh !== undefined) conn.knownHostsFile = tilde(kh);
  return conn;
}

/**
 * Settings for a host straight from its merged variables, e.g. for the engine's `connect`:
 * `connect: (h) => pool.connect(connectionFromVars(h.name, h.vars as Vars, { acceptNewHostKeys }))`.
 * Throws UserError for malformed connection variables (a bad port, unreadable ssh args).
 */
export function connectionFromVars(name: string, vars: Vars, d: ConnectionDefaults = {}): HostConnection {
  return toHostConnection(hostConnection(name, vars, d.remoteUser), d);
}

/** OpenSSH's values: yes/ask → refuse unknown keys; accept-new; no/off → record unknown keys. */
function strictness(value: string | undefined, acceptNew: boolean): StrictHostKeyChecking {
  const v = value?.toLowerCase();
  if (v === 'no' || v === 'off') return 'no';
  if (v === 'accept-new' || acceptNew) return 'accept-new';
  return 'yes';
}
