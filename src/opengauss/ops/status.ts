/** afo status: the cluster as a table or one JSON object, read-only (see session.ts observe). */
import { observe, openOps, type OpsOptions } from './session.js';
import type { ClusterView } from './view.js';

export interface StatusOutcome {
  view: ClusterView;
  /** Inventory hosts the status does not list (dropped, or not added yet). */
  notInCluster: string[];
}

export async function runStatus(o: OpsOptions): Promise<StatusOutcome> {
  const s = await openOps(o);
  try {
    const view = await observe(s);
    const listed = new Set(view.nodes.map((n) => n.ip));
    return { view, notInCluster: s.plan.nodes.filter((n) => !listed.has(n.address)).map((n) => n.name) };
  } finally {
    await s.close();
  }
}
