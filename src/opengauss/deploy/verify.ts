/**
 * Verify after gs_install: re-probe the primary until every node is Normal with the role the
 * inventory gives it, or give up after `tries` (the probe phase runs through the engine, so each
 * try is logged like any other phase).
 */
import type { ProbeResult } from '../modules/probe-fact.js';
import type { Problem } from '../problem.js';
import { health } from '../status/health.js';
import type { OrderedNode } from '../ordering.js';

export interface VerifyResult {
  last?: ProbeResult;
  problems: Problem[];
}

export async function waitHealthy(
  plan: { nodes: readonly Pick<OrderedNode, 'name' | 'address' | 'role'>[] },
  probeOnce: (attempt: number) => Promise<ProbeResult | undefined>,
  opts: { tries: number; delayMs: number; sleep?: (ms: number) => Promise<void> },
): Promise<VerifyResult> {
  const expected = plan.nodes.map((n) => ({ name: n.name, address: n.address, role: n.role }));
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let last: ProbeResult | undefined;
  let problems: Problem[] = [];
  for (let i = 0; i < opts.tries; i++) {
    last = await probeOnce(i);
    problems = last?.status ? health(last.status, expected) : (last?.problems ?? []);
    if (last?.status && problems.length === 0) return { last, problems: [] };
    if (i + 1 < opts.tries) await sleep(opts.delayMs);
  }
  return { ...(last ? { last } : {}), problems };
}
