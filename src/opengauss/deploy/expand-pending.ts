/**
 * `afo deploy` on a healthy cluster whose inventory has new hosts: the installed nodes' OS
 * settings converge (the new hosts are not touched: `afo expand` prepares them), then the
 * expansion plan and the exact `afo expand` command are printed. The outcome `expand-pending`
 * has its own exit code (src/cli/exit-code.ts), so scripts can tell "done" from "more to do".
 */
import { UserError } from '../../errors.js';
import type { ProbeResult } from '../modules/probe-fact.js';
import { ProblemsError } from '../problem.js';
import type { Decision } from './decide.js';
import { decideExpand } from './decide-expand.js';
import { expandPlanLines } from './expand-check.js';
import { stepPlan } from './expand-plan.js';
import type { HostReport } from './checks.js';
import { phaseVarsFor } from './execute.js';
import { finish, type DeployOutcome, type DeploySession } from './session.js';

type Converge = Extract<Decision, { action: 'converge' }>;

export async function convergeAndPointToExpand(s: DeploySession, d: Converge, reports: HostReport[], probe: ProbeResult): Promise<DeployOutcome> {
  const status = probe.status!;
  const e = decideExpand({ plan: s.plan, reports, probe, secrets: s.secretsState, check: true });
  if (e.action === 'stop') {
    // a new host afo expand would refuse (another OS, a busy port): say so now, change nothing
    const out = finish(s, 'stopped', e.message, 3, probe);
    throw new ProblemsError(
      `the cluster is installed and healthy, but afo expand could not add the new hosts: ${e.message}:`,
      e.problems,
      `Log: ${out.logDir}\nReport: ${out.reportPaths.md}\nHTML report: ${out.reportPaths.html}`,
    );
  }
  const installed = await stepPlan(s.plan, status, [], e.cmInstalled);
  const final = await stepPlan(s.plan, status, [...e.standbys, ...e.cascades], e.cmInstalled || e.addCm);
  const vars = await phaseVarsFor(s, installed, false);
  const r = await s.phase(
    'os',
    'os',
    vars,
    d.check,
    installed.nodes.map((n) => n.name),
  );
  if (r.exitCode !== 0) {
    const out = finish(s, 'failed', 'OS settings of the installed nodes failed', 4, probe);
    throw new UserError(
      `OS settings failed on the installed nodes:\n${s.recorder.failures.join('\n')}\nlog: ${out.logDir}\nreport: ${out.reportPaths.md}\nhtml report: ${out.reportPaths.html}`,
      'failed',
    );
  }
  const cmd = `afo expand -i ${s.o.inventory}`;
  s.o.say(`the cluster is installed and healthy; ${d.newHosts!.join(', ')} ${d.newHosts!.length === 1 ? 'is' : 'are'} not part of it yet. afo expand would:`);
  for (const l of expandPlanLines({ installed, final, decision: e }, false)) s.o.say(`  ${l}`);
  s.o.say(`see the full plan (cluster_config.xml and its difference): ${cmd} --check`);
  s.o.say(`then add them: ${cmd}`);
  const n = s.recorder.changedTasks();
  return finish(
    s,
    d.check ? 'check' : 'expand-pending',
    `installed nodes ${d.check ? 'planned' : n === 0 ? 'unchanged' : `converged (${n} changed tasks)`}; new hosts ${d.newHosts!.join(', ')} wait for: ${cmd}`,
    0,
    probe,
  );
}
