/**
 * What afo switchover and afo scale-in do, decided from the observed cluster alone (pure, in the
 * style of src/opengauss/deploy/decide.ts): the command and the host it runs on, or the refusal
 * with every reason. Refusals change nothing (exit 3). docs/opengauss.md §5.4, §5.7, §5.10, §7.18.
 */
import type { Problem } from '../problem.js';
import { allNormal, type ClusterView, type NodeView } from './view.js';

export type OpsDecision =
  | { action: 'go'; target: NodeView; primary: NodeView; runOn: string; command: string }
  | { action: 'refuse'; message: string; problems: Problem[] };

function refuse(message: string, problems: Problem[]): OpsDecision {
  return { action: 'refuse', message, problems };
}

function problem(host: string, check: string, found: string, expected: string, fix: string): Problem {
  return { host, check, found, expected, fix };
}

/** The node of `target` (an inventory host or an address), exactly. */
export function findNode(v: ClusterView, target: string, addressOf: (host: string) => string | undefined): NodeView | undefined {
  const ip = addressOf(target) ?? target;
  return v.nodes.find((n) => n.ip === ip);
}

function unhealthy(v: ClusterView): Problem[] {
  return v.nodes
    .filter((n) => n.state !== 'Normal')
    .map((n) =>
      problem(n.host, 'instance state', `${n.role} ${n.state}`, 'Normal', `repair it first (gs_ctl query -D ${n.data_dir} on ${n.ip}), then switch over`),
    );
}

/**
 * Switchover to `target`: it must be a Normal standby (a cascade cannot become primary), the
 * cluster Normal with one primary, and the target an inventory host (the command runs there).
 */
export function decideSwitchover(
  v: ClusterView,
  target: string,
  addressOf: (host: string) => string | undefined,
  inInventory: (host: string) => boolean,
): OpsDecision {
  const node = findNode(v, target, addressOf);
  const primary = v.nodes.find((n) => n.role === 'Primary');
  if (node === undefined) {
    return refuse(`${target} is not a data node of the cluster; nothing was changed`, [
      problem(
        target,
        'switchover target',
        'not in the status',
        'a Normal standby of the cluster',
        `pick one of: ${
          v.nodes
            .filter((n) => n.role === 'Standby')
            .map((n) => n.host)
            .join(', ') || '(no standby)'
        }`,
      ),
    ]);
  }
  if (node.role === 'Primary') {
    return refuse(`${node.host} is already the primary; nothing was changed`, [
      problem(node.host, 'switchover target', 'Primary', 'a Normal standby', 'nothing to do; to move the primary, name a standby'),
    ]);
  }
  const problems: Problem[] = [];
  if (node.role !== 'Standby') {
    problems.push(
      problem(
        node.host,
        'switchover target',
        node.role,
        'Standby',
        node.role === 'Cascade Standby' ? 'a cascade cannot become primary: name a standby' : 'name a Normal standby',
      ),
    );
  }
  if (!allNormal(v) || primary === undefined) {
    problems.push(...unhealthy(v));
    if (v.cluster_state !== 'Normal')
      problems.push(problem('-', 'cluster state', v.cluster_state, 'Normal', 'repair the cluster first (afo status shows what is not Normal)'));
  }
  if (!inInventory(node.host)) {
    problems.push(
      problem(
        node.host,
        'inventory host',
        `${node.ip} is not in the inventory`,
        'the target is an inventory host (afo runs the command there)',
        'add it to the inventory',
      ),
    );
  }
  if (problems.length > 0 || primary === undefined) return refuse(`afo will not switch over to ${node.host}; nothing was changed`, problems);
  const command = v.cm ? `cm_ctl switchover -n ${node.node_id} -D ${node.data_dir}` : `gs_ctl switchover -D ${node.data_dir}`;
  return { action: 'go', target: node, primary, runOn: node.host, command };
}

/**
 * Scale-in of `target` with gs_dropnode on the primary (§5.4): never the primary; under CM never
 * the last standby; never a standby that remaining cascades need as their upstream (a cascade
 * replicates from a standby, §2.1).
 */
export function decideScaleIn(
  v: ClusterView,
  target: string,
  user: { name: string; group: string },
  addressOf: (host: string) => string | undefined,
  inInventory: (host: string) => boolean,
): OpsDecision {
  const node = findNode(v, target, addressOf);
  const primary = v.nodes.find((n) => n.role === 'Primary');
  if (node === undefined) {
    return refuse(`${target} is not a data node of the cluster; nothing was changed`, [
      problem(
        target,
        'scale-in target',
        'not in the status',
        'a standby or cascade of the cluster',
        `if it was dropped already, remove ${target} from the inventory`,
      ),
    ]);
  }
  const problems: Problem[] = [];
  if (node.role === 'Primary') {
    problems.push(
      problem(node.host, 'not the primary', 'Primary', 'a standby or cascade', `switch over first (afo switchover --to <standby>), then scale in ${node.host}`),
    );
  }
  const otherStandbys = v.nodes.filter((n) => n !== node && n.role === 'Standby');
  const cascades = v.nodes.filter((n) => n !== node && n.role === 'Cascade Standby');
  if (node.role === 'Standby' && otherStandbys.length === 0) {
    if (cascades.length > 0) {
      problems.push(
        problem(
          node.host,
          'cascade upstream',
          `the only standby; ${cascades.map((c) => c.host).join(', ')} replicate${cascades.length === 1 ? 's' : ''} from it`,
          'another standby for the cascades to follow',
          `a cascade streams from a standby, never from the primary: scale in ${cascades.map((c) => c.host).join(', ')} first, or add a standby (afo expand)`,
        ),
      );
    }
    if (v.cm)
      problems.push(
        problem(
          node.host,
          'last standby under CM',
          'the only standby',
          'at least one standby left',
          'CM needs a standby to fail over to (gs_dropnode refuses it): add a standby first',
        ),
      );
  }
  if (primary === undefined || primary.state !== 'Normal') {
    problems.push(
      problem(
        primary?.host ?? '-',
        'primary Normal',
        primary ? `${primary.role} ${primary.state}` : 'no primary',
        'a Normal primary (gs_dropnode runs there)',
        'repair the cluster first (afo status)',
      ),
    );
  } else if (!inInventory(primary.host)) {
    problems.push(
      problem(
        primary.host,
        'inventory host',
        `the primary ${primary.ip} is not in the inventory`,
        'the primary is an inventory host (gs_dropnode runs there)',
        'add it to the inventory',
      ),
    );
  }
  if (problems.length > 0 || primary === undefined) return refuse(`afo will not scale in ${node.host}; nothing was changed`, problems);
  return { action: 'go', target: node, primary, runOn: primary.host, command: `gs_dropnode -U ${user.name} -G ${user.group} -h ${node.ip}` };
}

/**
 * After a switchover to `newPrimary`: what is not settled yet (empty = done). The new primary is
 * a Normal Primary, every other node a Normal Standby or Cascade Standby, standbys stream from
 * the new primary and cascades from a standby (§7.18).
 */
export function unsettled(v: ClusterView, newPrimary: string): string[] {
  const out: string[] = [];
  const standbys = new Set(v.nodes.filter((n) => n.role === 'Standby').map((n) => n.ip));
  if (v.cluster_state !== 'Normal') out.push(`cluster_state is ${v.cluster_state}`);
  for (const n of v.nodes) {
    if (n.ip === newPrimary) {
      if (n.role !== 'Primary' || n.state !== 'Normal') out.push(`${n.host} is ${n.role} ${n.state}, not a Normal Primary`);
      continue;
    }
    if (n.state !== 'Normal') out.push(`${n.host} is ${n.role} ${n.state}`);
    else if (n.role === 'Standby' && n.upstream !== newPrimary) out.push(`standby ${n.host} streams from ${n.upstream ?? '(unknown)'}, not from ${newPrimary}`);
    else if (n.role === 'Cascade Standby' && (n.upstream === undefined || !standbys.has(n.upstream)))
      out.push(`cascade ${n.host} streams from ${n.upstream ?? '(unknown)'}, not from a standby`);
    else if (n.role !== 'Standby' && n.role !== 'Cascade Standby') out.push(`${n.host} is ${n.role}`);
  }
  return out;
}
