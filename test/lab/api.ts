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

/** What `labUp` starts. Names and subnets must differ between labs that run at once. */
export interface LabUpOptions {
  /** Lab name (default: env AFO_LAB, else "afo"); hosts are named <name>1..<name>N. */
  name?: string;
  /** First three octets of the lab's /24 (default: env AFO_LAB_NET; required unless the name is "afo"). */
  net?: string;
  /** Output directory (default: env AFO_LAB_DIR, else <repo>/.lab or <repo>/.lab-<name>). */
  dir?: string;
  hosts: number;
  /** OS each host presents, cycled over the hosts (default: openeuler20.03). */
  os?: LabOs[];
}

/** Result of a command run on a lab host over SSH. */
export interface LabExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of `labExec`. */
export interface LabExecOptions {
  /** Log in as this user (default root, by key). Any other user logs in with `password`. */
  user?: string;
  /** Password for a non-root login; given to ssh through SSH_ASKPASS, never in argv. */
  password?: string;
  /** Written to the command's stdin (e.g. a sudo password for `sudo -S`). */
  input?: string;
}

/** The test machine's own machine-wide settings, which no lab host may change. */
export interface MachineSnapshot {
  /** vm.* sysctls by key (readable ones). */
  vm: Record<string, string>;
  /** /sys/kernel/mm/transparent_hugepage/{enabled,defrag}. */
  thp: Record<string, string>;
  /** /proc/swaps. */
  swaps: string;
}
