/**
 * afo scale-in --host HOST: `gs_dropnode` on the primary as the database user (its yes/no
 * question answered after afo asked the operator), then the status must no longer list the node
 * (docs/opengauss.md §5.4). The operator removes the host from the inventory afterwards.
 */
import { groupOf } from '../topology.js';
import { decideScaleIn } from './decide.js';
import { act, failed, type ActOptions, type ActOutcome } from './act.js';

export interface ScaleInOptions extends ActOptions {
  host: string;
}

export interface ScaleInOutcome extends ActOutcome {
  /** What the operator does next (remove the host from the inventory). */
  advice: string;
}

export async function runScaleIn(o: ScaleInOptions): Promise<ScaleInOutcome> {
  let group = 'its group';
  const out = await act(o, {
    name: 'scale-in',
    decide: (s, v) => {
      const node = s.plan.nodes.find((n) => n.name === o.host || n.address === o.host);
      if (node) group = `[${groupOf(node.role)}]`;
      return decideScaleIn(v, o.host, { name: s.plan.settings.userName, group: s.plan.settings.userGroup }, s.addressOf, (h) => s.addressOf(h) !== undefined);
    },
    plan: (d, s) =>
      `remove ${d.target.host} (${d.target.role}, ${d.target.ip}) from the cluster: on the primary ${d.runOn} as ${s.plan.settings.userName}: ${d.command} ` +
      `(its instance is stopped; its data stays on the host); then check that the status no longer lists it.`,
    run: async (s, d) => {
      const r = await s.tag('dropnode', [d.runOn], { og_drop_ip: d.target.ip });
      if (r.exitCode !== 0) failed(s, `gs_dropnode of ${d.target.host}`);
    },
    pending: (v, d) => (v.nodes.some((n) => n.ip === d.target.ip) ? [`${d.target.host} is still listed by gs_om -t status`] : []),
  });
  const advice =
    `Remove ${out.target.host} from ${group} in ${o.inventory} now: afo deploy would otherwise take it for a new host. ` +
    `Its instance is stopped; to delete its files, run gs_uninstall --delete-data -L as the database user on ${out.target.host} (docs/opengauss.md §5.4).`;
  return { ...out, advice };
}
