/**
 * Adding CM to a running cluster that reached three data nodes (docs/opengauss.md §1.3, §5.9,
 * §7.18): prepare every node, switch over to the first standby, wait for Normal, refreshconf,
 * switch back, wait, check the original primary is primary again, `gs_om -t start`, cm_install
 * (the CA password over a PTY), and then CM must show in the status.
 */
import { UserError } from '../../errors.js';
import type { ProbeResult } from '../modules/probe-fact.js';
import type { OrderedNode } from '../ordering.js';
import { currentRole } from '../status/health.js';
import type { DetailStatus } from '../status/types.js';
import { finish, type DeploySession } from './session.js';
import { waitNormal, type Expected } from './wait-normal.js';

/** The standby to promote: the current Standby with the lowest instance id, never a cascade (§5.7). */
export function firstStandby(status: Pick<DetailStatus, 'datanodes'>, nodes: readonly OrderedNode[]): OrderedNode | undefined {
  const row = [...status.datanodes].sort((a, b) => a.instanceId - b.instanceId).find((r) => currentRole(r) === 'standby');
  return row && nodes.find((n) => n.address === row.ip);
}

/** The expected roles once `promoted` is primary and the original primary a standby. */
export function swapped(nodes: readonly OrderedNode[], promoted: OrderedNode): Expected[] {
  return nodes.map((n) => ({ ...n, role: n.name === promoted.name ? 'primary' : n.role === 'primary' ? 'standby' : n.role }));
}

async function step(s: DeploySession, name: string, tag: string, vars: Record<string, unknown>, only?: readonly string[]): Promise<void> {
  const r = await s.phase(name, tag, vars, false, only);
  if (r.exitCode === 0) return;
  const out = finish(s, 'failed', `adding CM failed at: ${name}`, 4);
  throw new UserError(
    `adding CM failed at "${name}":\n${s.recorder.failures.join('\n')}\nRe-run afo expand after repairing it.\nlog: ${out.logDir}\nreport: ${out.reportPaths.md}\nhtml report: ${out.reportPaths.html}`,
    'failed',
  );
}

/**
 * `nodes`: every node in XML order, installed (the expansion is done); `vars`: the og_* variables
 * with the XML carrying CM parameters. Returns the last probe (with its CMServer section).
 */
export async function addCm(s: DeploySession, vars: Record<string, unknown>, nodes: readonly OrderedNode[], status: DetailStatus): Promise<ProbeResult> {
  const primary = nodes[0]!;
  const standby = firstStandby(status, nodes);
  if (!standby) throw new UserError(`adding CM needs a Normal standby to switch over to; the status of ${primary.name} shows none`, 'failed');
  await step(s, 'CM: prepare every node', 'cm_prepare', vars);
  s.o.say(`adding CM: switchover to ${standby.name} and back (writes pause for a few seconds each time)`);
  // roles/opengauss/tasks/ops.yml's switchover (without CM: gs_ctl on the standby to promote) and refreshconf
  const dirOf = (n: OrderedNode) => status.datanodes.find((r) => r.ip === n.address)?.dataDir ?? `${s.plan.settings.paths.dataPath}/dn`;
  const switchTo = async (n: OrderedNode) => {
    const t0 = Date.now();
    await step(s, `CM: switchover to ${n.name}`, 'switchover', { ...vars, og_cm: false, og_target_dir: dirOf(n) }, [n.name]);
    const seconds = Math.round((Date.now() - t0) / 100) / 10;
    s.switchovers.push({ to: n.name, writeUnavailableMaxSeconds: seconds });
    s.o.say(`switchover to ${n.name} done: writes were unavailable for at most ${seconds.toFixed(1)} s`);
  };
  const refresh = () => step(s, 'CM: refreshconf', 'refreshconf', vars, [primary.name]);
  await switchTo(standby);
  await waitNormal(s, vars, swapped(nodes, standby), `CM: ${standby.name} is primary`);
  await refresh();
  await switchTo(primary);
  await waitNormal(s, vars, nodes, `CM: ${primary.name} is primary again`);
  await refresh();
  await step(s, 'CM: gs_om -t start', 'cm_om_start', vars);
  await waitNormal(s, vars, nodes, 'CM: cluster Normal before cm_install');
  await step(s, 'CM: cm_install', 'cm_install', vars);
  const last = await waitNormal(s, vars, nodes, 'CM: cluster Normal with CM');
  if (!last.status?.cmServers?.length) {
    const out = finish(s, 'failed', 'cm_install reported success but the status has no CMServer section', 4, last);
    throw new UserError(
      `cm_install reported success, but gs_om -t status --detail on ${primary.name} shows no CMServer section:\n${last.text ?? ''}\nlog: ${out.logDir}`,
      'failed',
    );
  }
  return last;
}
