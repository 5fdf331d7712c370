/**
 * The lab API the integration and e2e tests use (implemented by the lab issue; see
 * test/lab/README.md). A lab is N real sshd hosts in network namespaces on this machine.
 * Several labs may run at once when they have different names (each gets its own subnet).
 */
export type LabOs = 'debian12' | 'openeuler20.03' | 'openeuler22.03' | 'centos7';

export interface LabHost {
  /** Host name in the inventory and inside the host (e.g. "afo1"). */
  name: string;
  /** IPv4 address on the lab bridge. */
  ip: string;
  port: number;
  /** The host's root filesystem as seen from this machine (for assertions). */
  root: string;
  os: LabOs;
}

export interface Lab {
  name: string;
  /** Directory with inventory.ini, known_hosts, id_ed25519, hosts.json. */
  dir: string;
  hosts: LabHost[];
  inventory: string;
  knownHosts: string;
  /** Private key that logs in as root on every host. */
  key: string;
  /** Non-root user whose sudo asks for a password. */
  sudoUser: string;
  sudoPassword: string;
}
