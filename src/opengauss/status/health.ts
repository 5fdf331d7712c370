/**
 * Cluster health from the parsed status (docs/opengauss.md §5.6): healthy iff `cluster_state` is
 * `Normal`, every DN is `Normal` and exactly one DN is `Primary`; optionally each expected host
 * is present with its expected role. Only parsed fields are compared: AFO's regex over the raw
 * text never matched, and bare words would hit host names and paths (§7.5, §7.8).
 */
import type { Problem } from '../problem.js';
import type { NodeRole } from '../topology.js';
import type { DatanodeRow, DetailStatus } from './types.js';

/** A host the cluster should have, with the role it should have now. */
export interface ExpectedNode {
  /** Inventory name, for messages. */
  name: string;
  /** IPv4 address, compared exactly with the DN row's IP. */
  address: string;
  role: NodeRole;
}

/** The inventory role a DN's current role corresponds to, or undefined (Down, Pending, …). */
export function currentRole(row: Pick<DatanodeRow, 'role'>): NodeRole | undefined {
  switch (row.role) {
    case 'Primary':
      return 'primary';
    case 'Standby':
      return 'standby';
    case 'Cascade': // layout A prints one word
    case 'Cascade Standby':
      return 'cascade';
    default:
      return undefined;
  }
}

const ROLE_TEXT: Record<NodeRole, string> = { primary: 'Primary', standby: 'Standby', cascade: 'Cascade Standby' };

function where(row: DatanodeRow): string {
  return `${row.hostname} (${row.ip})`;
}

/**
 * Checks the parsed status.
 * @param expected hosts that must be present with these roles (e.g. the inventory after deploy).
 * @returns every problem found; empty means healthy.
 */
export function health(status: DetailStatus, expected: readonly ExpectedNode[] = []): Problem[] {
  const problems: Problem[] = [];
  if (status.clusterState !== 'Normal') {
    problems.push({
      host: '-',
      check: 'cluster state',
      found: `cluster_state ${status.clusterState}`,
      expected: 'Normal',
      fix: 'inspect `gs_om -t status --detail` on the primary and repair the instances that are not Normal',
    });
  }
  for (const row of status.datanodes) {
    if (row.state === 'Normal') continue;
    problems.push({
      host: where(row),
      check: 'instance state',
      found: `${row.role} ${row.state === '' ? '(no state)' : row.state}`,
      expected: 'Normal',
      fix: `check the instance on ${row.ip} (gs_ctl query -D ${row.dataDir}; start or rebuild it)`,
    });
  }
  const primaries = status.datanodes.filter((row) => row.role === 'Primary');
  if (primaries.length !== 1) {
    problems.push({
      host: primaries.length === 0 ? '-' : primaries.map(where).join(', '),
      check: 'one primary',
      found: `${primaries.length} Primary instances`,
      expected: 'exactly 1',
      fix: primaries.length === 0 ? 'start or fail over to a primary' : 'resolve the split brain before going on',
    });
  }
  for (const node of expected) {
    const row = status.datanodes.find((r) => r.ip === node.address);
    if (row === undefined) {
      problems.push({
        host: node.name,
        check: 'node present',
        found: `no data node with IP ${node.address}`,
        expected: `a ${ROLE_TEXT[node.role]} instance`,
        fix: 'deploy or expand the cluster to include this host',
      });
    } else if (currentRole(row) !== node.role) {
      problems.push({
        host: node.name,
        check: 'node role',
        found: row.role,
        expected: ROLE_TEXT[node.role] + (node.role === 'cascade' ? ' (Cascade without CM)' : ''),
        fix: 'switch roles back (gs_ctl/cm_ctl switchover) or move the host to the matching inventory group',
      });
    }
  }
  return problems;
}
