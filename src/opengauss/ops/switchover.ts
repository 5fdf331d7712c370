/**
 * afo switchover --to HOST: `cm_ctl switchover -n ID -D DIR` with CM, else `gs_ctl switchover -D
 * DIR` on the target, as the database user; then wait until the new primary is Normal and every
 * replica streams from the right upstream (gs_ctl returns before the old primary has rejoined,
 * docs/opengauss.md §5.7); then `gs_om -t refreshconf` (§5.5, §7.18).
 */
import { decideSwitchover, unsettled } from './decide.js';
import { act, failed, type ActOptions, type ActOutcome } from './act.js';

export interface SwitchoverOptions extends ActOptions {
  to: string;
}

export function runSwitchover(o: SwitchoverOptions): Promise<ActOutcome> {
  return act(o, {
    name: 'switchover',
    decide: (s, v) => decideSwitchover(v, o.to, s.addressOf, (h) => s.addressOf(h) !== undefined),
    plan: (d, s) =>
      `switch the primary from ${d.primary.host} to ${d.target.host}: on ${d.runOn} as ${s.plan.settings.userName}: ${d.command}; ` +
      `then wait until ${d.target.host} is a Normal primary and every replica streams from the right upstream, and run gs_om -t refreshconf. ` +
      'Writes fail while the primary changes.',
    run: async (s, d, v) => {
      const r = await s.tag('switchover', [d.runOn], { og_cm: v.cm, og_target_dir: d.target.data_dir, og_target_node_id: d.target.node_id });
      if (r.exitCode !== 0) failed(s, `switchover to ${d.target.host}`);
    },
    pending: (v, d) => unsettled(v, d.target.ip),
    finish: async (s, d) => {
      const r = await s.tag('refreshconf', [d.target.host]);
      if (r.exitCode !== 0) failed(s, `gs_om -t refreshconf on ${d.target.host}`);
    },
  });
}
