/**
 * Carrying out a Decision: a stop (with its report and the error the CLI prints), or its phases
 * (OS preparation, install, verify) with the og_* variables they need, and the --check summary.
 */
import { dirname, join } from 'node:path';
import { UserError } from '../../errors.js';
import type { ProbeResult } from '../modules/probe-fact.js';
import { resolvePackage } from '../packages.js';
import { ProblemsError } from '../problem.js';
import type { Decision, PhaseStep } from './decide.js';
import type { DeployPlan } from './plan.js';
import { ensureKeyPair, passwordHash } from './keys.js';
import { resolvedPackage } from './package.js';
import { finish, type DeploySession } from './session.js';
import { roleVars } from './vars.js';
import { waitHealthy } from './verify.js';

type Stop = Extract<Decision, { action: 'stop' }>;
/** A stop of deploy or expand (expand adds its own reasons). */
type AnyStop = Omit<Stop, 'reason'> & { reason: string };
type Go = Exclude<Decision, Stop>;

/** Checks 1, 2, 3, 4 s apart, then every 5 s (verify.ts delayBefore): about 145 s in all, as 30 checks 5 s apart were. */
const WAIT_TRIES = 32;

/** Writes the report of a stopped run, then throws what the user reads (exit 3: nothing was changed). */
export function stopWith(s: DeploySession, d: AnyStop, probe: ProbeResult | undefined): never {
  const out = finish(s, 'stopped', d.message, 3, probe);
  const where = `Log: ${out.logDir}\nReport: ${out.reportPaths.md}\nHTML report: ${out.reportPaths.html}`;
  const advice =
    d.reason === 'unhealthy' || d.reason === 'half-installed'
      ? `Status (gs_om -t status --detail on ${s.plan.primary.name}):\n${probe?.text ?? ''}\nRepair it (gs_om -t start, gs_ctl build) and run afo deploy again.\n${where}`
      : where;
  throw new ProblemsError(`${d.message}:`, d.problems, advice);
}

/** Runs the decision's phases in order; throws (exit 4) when one fails. Returns the last probe. */
export async function runPhases(s: DeploySession, d: Go, probe: ProbeResult | undefined): Promise<ProbeResult | undefined> {
  const vars = await phaseVars(s, d);
  let last = probe;
  for (const step of d.phases) {
    if (step.tag === 'verify') last = await verify(s, vars);
    else await runStep(s, step, vars);
  }
  return last;
}

export async function runStep(s: DeploySession, step: PhaseStep, vars: Record<string, unknown>): Promise<void> {
  const r = await s.phase(step.tag, step.tag, vars, step.planOnly);
  if (r.exitCode === 0) return;
  const what = step.tag === 'os' ? 'OS preparation failed, so gs_preinstall/gs_install were not run on any host' : 'installation failed';
  const out = finish(s, 'failed', step.tag === 'os' ? 'OS preparation failed; no cluster-wide step was run' : 'installation failed', 4);
  throw new UserError(
    `${what}:\n${s.recorder.failures.join('\n')}\nlog: ${out.logDir}\nreport: ${out.reportPaths.md}\nhtml report: ${out.reportPaths.html}`,
    'failed',
  );
}

/** Every node Normal with the role the inventory gives it, or the run fails with the last status. */
async function verify(s: DeploySession, vars: Record<string, unknown>): Promise<ProbeResult | undefined> {
  const primary = s.plan.primary.name;
  const { last, problems } = await waitHealthy(
    s.plan,
    async (i) => {
      s.found.probes.clear();
      await s.phase(i === 0 ? 'verify' : `verify (try ${i + 1})`, 'probe', vars);
      return s.found.probes.get(primary);
    },
    { tries: WAIT_TRIES, delayMs: 5000, firstDelayMs: 1000 },
  );
  if (last?.status && problems.length === 0) return last;
  const out = finish(s, 'failed', 'installed, but the cluster did not become healthy', 4, last);
  throw new ProblemsError(
    `openGauss was installed but is not healthy after ${WAIT_TRIES} checks:`,
    problems,
    `${last?.text ?? ''}\nLog: ${out.logDir}`,
    'failed',
  );
}

/** The og_* variables of the OS and install phases (a fresh install also needs its package, verified first). */
async function phaseVars(s: DeploySession, d: Go): Promise<Record<string, unknown>> {
  return phaseVarsFor(s, s.plan, d.action === 'install');
}

/**
 * The og_* variables for `plan`'s nodes; `withPackage`: resolve the package (given, in the
 * inventory's packages/, or downloaded for the primary's OS and CPU) and verify it.
 */
export async function phaseVarsFor(s: DeploySession, plan: DeployPlan, withPackage: boolean): Promise<Record<string, unknown>> {
  const { o } = s;
  let pkg = s.pkg;
  if (withPackage && !pkg) {
    const f = s.found.preflights.get(plan.primary.name)!;
    const target = { version: plan.settings.version, osId: f.distribution ?? '', osVersion: f.version ?? '', arch: f.arch ?? '' };
    const resolved = resolvePackage(target, plan.settings.downloadServer);
    pkg = await resolvedPackage(
      { ...(o.packageSha256 ? { sha256: o.packageSha256 } : {}), cacheDir: o.cacheDir, packageDir: join(s.invDir, 'packages'), progress: o.progress },
      resolved,
    );
    s.pkg = pkg;
  }
  const credDir = dirname(s.secrets.path);
  return roleVars({
    plan,
    facts: s.found.preflights,
    secrets: s.secrets.secrets,
    userHash: plan.settings.userHash ?? passwordHash(s.secrets.secrets.user_pass),
    rootKey: await ensureKeyPair(credDir, 'opengauss_id_root', 'afo-opengauss-root-trust', !o.check),
    omKey: await ensureKeyPair(credDir, 'opengauss_id_om', 'afo-opengauss-om', !o.check),
    ...(pkg ? { pkg } : {}),
  });
}

/** --check: what the OM steps would be, after the OS phase was planned. */
export function printCheckPlan(s: DeploySession, d: Go): void {
  const { settings } = s.plan;
  s.o.say(`--check: cluster_config.xml that would be placed at ${settings.uploadPath}/cluster_config.xml:\n${s.plan.xml}`);
  if (d.action === 'install') {
    s.o.say(
      `--check: would then run on ${s.plan.primary.name}: ${settings.uploadPath}/script/gs_preinstall -U ${settings.userName} -G ${settings.userGroup} -X ${settings.uploadPath}/cluster_config.xml --non-interactive`,
    );
    s.o.say(
      `--check: and as ${settings.userName}: gs_install -X ${settings.uploadPath}/cluster_config.xml --gsinit-parameter=--locale=${settings.locale} (password answered at the prompt)`,
    );
  } else s.o.say('--check: the cluster is installed and healthy: no OM command would run');
}
