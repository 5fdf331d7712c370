/**
 * What afo status / switchover / scale-in share: the inventory read and checked without any
 * connection (the deploy plan), one opened run on it (src/play, docs/architecture.md §5), the
 * role's `never`-tagged ops tasks run by tag, and `observe`: the cluster's status read from the
 * primary — or, when it does not answer, from the next inventory node that does — joined with
 * every node's `gs_ctl query`.
 */
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import type { RunResult } from '../../engine/run.js';
import type { OpenedRun, OpenRunOptions } from '../../play/open.js';
import { RunLog, fanOut } from '../../report/run-log.js';
import { TaskLoader } from '../../roles/load.js';
import type { Role } from '../../roles/types.js';
import { builtinModules } from '../../tasks/modules/index.js';
import { planDeploy, type DeployPlan } from '../deploy/plan.js';
import { DeployRecorder } from '../deploy/recorder.js';
import { roleDir } from '../deploy/role.js';
import { openGaussModules } from '../modules/modules.js';
import { CollectingSink } from '../modules/sink.js';
import type { Problem } from '../problem.js';
import { ProblemsError } from '../problem.js';
import { clusterView, type ClusterView } from './view.js';
import { openCommandRun, type CommandRunChoices } from '../../play/choices.js';

export interface OpsOptions extends CommandRunChoices {
  /** Name of the run log directory (under reports/ beside the inventory); none for read-only runs. */
  logName?: string;
  /**
   * Aborted on Ctrl-C (src/cli/interrupt.ts, as for afo deploy, docs/architecture.md §7.2): no new
   * task starts, the running remote commands are killed, and the next `tag` throws "interrupted at …" (exit 130).
   */
  signal?: AbortSignal;
  /** Opens a host's transport instead of SSH (tests: docs/architecture.md §5). */
  connect?: OpenRunOptions['connect'];
}

export interface OpsSession {
  plan: DeployPlan;
  run: OpenedRun;
  /** Failures of the tasks run so far, ready to print. */
  recorder: DeployRecorder;
  logDir?: string;
  /** Runs one tag of roles/opengauss on `hosts`. */
  tag(tag: string, hosts: string[], vars?: Record<string, unknown>): Promise<RunResult>;
  found: CollectingSink;
  addressOf(host: string): string | undefined;
  hostOf(ip: string): string | undefined;
  close(): Promise<void>;
}

export async function openOps(o: OpsOptions): Promise<OpsSession> {
  const found = new CollectingSink();
  const loader = new TaskLoader([...builtinModules, ...openGaussModules(found)]);
  const role: Role = loader.load(roleDir());
  const plan = await planDeploy({ inventoryPath: o.inventory, extraVars: o.extraVars, roleDefaults: role.defaults, ...(o.vault ? { vault: o.vault } : {}) });
  const run = openCommandRun(plan.inventory, loader, o);
  const log = o.logName ? new RunLog(join(dirname(resolve(plan.inventory.file)), 'reports'), o.logName) : undefined;
  const recorder = new DeployRecorder((t) => t);
  const emit = fanOut(log?.sink(), recorder.sink);
  const userVars = Object.fromEntries(Object.keys(o.extraVars).map((k) => [k, plan.vars[k]]));
  const byName = new Map(plan.nodes.map((n) => [n.name, n.address]));
  const byIp = new Map(plan.nodes.map((n) => [n.address, n.name]));
  // What ran when Ctrl-C came (read before the killed commands end their tasks).
  let interruptedAt: string[] = [];
  o.signal?.addEventListener('abort', () => {
    interruptedAt = recorder.running();
  });
  const tag = async (tag: string, hosts: string[], vars: Record<string, unknown> = {}): Promise<RunResult> => {
    if (o.signal?.aborted) throw await interrupted(run, interruptedAt, log?.dir);
    const r = await run.run(role, { emit, hosts, tags: [tag], extraVars: { ...userVars, ansible_become: true, ...vars } });
    if (o.signal?.aborted) throw await interrupted(run, interruptedAt, log?.dir);
    return r;
  };
  return {
    plan,
    run,
    recorder,
    found,
    ...(log ? { logDir: log.dir } : {}),
    tag,
    addressOf: (h) => byName.get(h),
    hostOf: (ip) => byIp.get(ip),
    close: () => run.close(),
  };
}

/** The error of an ops run stopped by Ctrl-C, once the commands running on the hosts were killed (exit 130). */
async function interrupted(run: OpenedRun, at: string[], logDir: string | undefined): Promise<UserError> {
  await run.interrupted();
  const where = at.length > 0 ? `interrupted at ${at.join(', ')}` : 'interrupted between tasks';
  return new UserError(
    `${where}.\nNo new task was started and the commands that were running on the hosts were killed. Check the cluster with afo status.${logDir ? `\nlog: ${logDir}` : ''}`,
    'interrupted',
  );
}

/**
 * The cluster now. Tries the primary first, then the other inventory nodes in order, until one
 * prints a readable status; then reads `gs_ctl query` on every node of the status.
 * @throws ProblemsError (exit 4) when no node could give a status; UserError (3) when nothing is installed.
 */
export async function observe(s: OpsSession): Promise<ClusterView> {
  const tried: Problem[] = [];
  for (const node of s.plan.nodes) {
    s.found.probes.delete(node.name);
    const r = await s.tag('probe', [node.name], { og_primary: node.name });
    const probe = s.found.probes.get(node.name);
    if (probe?.state === 'fresh') {
      throw new UserError(`openGauss is not installed on ${node.name} (no cluster_static_config); run afo deploy first`, 'preflight');
    }
    if (probe?.status) {
      const dirs = Object.fromEntries(probe.status.datanodes.flatMap((d) => (s.hostOf(d.ip) ? [[s.hostOf(d.ip)!, d.dataDir]] : [])));
      s.found.replications.clear();
      const rep = await s.tag('replication', Object.keys(dirs), { og_dn_dirs: dirs });
      const byIp = new Map([...s.found.replications].flatMap(([h, q]) => (s.addressOf(h) ? [[s.addressOf(h)!, q] as const] : [])));
      const unreachable = new Set(Object.entries(rep.hosts).flatMap(([h, x]) => (x.state === 'unreachable' && s.addressOf(h) ? [s.addressOf(h)!] : [])));
      return clusterView(probe.status, byIp, s.hostOf, node.name, unreachable);
    }
    const why = r.hosts[node.name]?.failure?.message ?? probe?.problems[0]?.found ?? 'no answer';
    tried.push({
      host: node.name,
      check: 'cluster status',
      found: why.split('\n')[0]!,
      expected: 'a readable gs_om -t status --detail',
      fix: `check the host and, as the database user, gs_om -t status --detail there`,
    });
  }
  throw new ProblemsError('no inventory node could show the cluster status:', tried, undefined, 'failed');
}
