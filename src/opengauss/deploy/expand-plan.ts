/**
 * The plan of one expansion step (docs/opengauss.md §1.2, §2.4): the installed nodes in their
 * installed (instance-id) order with their reported names, then the nodes joining in this step,
 * and the cluster_config.xml of exactly those nodes. Each step is planned from the status read
 * just before it, so a re-run after a failure plans only what is still missing.
 */
import { expansionOrder, type OrderedNode } from '../ordering.js';
import type { DetailStatus } from '../status/types.js';
import type { TopologyInput } from '../topology.js';
import { renderPlanXml, type DeployPlan } from './plan.js';

/** The inventory reduced to the installed nodes (by exact address). */
export function installedTopology(t: TopologyInput, status: Pick<DetailStatus, 'datanodes'>): TopologyInput {
  const ips = new Set(status.datanodes.map((d) => d.ip));
  return { primary: t.primary, standby: t.standby.filter((h) => ips.has(h.address)), cascade: t.cascade.filter((h) => ips.has(h.address)) };
}

/** Installed nodes (instance-id order), then `joining` in the order given. */
export function stepNodes(plan: Pick<DeployPlan, 'topology'>, status: Pick<DetailStatus, 'datanodes'>, joining: readonly OrderedNode[]): OrderedNode[] {
  return [...expansionOrder(installedTopology(plan.topology, status), status), ...joining];
}

/** A DeployPlan whose nodes, model and XML are those of the step; `cm`: write CM parameters. */
export async function stepPlan(plan: DeployPlan, status: Pick<DetailStatus, 'datanodes'>, joining: readonly OrderedNode[], cm: boolean): Promise<DeployPlan> {
  const nodes = stepNodes(plan, status, joining);
  const model = { ...plan.model, nodes: nodes.map((n) => ({ address: n.address, role: n.role, nodeName: n.nodeName })), cm };
  return { ...plan, nodes, primary: nodes[0]!, model, xml: await renderPlanXml(plan, model, nodes) };
}
