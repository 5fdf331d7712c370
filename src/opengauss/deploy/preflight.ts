/**
 * The read-only first phase: the role's `preflight` tag on every cluster host (facts, and the
 * primary's cluster probe). What it returns is all decide() needs from the hosts.
 */
import type { ProbeResult } from '../modules/probe-fact.js';
import type { HostReport } from './checks.js';
import type { DeploySession } from './session.js';

export interface PreflightFindings {
  /** One per cluster host: its facts, or why it gave none. */
  reports: HostReport[];
  /** The primary's probe; undefined when the primary did not answer. */
  probe: ProbeResult | undefined;
}

export async function preflight(s: DeploySession): Promise<PreflightFindings> {
  const r = await s.phase('preflight', 'preflight', { ansible_become: true, og_primary: s.plan.primary.name });
  const reports = s.plan.nodes.map(({ name }): HostReport => {
    const summary = r.hosts[name];
    const facts = s.found.preflights.get(name);
    return facts && summary?.state === 'ok' ? { name, facts } : { name, unreachable: summary?.failure?.message ?? 'no answer' };
  });
  return { reports, probe: s.found.probes.get(s.plan.primary.name) };
}
