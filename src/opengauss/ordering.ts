/**
 * Node ordering (docs/opengauss.md §2.4). The order sets `nodeNames`, `backIp1s`, the DEVICEs, the
 * `dataNode1` pairs and the CM lists, and thereby the instance ids; installed nodes must keep
 * their order or `gs_expansion` refuses the XML. Also: which inventory replicas are new.
 */
import { compareIpStrings, nodeName } from './naming.js';
import { ProblemsError, type Problem } from './problem.js';
import type { DetailStatus, DatanodeRow } from './status/types.js';
import { checkTopology, groupOf, type HostRef, type NodeRole, type ReplicaRole, type TopologyInput } from './topology.js';

/** One node in XML order. */
export interface OrderedNode {
  /** Inventory host name. */
  name: string;
  /** IPv4 address (backIp1 / sshIp1). */
  address: string;
  /** openGauss hostname: `og<int>` for new nodes, the reported hostname for installed ones. */
  nodeName: string;
  role: NodeRole;
  /** True when the node is already an installed DN. */
  installed: boolean;
  host: HostRef;
}

/** Inventory replicas that no installed DN has, by role, each sorted as IP strings. */
export interface NewReplicas {
  standby: HostRef[];
  cascade: HostRef[];
}

const LETTER_ROLE: Record<string, NodeRole> = { P: 'primary', S: 'standby', C: 'cascade' };

function byAddress(a: HostRef, b: HostRef): number {
  return compareIpStrings(a.address, b.address);
}

function replicas(input: TopologyInput): { host: HostRef; role: ReplicaRole }[] {
  return [...input.standby.map((host) => ({ host, role: 'standby' as const })), ...input.cascade.map((host) => ({ host, role: 'cascade' as const }))];
}

function assertTopology(input: TopologyInput): HostRef {
  const problems = checkTopology(input);
  const primary = input.primary[0];
  if (problems.length > 0 || primary === undefined) {
    throw new ProblemsError('The inventory breaks the openGauss topology rules:', problems);
  }
  return primary;
}

/**
 * Fresh deployment order: the primary first, then every replica sorted as IP strings.
 * @throws ProblemsError when the topology rules are broken.
 */
export function freshOrder(input: TopologyInput): OrderedNode[] {
  const primary = assertTopology(input);
  const rest = replicas(input).sort((a, b) => byAddress(a.host, b.host));
  return [{ host: primary, role: 'primary' as NodeRole }, ...rest].map(({ host, role }) => ({
    name: host.name,
    address: host.address,
    nodeName: nodeName(host.address),
    role,
    installed: false,
    host,
  }));
}

/**
 * Inventory replicas whose address equals no installed DN's IP. Exact comparison: AFO's substring
 * match took `…56.1` as present when `…56.11` was installed (§7.1).
 */
export function newReplicas(input: TopologyInput, status: Pick<DetailStatus, 'datanodes'>): NewReplicas {
  const installed = new Set(status.datanodes.map((dn) => dn.ip));
  const pick = (hosts: HostRef[]) => hosts.filter((h) => !installed.has(h.address)).sort(byAddress);
  return { standby: pick(input.standby), cascade: pick(input.cascade) };
}

/**
 * Problems that make an expansion unsafe: the inventory primary is not the installed primary
 * (lowest instance id), an installed DN is missing from the inventory, or an installed node sits
 * in a role group other than its install-time role. Each would change the XML's description of
 * installed nodes, which `gs_expansion` rejects.
 */
export function checkExpansion(input: TopologyInput, status: Pick<DetailStatus, 'datanodes'>): Problem[] {
  const problems: Problem[] = [];
  const byIp = new Map<string, { host: HostRef; role: NodeRole }>();
  for (const host of input.primary) byIp.set(host.address, { host, role: 'primary' });
  for (const r of replicas(input)) byIp.set(r.host.address, r);

  const rows = [...status.datanodes].sort((a, b) => a.instanceId - b.instanceId);
  const first = rows[0];
  const primary = input.primary[0];
  if (first !== undefined && primary !== undefined && first.ip !== primary.address) {
    problems.push({
      host: primary.name,
      check: 'installed primary',
      found: `the first installed DN (instance ${first.instanceId}) is ${first.ip} (${first.hostname})`,
      expected: `${groupOf('primary')} to hold ${first.ip}`,
      fix: `put ${first.ip} in [${groupOf('primary')}]; the installed order cannot change`,
    });
  }
  for (const row of rows) {
    const entry = byIp.get(row.ip);
    const installedRole = LETTER_ROLE[row.letter];
    if (entry === undefined) {
      problems.push({
        host: row.ip,
        check: 'installed node in inventory',
        found: `installed DN ${row.hostname} (instance ${row.instanceId}) is in no role group`,
        expected: 'every installed node listed in the inventory',
        fix: `add ${row.ip} to [${groupOf(installedRole ?? 'standby')}]`,
      });
    } else if (installedRole !== undefined && installedRole !== entry.role) {
      problems.push({
        host: entry.host.name,
        check: 'installed role',
        found: `in ${groupOf(entry.role)}, installed as ${installedRole} (letter ${row.letter})`,
        expected: `in ${groupOf(installedRole)}`,
        fix: `move the host to [${groupOf(installedRole)}]; an installed node's role cannot change here`,
      });
    }
  }
  return problems;
}

function installedNode(row: DatanodeRow, entry: { host: HostRef; role: NodeRole }): OrderedNode {
  return { name: entry.host.name, address: row.ip, nodeName: row.hostname, role: entry.role, installed: true, host: entry.host };
}

/**
 * Expansion order: the primary, the other installed DNs in reported instance-id order, then the
 * new nodes sorted as IP strings. Installed nodes keep their reported hostnames.
 * @throws ProblemsError when the topology or expansion rules are broken.
 */
export function expansionOrder(input: TopologyInput, status: Pick<DetailStatus, 'datanodes'>): OrderedNode[] {
  const primary = assertTopology(input);
  const problems = checkExpansion(input, status);
  const rows = [...status.datanodes].sort((a, b) => a.instanceId - b.instanceId);
  if (rows.length === 0) {
    problems.push({
      host: primary.name,
      check: 'installed cluster',
      found: 'no data node in the status',
      expected: 'an installed cluster to expand',
      fix: 'deploy the cluster first (afo deploy)',
    });
  }
  if (problems.length > 0) throw new ProblemsError('The inventory does not match the installed cluster:', problems);

  const byIp = new Map<string, { host: HostRef; role: NodeRole }>();
  byIp.set(primary.address, { host: primary, role: 'primary' });
  for (const r of replicas(input)) byIp.set(r.host.address, r);
  const installed = rows.map((row) => installedNode(row, byIp.get(row.ip)!));
  const fresh = newReplicas(input, status);
  const added = replicas(input)
    .filter((r) => fresh.standby.includes(r.host) || fresh.cascade.includes(r.host))
    .sort((a, b) => byAddress(a.host, b.host))
    .map(({ host, role }) => ({ name: host.name, address: host.address, nodeName: nodeName(host.address), role, installed: false, host }));
  return [...installed, ...added];
}
