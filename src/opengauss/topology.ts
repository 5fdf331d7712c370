/**
 * Inventory topology rules (docs/opengauss.md §2.1), checked before any connection. AFO only comments
 * these rules (§7.19); afo enforces them and reports every violation at once.
 */
import { nodeAddressProblem } from './naming.js';
import type { Problem } from './problem.js';

/** Role of a replica in the inventory. */
export type ReplicaRole = 'standby' | 'cascade';
/** Role of any openGauss node in the inventory. */
export type NodeRole = 'primary' | ReplicaRole;

/** Most replicas (standbys + cascades) one primary can have: 1 primary + 8 = 9 DN copies (§4.2). */
export const MAX_REPLICAS = 8;

/** One inventory host as the openGauss code sees it. */
export interface HostRef {
  /** Inventory host name. */
  name: string;
  /** IPv4 address: the host name itself or its `ansible_host`. */
  address: string;
  /** The host's variables (only read, never changed). */
  vars: Record<string, unknown>;
  /** Where the address was written (`file:line`), for messages; absent for hosts built in code. */
  at?: string;
}

/** The three role groups of the inventory (`opengauss_primary`, `_standby`, `_cascade`). */
export interface TopologyInput {
  primary: HostRef[];
  standby: HostRef[];
  cascade: HostRef[];
}

/**
 * Builds a HostRef from an inventory host: the address is `ansible_host` when set, else the name.
 */
export function hostRef(name: string, vars: Record<string, unknown> = {}): HostRef {
  const ansibleHost = vars['ansible_host'];
  const address = typeof ansibleHost === 'string' && ansibleHost !== '' ? ansibleHost : name;
  return { name, address, vars };
}

const GROUP: Record<NodeRole, string> = {
  primary: 'opengauss_primary',
  standby: 'opengauss_standby',
  cascade: 'opengauss_cascade',
};

/** The inventory group that holds hosts of `role`. */
export function groupOf(role: NodeRole): string {
  return GROUP[role];
}

/**
 * Checks the topology rules: exactly one primary; cascades need at least one standby; at most 8
 * replicas; every address IPv4; addresses unique; no host in two role groups.
 * @returns every problem found; empty when the topology is valid.
 */
export function checkTopology(input: TopologyInput): Problem[] {
  const problems: Problem[] = [];
  const all: { host: HostRef; role: NodeRole }[] = [
    ...input.primary.map((host) => ({ host, role: 'primary' as const })),
    ...input.standby.map((host) => ({ host, role: 'standby' as const })),
    ...input.cascade.map((host) => ({ host, role: 'cascade' as const })),
  ];

  if (input.primary.length !== 1) {
    problems.push({
      host: input.primary.length === 0 ? '-' : input.primary.map((h) => h.name).join(', '),
      check: 'one primary',
      found: `${input.primary.length} hosts in ${GROUP.primary}`,
      expected: 'exactly 1',
      fix: `put exactly one host in [${GROUP.primary}]`,
    });
  }
  if (input.cascade.length > 0 && input.standby.length === 0) {
    problems.push({
      host: input.cascade.map((h) => h.name).join(', '),
      check: 'cascade needs standby',
      found: `${input.cascade.length} cascade(s) and no standby`,
      expected: `at least 1 host in ${GROUP.standby} (cascades replicate from a standby)`,
      fix: `add a standby to [${GROUP.standby}] or move the cascade there`,
    });
  }

  // Group membership by name: a host listed in two role groups.
  const rolesByName = new Map<string, NodeRole[]>();
  for (const { host, role } of all) {
    const roles = rolesByName.get(host.name) ?? [];
    // The same host twice in one group is still one host: only distinct groups conflict.
    if (!roles.includes(role)) rolesByName.set(host.name, [...roles, role]);
  }
  for (const [name, roles] of rolesByName) {
    if (roles.length < 2) continue;
    problems.push({
      host: name,
      check: 'one role per host',
      found: `listed in ${roles.map((r) => GROUP[r]).join(' and ')}`,
      expected: 'exactly one of opengauss_primary / opengauss_standby / opengauss_cascade',
      fix: 'keep the host in one role group only',
    });
  }

  const replicaNames = new Set([...input.standby, ...input.cascade].map((h) => h.name));
  if (replicaNames.size > MAX_REPLICAS) {
    problems.push({
      host: '-',
      check: 'at most 8 replicas',
      found: `${replicaNames.size} standbys + cascades`,
      expected: `at most ${MAX_REPLICAS} (1 primary + 8 replicas)`,
      fix: 'remove replicas from the inventory',
    });
  }

  // One entry per distinct host name, so a host in two groups is not also reported as a duplicate address.
  const seen = new Map<string, HostRef>();
  for (const { host } of all) if (!seen.has(host.name)) seen.set(host.name, host);
  const namesByAddress = new Map<string, string[]>();
  for (const host of seen.values()) {
    const problem = nodeAddressProblem(host.address);
    if (problem !== undefined) {
      problems.push({
        host: host.name,
        check: 'IPv4 address',
        found: host.at ? `${problem} (${host.at})` : problem,
        expected: "the host name or its ansible_host to be one host's IPv4 address (not 0.0.0.0, multicast, broadcast or reserved)",
        fix: "name the host by its IPv4 address or set ansible_host=<the host's IPv4 address>",
      });
    }
    namesByAddress.set(host.address, [...(namesByAddress.get(host.address) ?? []), host.name]);
  }
  for (const [address, names] of namesByAddress) {
    if (names.length < 2) continue;
    problems.push({
      host: names.join(', '),
      check: 'unique address',
      found: `${names.length} hosts with address ${address}`,
      expected: 'one host per address',
      fix: 'give each host its own address (host name or ansible_host)',
    });
  }
  return problems;
}
