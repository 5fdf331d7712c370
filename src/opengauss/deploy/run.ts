/**
 * `afo deploy`, phase by phase (docs/opengauss.md §1.1). Each phase is a tag of roles/opengauss run
 * by the engine; between phases this file decides from facts what happens next:
 *
 *   plan (inventory + topology, no connection) -> package verified (when given) -> secrets ->
 *   preflight + probe (read-only) -> fresh / healthy / unhealthy / unreachable ->
 *   OS preparation (all hosts) -> [fresh and every host prepared] install -> verify -> report
 */
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../../cli/errors.js';
import type { EngineEvent, EventSink } from '../../engine/events.js';
import type { RunResult } from '../../engine/run.js';
import { RunLog, fanOut } from '../../report/run-log.js';
import { CollectingSink } from '../modules/sink.js';
import type { ProbeResult } from '../modules/probe-fact.js';
import { newReplicas, checkExpansion } from '../ordering.js';
import { ProblemsError } from '../problem.js';
import { resolvePackage } from '../packages.js';
import { loadOrCreateSecrets, redact, secretsPath, SECRET_VARS, type SecretKey } from '../secrets.js';
import { cmEnabled } from '../xml/model.js';
import { preflightProblems, type HostReport } from './checks.js';
import { loadDefaults, PhaseRunner, type PhaseRunnerOptions } from './engine.js';
import { ensureKeyPair, passwordHash } from './keys.js';
import { givenPackage, resolvedPackage, type LocalPackage } from './package.js';
import { planDeploy, type DeployPlan } from './plan.js';
import { buildReport, osSummary, writeReport, type DeployReport, type PhaseTiming } from './report.js';
import { roleVars } from './vars.js';
import { waitHealthy } from './verify.js';

export interface DeployOptions {
  inventory: string;
  extraVars: Record<string, unknown>;
  package?: string;
  packageSha256?: string;
  check: boolean;
  diff: boolean;
  forks?: number;
  /** Record unknown SSH host keys instead of refusing them (a changed key is always refused). */
  acceptNewHostKeys?: boolean;
  /** The sudo password for every host, asked once (`--ask-become-pass`); the inventory's wins. */
  becomePassword?: string;
  /** Progress output (listr2 / plain / json), already redacting. */
  progress: EventSink;
  /** Plain text for the user (stderr-style notes and the final lines). */
  say: (line: string) => void;
  /** Where downloads are cached (default ~/.cache/afo/packages). */
  cacheDir: string;
}

export interface DeployOutcome {
  exitCode: number;
  report: DeployReport;
  reportPaths: { md: string; json: string };
  logDir: string;
}

const WAIT_TRIES = 30;

/** The run-wide flags every phase runner gets. */
function runnerFlags(o: DeployOptions): Pick<PhaseRunnerOptions, 'forks' | 'diff' | 'acceptNewHostKeys' | 'becomePassword'> {
  return {
    diff: o.diff,
    ...(o.forks ? { forks: o.forks } : {}),
    ...(o.acceptNewHostKeys ? { acceptNewHostKeys: true } : {}),
    ...(o.becomePassword !== undefined ? { becomePassword: o.becomePassword } : {}),
  };
}

export async function runDeploy(o: DeployOptions): Promise<DeployOutcome> {
  const phases: PhaseTiming[] = [];
  const changes: Record<string, string[]> = {};
  const failures: string[] = [];
  const roleDefaults = loadDefaults();
  const plan = await planDeploy({ inventoryPath: o.inventory, extraVars: o.extraVars, roleDefaults });
  const invDir = dirname(resolve(plan.inventory.file));
  let pkg: LocalPackage | undefined = o.package
    ? await givenPackage({ package: o.package, ...(o.packageSha256 ? { sha256: o.packageSha256 } : {}), cacheDir: o.cacheDir, packageDir: join(invDir, 'packages') })
    : undefined;
  const secretsExisted = existsSync(secretsPath(invDir));
  const secrets = await loadOrCreateSecrets({ inventoryDir: invDir, userName: plan.settings.userName, given: plan.settings.given });
  o.say(`secrets: ${secrets.path} (mode 0600${secrets.generated.length ? `; generated ${secrets.generated.join(', ')}` : ''})`);
  const secretValues = Object.values(secrets.secrets);
  const hide = (s: string) => redact(s, secretValues);
  const log = new RunLog(join(invDir, 'reports'), o.check ? 'deploy-check' : 'deploy');
  o.say(`run log: ${log.dir}`);
  const collect: EngineEvent[] = [];
  const emit = fanOut(log.sink(), o.progress, (e) => collect.push(e));
  const sink = new CollectingSink();
  const hosts = plan.nodes.map((n) => n.name);
  // -e values as afo resolved them (deep-merged over the role defaults, AFO's rule), so the
  // engine's -e layer (which replaces whole values, Ansible's rule) sees the same settings.
  const userVars = Object.fromEntries(Object.keys(o.extraVars).map((k) => [k, plan.vars[k]]));
  const baseVars = { ...userVars, ansible_become: true, og_primary: plan.primary.name };
  let runner = new PhaseRunner({ inventory: plan.inventory, hosts, emit, sink, extraVars: baseVars, ...runnerFlags(o) });
  const cm = cmEnabled(plan.model);

  const phase = async (name: string, tag: string, check = false): Promise<RunResult> => {
    const t0 = Date.now();
    const from = collect.length;
    const r = await runner.run(tag, { check });
    let changed = 0;
    for (const e of collect.slice(from)) {
      if (e.type === 'host-task-end' && e.status === 'changed') changed++;
      if (e.type === 'change') (changes[e.host] ??= []).push(`${e.planned ? '(planned) ' : ''}${e.task.name}: ${e.change.description}${e.change.item ? ` [${e.change.item}]` : ''}`);
      if (e.type === 'failure' && !e.ignored) {
        failures.push(hide([`${e.host}: task '${e.task.name}' (${e.task.file}:${e.task.line}) failed: ${e.message}`, ...(e.command ? [`  command: ${e.command}`] : []), ...e.output.slice(-10).map((l) => `  | ${l}`)].join('\n')));
      }
    }
    phases.push({ phase: name, ms: Date.now() - t0, changed });
    return r;
  };
  const finish = async (outcome: DeployReport['outcome'], message: string, exitCode: number, probe?: ProbeResult): Promise<DeployOutcome> => {
    await runner.close();
    const report = buildReport(plan, {
      outcome, message, cm, secretsFile: secrets.path, changes, phases, logDir: log.dir, os: osSummary(sink.preflights),
      ...(pkg ? { package: { file: pkg.fileName, sha256: pkg.sha256, source: pkg.source } } : {}),
      ...(probe?.status ? { status: { layout: probe.status.layout, clusterState: probe.status.clusterState, datanodes: probe.status.datanodes } } : {}),
      ...(probe?.text ? { statusText: probe.text } : {}),
    });
    const reportPaths = writeReport(log.dir, report, hide);
    return { exitCode, report, reportPaths, logDir: log.dir };
  };

  // 1. preflight + probe: read-only
  const pre = await phase('preflight', 'preflight');
  const reports: HostReport[] = hosts.map((h) => {
    const s = pre.hosts[h];
    const facts = sink.preflights.get(h);
    return facts && s?.state === 'ok' ? { name: h, facts } : { name: h, unreachable: s?.failure?.message ?? 'no answer' };
  });
  const probe = sink.probes.get(plan.primary.name);
  const fresh = probe?.state === 'fresh';
  const problems = preflightProblems(plan, reports, fresh);
  if (probe?.state === 'unreadable') problems.push(...probe.problems.map((p) => ({ ...p, host: plan.primary.name })));
  const installed = probe !== undefined && probe.state !== 'fresh';
  // Passwords generated now for an installed cluster are not its own: never leave them in a new file.
  if (installed && !secretsExisted && secrets.generated.length > 0) rmSync(secrets.path, { force: true });
  if (problems.length > 0) throw new ProblemsError(`preflight failed; nothing was changed on any host (log: ${log.dir}):`, problems);
  if (probe?.state === 'unhealthy') {
    await finish('stopped', 'the installed cluster is not healthy', 4, probe);
    throw new ProblemsError(
      `openGauss is installed on ${plan.primary.name} but not healthy; afo does not re-initialize an installed cluster, nothing was changed:\n` +
        `Status (gs_om -t status --detail on ${plan.primary.name}):\n${probe.text ?? ''}\nRepair it (gs_om -t start, gs_ctl build) and run afo deploy again. Log: ${log.dir}`,
      probe.problems,
    );
  }
  if (probe?.state === 'healthy' && probe.status) {
    const mismatch = checkExpansion(plan.topology, probe.status);
    if (mismatch.length > 0) throw new ProblemsError('the inventory does not match the installed cluster; nothing was changed:', mismatch);
    const added = newReplicas(plan.topology, probe.status);
    const names = [...added.standby, ...added.cascade].map((h) => h.name);
    if (names.length === 0) refuseNewPasswords(secrets.path, secrets.generated, secretsExisted, plan.primary.name);
    if (names.length > 0) {
      await finish('stopped', `new hosts ${names.join(', ')}: afo expand adds them`, 3, probe);
      throw new UserError(`the cluster is installed and healthy; ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not part of it yet. Run \`afo expand\` to add them; nothing was changed.`, 'preflight');
    }
  }

  // 2. package (needs the detected OS when not given) — verified before anything changes
  if (fresh && !pkg) {
    const f = sink.preflights.get(plan.primary.name)!;
    const target = { version: plan.settings.version, osId: f.distribution ?? '', osVersion: f.version ?? '', arch: f.arch ?? '' };
    const resolved = plan.settings.downloadServer ? resolvePackage(target, plan.settings.downloadServer) : resolvePackage(target);
    pkg = await resolvedPackage({ ...(o.packageSha256 ? { sha256: o.packageSha256 } : {}), cacheDir: o.cacheDir, packageDir: join(invDir, 'packages') }, resolved);
  }
  const credDir = dirname(secrets.path);
  const vars = roleVars({
    plan, facts: sink.preflights, secrets: secrets.secrets, userHash: passwordHash(secrets.secrets.user_pass),
    rootKey: await ensureKeyPair(credDir, 'opengauss_id_root', 'afo-opengauss-root-trust'),
    omKey: await ensureKeyPair(credDir, 'opengauss_id_om', 'afo-opengauss-om'),
    ...(pkg ? { pkg } : {}),
  });
  await runner.close();
  runner = new PhaseRunner({ inventory: plan.inventory, hosts, emit, sink, extraVars: { ...userVars, ...vars }, ...runnerFlags(o) });

  // 3. OS preparation everywhere (under --check: planned only)
  const osRun = await phase('os', 'os', o.check);
  if (osRun.exitCode !== 0) {
    const out = await finish('failed', 'OS preparation failed; no cluster-wide step was run', 4, probe);
    throw new UserError(`OS preparation failed, so gs_preinstall/gs_install were not run on any host:\n${failures.join('\n')}\nlog: ${out.logDir}\nreport: ${out.reportPaths.md}`, 'failed');
  }
  if (o.check) {
    o.say(`--check: cluster_config.xml that would be placed at ${plan.settings.uploadPath}/cluster_config.xml:\n${plan.xml}`);
    if (fresh) {
      o.say(`--check: would then run on ${plan.primary.name}: ${plan.settings.uploadPath}/script/gs_preinstall -U ${plan.settings.userName} -G ${plan.settings.userGroup} -X ${plan.settings.uploadPath}/cluster_config.xml --non-interactive`);
      o.say(`--check: and as ${plan.settings.userName}: gs_install -X ${plan.settings.uploadPath}/cluster_config.xml --gsinit-parameter=--locale=${plan.settings.locale} (password answered at the prompt)`);
    } else o.say('--check: the cluster is installed and healthy: no OM command would run');
    return finish('check', fresh ? 'plan only (fresh install)' : 'plan only (cluster installed)', 0, probe);
  }
  if (!fresh) {
    const n = phases.reduce((a, p) => a + p.changed, 0);
    return finish('unchanged', n === 0 ? 'the cluster is installed and healthy; nothing to do' : `the cluster is installed and healthy; OS settings converged (${n} changed tasks)`, 0, probe);
  }

  // 4. install (primary drives OM; trust removed in the role's always:)
  const inst = await phase('install', 'install');
  if (inst.exitCode !== 0) {
    const out = await finish('failed', 'installation failed', 4, probe);
    throw new UserError(`installation failed:\n${failures.join('\n')}\nlog: ${out.logDir}\nreport: ${out.reportPaths.md}`, 'failed');
  }

  // 5. verify: every node Normal with its expected role
  const { last, problems: bad } = await waitHealthy(plan, async (i) => {
    sink.probes.clear();
    await phase(i === 0 ? 'verify' : `verify (try ${i + 1})`, 'probe');
    return sink.probes.get(plan.primary.name);
  }, { tries: WAIT_TRIES, delayMs: 5000 });
  if (!last?.status || bad.length > 0) {
    await finish('failed', 'installed, but the cluster did not become healthy', 4, last);
    throw new ProblemsError(`openGauss was installed but is not healthy after ${WAIT_TRIES} checks:\n${last?.text ?? ''}`, bad);
  }
  return finish('installed', `openGauss ${plan.settings.version} installed: ${plan.nodes.length} node(s), all Normal`, 0, last);
}

export { loadDefaults };

/**
 * An installed cluster whose secrets file had no passwords: the ones just generated are not the
 * cluster's, and a file that claims they are is worse than none (a file this run created is
 * already removed). Stop before any change.
 */
function refuseNewPasswords(path: string, generated: readonly SecretKey[], existed: boolean, primary: string): void {
  const wrong = generated.filter((k) => k === 'root_pass' || k === 'user_pass');
  if (wrong.length === 0) return;
  throw new UserError(
    `openGauss is already installed on ${primary}, but the secrets file ${path} ${existed ? `has no ${wrong.join(', ')}` : 'is missing'}; ` +
      `new passwords would not be the cluster's. Restore the file from your backup, or give the real values as ` +
      `${wrong.map((k) => SECRET_VARS[k]).join(' / ')} (-e or group_vars), then run afo deploy again. Nothing was changed on any host.`,
    'preflight',
  );
}
