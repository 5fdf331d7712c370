/**
 * What `afo deploy` does after its read-only preflight, decided from facts alone (pure: no host,
 * no file). The executor (run.ts) only carries the decision out, so every case can be tested
 * from fixtures (docs/architecture.md, "afo deploy: plan, decide, execute"):
 *
 *   unreachable host / preflight problem   -> stop (3), nothing changed
 *   installed, status unreadable           -> stop (3): half-installed, never re-initialized
 *   installed, not healthy                 -> stop (3) with the status, and a report
 *   installed, inventory contradicts it    -> stop (3)
 *   installed and healthy, passwords lost  -> stop (3): new passwords would not be the cluster's
 *   installed and healthy, new hosts       -> converge the installed nodes' OS settings; the new
 *                                             hosts are left to `afo expand` (its plan is printed)
 *   installed and healthy                  -> converge the OS settings only
 *   nothing installed                      -> OS preparation, install, verify
 *
 * Under --check the same decision is taken; its phases are planned (OS) or only printed (OM).
 * A secrets file this run created for an installed cluster holds passwords that are not the
 * cluster's: `discardNewSecrets` asks the executor to delete it, whatever else happens.
 */
import type { ProbeResult } from '../modules/probe-fact.js';
import { checkExpansion, newReplicas } from '../ordering.js';
import type { Problem } from '../problem.js';
import { SECRET_VARS, type SecretKey } from '../secrets.js';
import { preflightProblems, type HostReport } from './checks.js';
import type { DeployPlan } from './plan.js';

/** Why the deploy stops (what the report and the tests name). */
export type StopReason = 'preflight' | 'unreachable' | 'half-installed' | 'unhealthy' | 'mismatch' | 'secrets-lost';

/** A phase is a tag of roles/opengauss; `planOnly` runs it in check mode. */
export interface PhaseStep {
  tag: 'os' | 'install' | 'verify';
  planOnly: boolean;
}

export type Decision =
  | { action: 'install'; phases: PhaseStep[]; check: boolean; discardNewSecrets: false }
  | { action: 'converge'; phases: PhaseStep[]; check: boolean; discardNewSecrets: boolean; newHosts?: string[] }
  | { action: 'stop'; reason: StopReason; message: string; problems: Problem[]; discardNewSecrets: boolean };

export interface SecretsState {
  /** The secrets file was there before this run. */
  existed: boolean;
  /** What this run generated into it (nothing when every value was there or given). */
  generated: readonly SecretKey[];
}

export interface DecideInput {
  plan: DeployPlan;
  /** One per cluster host: its preflight facts, or why it could not be reached. */
  reports: HostReport[];
  /** The primary's probe (undefined when the primary did not answer). */
  probe: ProbeResult | undefined;
  secrets: SecretsState;
  check: boolean;
}

export function decide(i: DecideInput): Decision {
  const { plan, probe } = i;
  const installed = probe !== undefined && probe.state !== 'fresh';
  const discardNewSecrets = installed && !i.secrets.existed && i.secrets.generated.length > 0;
  const stop = (reason: StopReason, message: string, problems: Problem[]): Decision => ({
    action: 'stop',
    reason,
    message,
    problems,
    discardNewSecrets,
  });

  const problems = preflightProblems(plan, i.reports, probe?.state === 'fresh');
  if (problems.length > 0) {
    const reason = i.reports.some((r) => !r.facts) ? 'unreachable' : 'preflight';
    return stop(reason, 'preflight failed; nothing was changed on any host', problems);
  }
  if (probe === undefined) {
    // Every host answered its preflight but the primary reported no probe: a bug, never "fresh".
    throw new Error(`internal: no cluster probe from ${plan.primary.name}`);
  }
  if (probe.state === 'unreadable') {
    const found = probe.problems.map((p) => ({ ...p, host: plan.primary.name }));
    return stop(
      'half-installed',
      `openGauss is installed on ${plan.primary.name} but its status cannot be read; afo does not re-initialize an installed cluster, nothing was changed`,
      found,
    );
  }
  if (probe.state === 'unhealthy') {
    return stop(
      'unhealthy',
      `openGauss is installed on ${plan.primary.name} but not healthy; afo does not re-initialize an installed cluster, nothing was changed`,
      probe.problems,
    );
  }
  if (probe.state === 'fresh') {
    return {
      action: 'install',
      phases: i.check
        ? [{ tag: 'os', planOnly: true }]
        : [
            { tag: 'os', planOnly: false },
            { tag: 'install', planOnly: false },
            { tag: 'verify', planOnly: false },
          ],
      check: i.check,
      discardNewSecrets: false,
    };
  }
  if (probe.status === undefined) throw new Error(`internal: a healthy probe of ${plan.primary.name} without its status`);
  {
    const mismatch = checkExpansion(plan.topology, probe.status);
    if (mismatch.length > 0) return stop('mismatch', 'the inventory does not match the installed cluster; nothing was changed', mismatch);
    const added = newReplicas(plan.topology, probe.status);
    const names = [...added.standby, ...added.cascade].map((h) => h.name);
    const lost = lostPasswords(i.secrets);
    if (lost.length > 0) {
      return stop(
        'secrets-lost',
        `openGauss is already installed on ${plan.primary.name}, but the secrets file ${i.secrets.existed ? `has no ${lost.join(', ')}` : 'is missing'}; new passwords would not be the cluster's`,
        [
          {
            host: '-',
            check: 'secrets file',
            found: i.secrets.existed ? `no ${lost.join(', ')}` : 'missing',
            expected: "the installed cluster's passwords",
            fix: `restore the file from your backup, or give ${lost.map((k) => SECRET_VARS[k]).join(' / ')} (-e or group_vars)`,
          },
        ],
      );
    }
    return {
      action: 'converge',
      phases: [{ tag: 'os', planOnly: i.check }],
      check: i.check,
      discardNewSecrets,
      ...(names.length > 0 ? { newHosts: names } : {}),
    };
  }
}

/** The database passwords an installed cluster needs that this run had to invent. */
function lostPasswords(s: SecretsState): SecretKey[] {
  return s.generated.filter((k) => k === 'root_pass' || k === 'user_pass');
}
