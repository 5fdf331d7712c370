/**
 * `afo expand`: new inventory standbys and cascades join the running cluster, and CM is added when
 * it reaches three data nodes without it (docs/opengauss.md §1.2, §1.3). The same session and
 * read-only preflight as `afo deploy`; decideExpand() (pure) says what happens; each step is
 * planned from the status read just before it, so a re-run after a failure only does what is
 * still missing and never restarts running nodes.
 */
import { UserError } from '../../errors.js';
import { JOINING_MARKER } from '../joining.js';
import { takeLock, type HeldLock } from '../lock.js';
import type { OrderedNode } from '../ordering.js';
import type { DetailStatus } from '../status/types.js';
import { addCm } from './cm-add.js';
import { decideExpand, type ExpandGo } from './decide-expand.js';
import { expandPlanLines } from './expand-check.js';
import { stepNodes, stepPlan } from './expand-plan.js';
import { phaseVarsFor, stopWith } from './execute.js';
import { preflight } from './preflight.js';
import { withFailureReport, type RunStage } from './failure-report.js';
import { expandSummary } from './summary.js';
import { confirmChanges, finish, keepSecrets, openSession, type DeployOptions, type DeployOutcome, type DeploySession } from './session.js';
import { waitNormal } from './wait-normal.js';

export function runExpand(o: DeployOptions): Promise<DeployOutcome> {
  return withFailureReport(o.inventory, o.check ? 'expand-check' : 'expand', (stage) => expand(o, stage));
}

async function expand(o: DeployOptions, stage: RunStage): Promise<DeployOutcome> {
  const s = await openSession({ ...o, command: 'expand' });
  stage.session = s;
  let lock: HeldLock | undefined;
  try {
    stage.phase = 'preflight';
    const { reports, probe } = await preflight(s);
    const d = decideExpand({ plan: s.plan, reports, probe, secrets: s.secretsState, check: o.check });
    if (d.action === 'stop') return stopWith(s, d, probe);
    stage.phase = 'confirm';
    const no = await confirmChanges(s, expandSummary(s.plan, d));
    if (no) return no;
    stage.phase = 'lock';
    // docs/architecture.md §7.1: after the read-only preflight, before the first change.
    if (!d.check) lock = await takeLock(s.run, s.plan.primary.name, 'expand', !!o.breakLock);
    await keepSecrets(s, d.discardNewSecrets);
    stage.phase = 'phases';
    const status = probe!.status!;
    const joining = [...d.standbys, ...d.cascades];
    const installed = await stepPlan(s.plan, status, [], d.cmInstalled);
    const final = await stepPlan(s.plan, status, joining, d.cmInstalled || d.addCm);
    const work = joining.length > 0 || d.addCm;
    const vars = await phaseVarsFor(s, final, work);
    s.plan = final;

    const os = await s.phase('os', 'os', vars, d.check);
    if (os.exitCode !== 0) {
      const out = finish(s, 'failed', 'OS preparation failed; no cluster-wide step was run', 4, probe);
      throw new UserError(
        `OS preparation failed, so gs_expansion was not run on any host:\n${s.recorder.failures.join('\n')}\nlog: ${out.logDir}\nreport: ${out.reportPaths.md}\nhtml report: ${out.reportPaths.html}`,
        'failed',
      );
    }
    if (d.check) {
      // the difference is shown against the file actually on the primary, not a re-rendering
      const xmlPath = `${final.settings.uploadPath}/cluster_config.xml`;
      await s.phase('the XML on the primary', 'installed_xml', { ...vars, og_xml_path: xmlPath }, true, [final.primary.name]);
      const onPrimary = s.found.files.get(`${final.primary.name}:${xmlPath}`);
      for (const l of expandPlanLines({ installed, onPrimary, final, decision: d })) o.say(l);
      return finish(s, 'check', work ? `plan only: ${joining.length} host(s) join${d.addCm ? ', CM added' : ''}` : 'plan only: nothing to add', 0, probe);
    }
    if (!work) {
      const n = s.recorder.changedTasks();
      return finish(
        s,
        'unchanged',
        n === 0
          ? 'every inventory host is in the cluster; nothing to do'
          : `every inventory host is in the cluster; OS settings converged (${n} changed tasks)`,
        0,
        probe,
      );
    }
    let current: DetailStatus = status;
    for (const [what, hosts] of [
      ['standbys', d.standbys],
      ['cascades', d.cascades],
    ] as const) {
      if (hosts.length > 0) current = await joinStep(s, vars, current, hosts, what, d);
    }
    let last = current;
    if (d.addCm && current.cmServers === undefined) {
      const cmPlan = await stepPlan(s.plan, current, [], true);
      last = (await addCm(s, { ...vars, og_xml: cmPlan.xml }, cmPlan.nodes, current)).status!;
    }
    return finish(s, 'expanded', `${joining.length} host(s) joined${d.addCm ? ', CM added' : ''}: ${last.datanodes.length} data nodes, all Normal`, 0, {
      state: 'healthy',
      status: last,
      problems: [],
    });
  } finally {
    const note = await lock?.release();
    if (note) o.say(note);
    await s.run.close();
  }
}

/** One gs_expansion for the hosts of `hosts` not in the cluster yet, then wait until all are Normal. */
async function joinStep(
  s: DeploySession,
  vars: Record<string, unknown>,
  status: DetailStatus,
  hosts: readonly OrderedNode[],
  what: string,
  d: ExpandGo,
): Promise<DetailStatus> {
  const installedIps = new Set(status.datanodes.map((r) => r.ip));
  const missing = hosts.filter((h) => !installedIps.has(h.address));
  const all = stepNodes(s.plan, status, missing);
  if (missing.length > 0) {
    const step = await stepPlan(s.plan, status, missing, d.cmInstalled);
    const r = await s.phase(`expand: ${what}`, 'expand', {
      ...vars,
      og_xml: step.xml,
      og_expand_hosts: missing.map((h) => h.address),
      og_joining: missing.map((h) => h.name),
      og_joining_marker: JOINING_MARKER,
      og_expansion_timeout: 600 * missing.length,
    });
    if (r.exitCode !== 0) {
      const out = finish(s, 'failed', `gs_expansion of the ${what} failed`, 4);
      throw new UserError(
        `gs_expansion of the ${what} (${missing.map((h) => h.name).join(', ')}) failed:\n${s.recorder.failures.join('\n')}\nRe-run afo expand after repairing it: hosts that joined are not added twice.\nlog: ${out.logDir}\nreport: ${out.reportPaths.md}\nhtml report: ${out.reportPaths.html}`,
        'failed',
      );
    }
  }
  const probe = await waitNormal(s, vars, all, `expand: ${what} Normal`);
  return probe.status!;
}
