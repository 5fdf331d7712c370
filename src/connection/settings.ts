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
  privateKeyFile?: string;
  /** Passphrase for `privateKeyFile` (else the transport's passphrase hook or AFO_SSH_KEY_PASSPHRASE). */
  privateKeyPassphrase?: string;
  /** Password for sudo (`ansible_become_pass`, `--ask-become-pass`, AFO_BECOME_PASS). */
  becomePassword?: string;
  /** known_hosts file to verify (and record) host keys; default ~/.ssh/known_hosts. */
  knownHostsFile?: string;
  /** `yes`: unknown keys refused; `accept-new`: unknown keys recorded; `no`: unknown keys recorded too. A changed key is always refused. */
  strictHostKeyChecking: StrictHostKeyChecking;
  connectTimeoutMs: number;
}
