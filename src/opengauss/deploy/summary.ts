/**
 * The plan summary shown before the first change and confirmed (docs/architecture.md §7.3): which
 * hosts change and how, in a few lines. Pure, so it is unit-tested.
 */
import type { OrderedNode } from '../ordering.js';
import type { Decision } from './decide.js';
import type { ExpandGo } from './decide-expand.js';
import type { DeployPlan } from './plan.js';

type Go = Exclude<Decision, { action: 'stop' }>;

const OS_CHANGES =
  'OS preparation: hostname, kernel parameters (sysctl), SELinux, firewalld, /etc/hosts, the database user and group, swap off, time zone, directories, SSH trust';

function nodeList(nodes: readonly OrderedNode[]): string {
  return nodes.map((n) => `${n.name} (${n.role}, ${n.address})`).join(', ');
}

/** afo deploy's plan: a fresh install or the OS settings of an installed cluster. */
export function deploySummary(plan: DeployPlan, d: Go): string {
  const s = plan.settings;
  if (d.action === 'install') {
    return [
      `afo deploy will install openGauss ${s.version} on ${plan.nodes.length} host(s): ${nodeList(plan.nodes)}`,
      `  ${OS_CHANGES}`,
      `  then on ${plan.primary.name}: gs_preinstall and gs_install (user ${s.userName}, data port ${s.dataPortBase}, data ${s.paths.dataPath})`,
    ].join('\n');
  }
  const installed = d.newHosts ? plan.nodes.filter((n) => !d.newHosts!.includes(n.name)) : plan.nodes;
  return [
    `afo deploy will converge the OS settings of the installed cluster on ${installed.length} host(s): ${nodeList(installed)}`,
    `  ${OS_CHANGES} (only what differs)`,
    ...(d.newHosts ? [`  not touched: ${d.newHosts.join(', ')} (afo expand adds them)`] : []),
  ].join('\n');
}

/** afo expand's plan: who joins, in which order, and CM. */
export function expandSummary(plan: DeployPlan, d: ExpandGo): string {
  const joining = [...d.standbys, ...d.cascades];
  if (joining.length === 0 && !d.addCm)
    return `afo expand: every inventory host is in the cluster; it will converge the OS settings of ${plan.nodes.length} host(s)`;
  return [
    `afo expand will add ${joining.length} host(s) to the running cluster: ${nodeList(joining)}`,
    `  ${OS_CHANGES} (every host, only what differs)`,
    ...(d.standbys.length ? [`  gs_expansion on ${plan.primary.name}: standbys ${d.standbys.map((n) => n.name).join(', ')}`] : []),
    ...(d.cascades.length ? [`  then cascades ${d.cascades.map((n) => n.name).join(', ')}`] : []),
    ...(d.addCm ? ['  then CM is added (the cluster reaches 3 data nodes): a switchover and back'] : []),
  ].join('\n');
}
