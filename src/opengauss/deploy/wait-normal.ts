/**
 * Between the steps of an expansion or of adding CM: re-probe the primary until every expected
 * node is Normal with its expected role (docs/opengauss.md §7.10: a time-out is a failure, never
 * a silent success). Each try is a logged phase of the run.
 */
import type { ProbeResult } from '../modules/probe-fact.js';
import type { OrderedNode } from '../ordering.js';
import { ProblemsError } from '../problem.js';
import { finish, type DeploySession } from './session.js';
import { waitHealthy } from './verify.js';

/** Checks 1, 2, 3, 4 s apart, then every 5 s: about 145 s in all, as 30 checks 5 s apart were. */
const TRIES = 32;
const DELAY_MS = 5000;
const FIRST_DELAY_MS = 1000;

export type Expected = Pick<OrderedNode, 'name' | 'address' | 'role'>;

export async function waitNormal(s: DeploySession, vars: Record<string, unknown>, expected: readonly Expected[], label: string): Promise<ProbeResult> {
  const primary = s.plan.primary.name;
  const { last, problems } = await waitHealthy(
    { nodes: expected },
    async (i) => {
      s.found.probes.clear();
      await s.phase(i === 0 ? label : `${label} (try ${i + 1})`, 'probe', vars);
      return s.found.probes.get(primary);
    },
    { tries: TRIES, delayMs: DELAY_MS, firstDelayMs: FIRST_DELAY_MS },
  );
  if (last?.status && problems.length === 0) return last;
  const out = finish(s, 'failed', `${label}: the cluster did not become Normal`, 4, last);
  throw new ProblemsError(
    `${label}: the cluster is not Normal after ${TRIES} checks:`,
    problems,
    `${last?.text ?? ''}\nRepair it, then run afo expand again: hosts that joined are not added twice.\nLog: ${out.logDir}\nReport: ${out.reportPaths.md}\nHTML report: ${out.reportPaths.html}`,
    'failed',
  );
}
