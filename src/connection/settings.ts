/**
 * How to reach one host: the data the SSH transport needs, independent of inventory syntax.
 * The inventory produces data close to this; a small adapter maps host vars onto it.
 */
export type StrictHostKeyChecking = 'yes' | 'accept-new' | 'no';

/** Connection settings of one inventory host. */
export interface HostConnection {
  /** Inventory name (used in messages). */
  name: string;
  /** Address to connect to (`ansible_host`, else the name). */
  address: string;
  port: number;
  user: string;
  /** Login password (`ansible_password`); also answers keyboard-interactive prompts. */
  password?: string;
  /** The key file the inventory names (`ansible_ssh_private_key_file`, `-i`): the only key file tried. */
  privateKeyFile?: string;
  /** `IdentityFile`s from ~/.ssh/config (used when `privateKeyFile` is not set; missing ones skipped). */
  identityFiles?: string[];
  /** Key files tried after the others (a jump host falls back to its target's key file). */
  fallbackKeyFiles?: string[];
  /** Passphrase for `privateKeyFile` (else the transport's passphrase hook or AFO_SSH_KEY_PASSPHRASE). */
  privateKeyPassphrase?: string;
  /** Password for sudo (`ansible_become_pass`, `--ask-become-pass`, AFO_BECOME_PASS). */
  becomePassword?: string;
  /** known_hosts file to verify (and record) host keys; default ~/.ssh/known_hosts. */
  knownHostsFile?: string;
  /** `yes`: unknown keys refused; `accept-new`: unknown keys recorded; `no`: unknown keys recorded too. A changed key is always refused. */
  strictHostKeyChecking: StrictHostKeyChecking;
  connectTimeoutMs: number;
  /**
   * Jump hosts to go through (ProxyJump), nearest first; each is reached through the ones before
   * it. Empty or absent: a direct connection. docs/architecture.md §5.2.
   */
  jump?: HostConnection[];
}
