/**
 * What `afo expand` does after its read-only preflight, decided from facts alone (pure), next to
 * decide() (docs/architecture.md, "afo deploy: plan, decide, execute"; docs/opengauss.md §1.2, §1.3):
 *
 *   unreachable host / preflight problem          -> stop (3), nothing changed
 *   nothing installed                             -> stop (3): `afo deploy` installs first
 *   installed, status unreadable / not healthy    -> stop (3)
 *   inventory contradicts an installed node       -> stop (3), the difference shown
 *   a new host's OS / CPU / python differs        -> stop (3)
 *   passwords lost                                -> stop (3)
 *   otherwise                                     -> expand: OS settings on every node, then the
 *                                                    new standbys, the new cascades, and CM when the
 *                                                    cluster reaches 3 data nodes without it
 *
 * Installed nodes are found in the status by exact address (ordering.ts, §7.1).
 */
import type { ProbeResult } from '../modules/probe-fact.js';
import { checkExpansion, newReplicas, type OrderedNode } from '../ordering.js';
import type { Problem } from '../problem.js';
import type { DetailStatus } from '../status/types.js';
import { preflightProblems, type HostReport } from './checks.js';
import type { DecideInput, Decision } from './decide.js';
import type { DeployPlan } from './plan.js';

type Stop = Extract<Decision, { action: 'stop' }>;

export type ExpandStopReason = Stop['reason'] | 'not-installed' | 'different-host';

export interface ExpandGo {
  action: 'expand';
  /** New standbys, then new cascades, each sorted as IP strings: the order they join. */
  standbys: OrderedNode[];
  cascades: OrderedNode[];
  /** CM is added once the new nodes are in (3+ data nodes, no CM yet, not switched off). */
  addCm: boolean;
  /** CM is installed already (its parameters go into every XML). */
  cmInstalled: boolean;
  check: boolean;
  discardNewSecrets: boolean;
}

export type ExpandDecision = ExpandGo | (Omit<Stop, 'reason'> & { reason: ExpandStopReason });

/** The input is the deploy's: the plan, every host's preflight, the primary's probe, the secrets. */
export type ExpandInput = DecideInput;

export function decideExpand(i: ExpandInput): ExpandDecision {
  const { plan, probe } = i;
  const installed = probe !== undefined && probe.state !== 'fresh';
  const discardNewSecrets = installed && !i.secrets.existed && i.secrets.generated.length > 0;
  const stop = (reason: ExpandStopReason, message: string, problems: Problem[]): ExpandDecision => ({
    action: 'stop',
    reason,
    message,
    problems,
    discardNewSecrets,
  });

  if (i.reports.some((r) => !r.facts)) {
    return stop('unreachable', 'preflight failed; nothing was changed on any host', preflightProblems(plan, i.reports, false));
  }
  if (probe === undefined) throw new Error(`internal: no cluster probe from ${plan.primary.name}`);
  if (probe.state === 'fresh') {
    return stop('not-installed', `openGauss is not installed on ${plan.primary.name}; nothing was changed`, [
      {
        host: plan.primary.name,
        check: 'installed cluster',
        found: 'no cluster_static_config',
        expected: 'an installed cluster to expand',
        fix: `install it first: afo deploy -i ${plan.inventory.file}`,
      },
    ]);
  }
  if (probe.state === 'unreadable') {
    return stop(
      'half-installed',
      `openGauss is installed on ${plan.primary.name} but its status cannot be read; nothing was changed`,
      probe.problems.map((p) => ({ ...p, host: plan.primary.name })),
    );
  }
  if (probe.state === 'unhealthy' || probe.status === undefined) {
    return stop(
      'unhealthy',
      `openGauss is installed on ${plan.primary.name} but not healthy; afo expands only a healthy cluster, nothing was changed`,
      probe.problems,
    );
  }
  const status = probe.status;
  const mismatch = checkExpansion(plan.topology, status);
  if (mismatch.length > 0) return stop('mismatch', 'the inventory does not match the installed cluster; nothing was changed', mismatch);

  const added = newReplicas(plan.topology, status);
  const newNames = new Set([...added.standby, ...added.cascade].map((h) => h.name));
  const problems = preflightProblems(plan, i.reports, newNames);
  if (problems.length > 0) return stop('preflight', 'preflight failed; nothing was changed on any host', problems);
  const different = differentHosts(plan, i.reports, newNames);
  if (different.length > 0) return stop('different-host', 'a new host differs from the cluster; nothing was changed', different);
  const lost = i.secrets.generated.filter((k) => k === 'root_pass' || k === 'user_pass');
  if (lost.length > 0) {
    return stop(
      'secrets-lost',
      `the secrets file ${i.secrets.existed ? `has no ${lost.join(', ')}` : 'is missing'}; new passwords would not be the cluster's, nothing was changed`,
      [
        {
          host: '-',
          check: 'secrets file',
          found: i.secrets.existed ? `no ${lost.join(', ')}` : 'missing',
          expected: "the installed cluster's passwords",
          fix: 'restore the secrets file from your backup (inventory credentials/opengauss.yml)',
        },
      ],
    );
  }

  const byName = new Map(plan.nodes.map((n) => [n.name, n]));
  const pick = (hosts: { name: string }[]) => hosts.map((h) => byName.get(h.name)!);
  const cmInstalled = status.cmServers !== undefined;
  const total = status.datanodes.length + newNames.size;
  return {
    action: 'expand',
    standbys: pick(added.standby),
    cascades: pick(added.cascade),
    addCm: !cmInstalled && total >= 3 && plan.settings.cm !== false,
    cmInstalled,
    check: i.check,
    discardNewSecrets,
  };
}

/** gs_expansion needs the same OS release, CPU architecture and Python on every node (§3.1, §5.3). */
function differentHosts(plan: DeployPlan, reports: HostReport[], newNames: ReadonlySet<string>): Problem[] {
  const ref = reports.find((r) => r.name === plan.primary.name)?.facts;
  if (!ref) return [];
  const show = (f: NonNullable<HostReport['facts']>) => `${f.distribution ?? '?'} ${f.version ?? '?'} ${f.arch ?? '?'}, python ${f.python3 ?? '?'}`;
  const out: Problem[] = [];
  for (const r of reports) {
    if (!newNames.has(r.name) || !r.facts) continue;
    const f = r.facts;
    const same = f.distribution === ref.distribution && f.version === ref.version && f.arch === ref.arch && f.python3 === ref.python3;
    if (!same) {
      out.push({
        host: r.name,
        check: 'same as the cluster',
        found: show(f),
        expected: `${show(ref)} (as on ${plan.primary.name})`,
        fix: "use a host with the cluster's OS release, CPU architecture and python3, or remove it from the inventory",
      });
    }
  }
  return out;
}

/** The installed data nodes' addresses (exact), for messages. */
export function installedAddresses(status: Pick<DetailStatus, 'datanodes'>): string[] {
  return status.datanodes.map((d) => d.ip);
}

/** The probe's status, for callers that already know the cluster is healthy. */
export function statusOf(probe: ProbeResult | undefined): DetailStatus {
  if (!probe?.status) throw new Error('internal: no status in a healthy probe');
  return probe.status;
}
