/**
 * `afo deploy` as plan -> decide -> execute (docs/architecture.md, "afo deploy: plan, decide,
 * execute"). The plan needs no connection (plan.ts); a read-only preflight gathers facts from
 * every host; decide() (pure) says what happens; this file carries the decision out, phase by
 * phase, each phase a tag of roles/opengauss on the one opened run, and writes the report.
 */
import { takeLock, type HeldLock } from '../lock.js';
import { decide, type Decision } from './decide.js';
import { printCheckPlan, runPhases, stopWith } from './execute.js';
import { convergeAndPointToExpand } from './expand-pending.js';
import { preflight } from './preflight.js';
import { withFailureReport, type RunStage } from './failure-report.js';
import { deploySummary } from './summary.js';
import { confirmChanges, finish, keepSecrets, openSession, type DeployOptions, type DeployOutcome } from './session.js';

export type { DeployOptions, DeployOutcome } from './session.js';
export { loadDefaults } from './role.js';

export function runDeploy(o: DeployOptions): Promise<DeployOutcome> {
  return withFailureReport(o.inventory, o.check ? 'deploy-check' : 'deploy', (stage) => deploy(o, stage));
}

async function deploy(o: DeployOptions, stage: RunStage): Promise<DeployOutcome> {
  const s = await openSession(o);
  stage.session = s;
  let lock: HeldLock | undefined;
  try {
    stage.phase = 'preflight';
    const { reports, probe } = await preflight(s);
    const decision: Decision = decide({ plan: s.plan, reports, probe, secrets: s.secretsState, check: o.check });
    if (decision.action === 'stop') return stopWith(s, decision, probe);
    stage.phase = 'confirm';
    const no = await confirmChanges(s, deploySummary(s.plan, decision));
    if (no) return no;
    stage.phase = 'lock';
    // docs/architecture.md §7.1: after the read-only preflight, before the first change.
    if (!decision.check) lock = await takeLock(s.run, s.plan.primary.name, 'deploy', !!o.breakLock);
    await keepSecrets(s, decision.discardNewSecrets);
    stage.phase = 'phases';
    if (decision.action === 'converge' && decision.newHosts) return await convergeAndPointToExpand(s, decision, reports, probe!);
    const last = await runPhases(s, decision, probe);
    if (decision.check) {
      printCheckPlan(s, decision);
      return finish(s, 'check', decision.action === 'install' ? 'plan only (fresh install)' : 'plan only (cluster installed)', 0, probe);
    }
    if (decision.action === 'converge') {
      const n = s.recorder.changedTasks();
      return finish(
        s,
        'unchanged',
        n === 0 ? 'the cluster is installed and healthy; nothing to do' : `the cluster is installed and healthy; OS settings converged (${n} changed tasks)`,
        0,
        probe,
      );
    }
    return finish(s, 'installed', `openGauss ${s.plan.settings.version} installed: ${s.plan.nodes.length} node(s), all Normal`, 0, last);
  } finally {
    const note = await lock?.release();
    if (note) o.say(note);
    await s.run.close();
  }
}
