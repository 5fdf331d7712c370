/**
 * Everything one `afo deploy` run holds: the plan, the package given on the command line, the
 * secrets file, the run log, the report recorder, and the opened run (one SSH connection per host
 * for every phase). `finish` writes the report; `close` ends the connections.
 */
import { existsSync } from 'node:fs';
import { UserError } from '../../errors.js';
import { dirname, join, resolve } from 'node:path';
import type { EventSink } from '../../engine/events.js';
import type { RunResult } from '../../engine/run.js';
import type { OpenedRun } from '../../play/open.js';
import { RunLog, fanOut } from '../../report/run-log.js';
import { TaskLoader } from '../../roles/load.js';
import type { Role } from '../../roles/types.js';
import { builtinModules } from '../../tasks/modules/index.js';
import { openGaussModules } from '../modules/modules.js';
import type { ProbeResult } from '../modules/probe-fact.js';
import { CollectingSink } from '../modules/sink.js';
import { redact } from '../../text/redact.js';
import { loadOrCreateSecrets, secretsPath, type SecretsResult } from '../secrets.js';
import { cmEnabled } from '../xml/model.js';
import type { SecretsState } from './decide.js';
import { givenPackage, type LocalPackage } from './package.js';
import { planDeploy, type DeployPlan } from './plan.js';
import { DeployRecorder } from './recorder.js';
import { buildReport, osSummary, writeReport, type DeployReport, type ReportPaths, type SwitchoverWindow } from './report.js';
import { roleDir } from './role.js';
import { openCommandRun, type CommandRunChoices } from '../../play/choices.js';

/** The run choices (with a vault, the secrets file is written encrypted too) and deploy's own. */
export interface DeployOptions extends CommandRunChoices {
  package?: string;
  packageSha256?: string;
  check: boolean;
  diff: boolean;
  forks?: number;
  /** Aborted on Ctrl-C: no new task starts, running commands are killed, the run ends "interrupted" (exit 130). */
  signal?: AbortSignal;
  /** Remove a stale run lock before taking it (docs/architecture.md §7.1). */
  breakLock?: boolean;
  /** Progress output (listr2 / plain / json), already redacting. */
  progress: EventSink;
  /** Plain text for the user (stderr-style notes and the final lines). */
  say: (line: string) => void;
  /** The command, for the run log's name (default deploy). */
  command?: 'deploy' | 'expand';
  /** Where downloads are cached (default ~/.cache/afo/packages). */
  cacheDir: string;
}

export interface DeployOutcome {
  exitCode: number;
  report: DeployReport;
  reportPaths: ReportPaths;
  logDir: string;
}

export interface DeploySession {
  o: DeployOptions;
  plan: DeployPlan;
  invDir: string;
  pkg: LocalPackage | undefined;
  secrets: SecretsResult;
  secretsState: SecretsState;
  hide: (text: string) => string;
  log: RunLog;
  recorder: DeployRecorder;
  /** What the openGauss fact modules reported (preflight facts per host, the primary's probe). */
  found: CollectingSink;
  role: Role;
  run: OpenedRun;
  /** -e values as afo resolved them, for every phase (see openSession). */
  userVars: Record<string, unknown>;
  /** The switchovers this run performed and how long writes may have paused for each (the report's write availability). */
  switchovers: SwitchoverWindow[];
  /** Runs one tag of the role on the cluster's hosts (or `only` these), timed and recorded as the phase `name`. */
  phase(name: string, tag: string, vars: Record<string, unknown>, check?: boolean, only?: readonly string[]): Promise<RunResult>;
}

/** Plans (no connection), checks a given package, reads or creates the secrets, opens the run. */
export async function openSession(o: DeployOptions): Promise<DeploySession> {
  const found = new CollectingSink();
  const loader = new TaskLoader([...builtinModules, ...openGaussModules(found)]);
  const role = loader.load(roleDir());
  const plan = await planDeploy({ inventoryPath: o.inventory, extraVars: o.extraVars, roleDefaults: role.defaults, ...(o.vault ? { vault: o.vault } : {}) });
  const invDir = dirname(resolve(plan.inventory.file));
  const pkg = o.package
    ? await givenPackage({
        package: o.package,
        ...(o.packageSha256 ? { sha256: o.packageSha256 } : {}),
        cacheDir: o.cacheDir,
        packageDir: join(invDir, 'packages'),
        progress: o.progress,
      })
    : undefined;
  // Opened (every host's connection settings read) before anything is written: bad input leaves nothing behind.
  const run = openCommandRun(plan.inventory, loader, o);
  const existed = existsSync(secretsPath(invDir));
  const secrets = await loadOrCreateSecrets({
    inventoryDir: invDir,
    userName: plan.settings.userName,
    given: plan.settings.given,
    ...(o.vault ? { vault: o.vault } : {}),
    // check mode writes nothing beside the inventory but its run log (issue 12)
    write: !o.check,
  });
  const original = Object.entries(secrets.fromOriginal).map(([k, f]) => `${k} from ${f}`);
  o.say(
    `secrets: ${o.check && !existed ? 'not written in check mode; a run keeps them in ' : ''}${secrets.path} (mode 0600${o.vault ? ', Ansible vault' : ''}${secrets.generated.length ? `; generated ${secrets.generated.join(', ')}` : ''}${original.length ? `; the Ansible original's ${original.join(', ')}` : ''})`,
  );
  const values = [...Object.values(secrets.secrets), ...(o.vault?.revealed ?? [])];
  const hide = (s: string) => redact(s, values);
  const cmd = o.command ?? 'deploy';
  const log = new RunLog(join(invDir, 'reports'), o.check ? `${cmd}-check` : cmd);
  o.say(`run log: ${log.dir}`);
  const recorder = new DeployRecorder(hide);
  const emit = fanOut(log.sink(), o.progress, recorder.sink);
  // -e values as afo resolved them (deep-merged over the role defaults, AFO's rule), so the
  // engine's -e layer (which replaces whole values, Ansible's rule) sees the same settings.
  const userVars = Object.fromEntries(Object.keys(o.extraVars).map((k) => [k, plan.vars[k]]));
  const hosts = plan.nodes.map((n) => n.name);
  // What ran when Ctrl-C came (read before the killed commands end their tasks).
  let interruptedAt: string[] = [];
  o.signal?.addEventListener('abort', () => {
    interruptedAt = recorder.running();
  });
  const s: DeploySession = {
    o,
    plan,
    invDir,
    pkg,
    secrets,
    secretsState: { existed, generated: secrets.generated },
    hide,
    log,
    recorder,
    found,
    role,
    run,
    userVars,
    switchovers: [],
    phase: async (name, tag, vars, check = false, only) => {
      const r = await recorder.phase(name, () =>
        run.run(role, {
          emit,
          hosts: only ? [...only] : hosts,
          tags: [tag],
          check,
          diff: o.diff,
          extraVars: { ...userVars, ...vars },
          ...(o.forks ? { forks: o.forks } : {}),
        }),
      );
      if (o.signal?.aborted) throw await interrupted(s, interruptedAt);
      return r;
    },
  };
  return s;
}

/** The report and the error of a run stopped by Ctrl-C (docs/architecture.md §7.2; exit 130). */
async function interrupted(s: DeploySession, at: string[]): Promise<UserError> {
  await s.run.interrupted();
  const message = at.length > 0 ? `interrupted at ${at.join(', ')}` : 'interrupted between tasks';
  const out = finish(s, 'interrupted', message, 130);
  return new UserError(
    `${message}.
No new task was started and the commands that were running on the hosts were killed. ` +
      `Run afo ${s.o.command ?? 'deploy'} again to finish: it plans from what the hosts have now.
log: ${out.logDir}
report: ${out.reportPaths.md}`,
    'interrupted',
  );
}

/** Writes report.md / report.json for the run's outcome. */
export function finish(s: DeploySession, outcome: DeployReport['outcome'], message: string, exitCode: number, probe?: ProbeResult): DeployOutcome {
  const report = buildReport(s.plan, {
    outcome,
    message,
    cm: cmEnabled(s.plan.model),
    secretsFile: s.secrets.path,
    changes: s.recorder.changes,
    phases: s.recorder.phases,
    logDir: s.log.dir,
    os: osSummary(s.found.preflights),
    connections: s.run.connections(),
    ...(s.switchovers.length ? { switchovers: s.switchovers } : {}),
    ...(s.pkg ? { package: { file: s.pkg.fileName, sha256: s.pkg.sha256, source: s.pkg.source } } : {}),
    ...(probe?.status
      ? {
          status: {
            layout: probe.status.layout,
            clusterState: probe.status.clusterState,
            datanodes: probe.status.datanodes,
            ...(probe.status.cmServers ? { cmServers: probe.status.cmServers } : {}),
          },
        }
      : {}),
    ...(probe?.text ? { statusText: probe.text } : {}),
  });
  const reportPaths = writeReport(s.log.dir, report, s.hide);
  return { exitCode, report, reportPaths, logDir: s.log.dir };
}
