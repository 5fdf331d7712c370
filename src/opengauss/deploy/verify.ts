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

/**
 * The pause before try `n` (1-based after the first): with `firstDelayMs`, it starts there and
 * grows by as much each try up to `delayMs` (1, 2, 3, 4, 5, 5, ... s), so a cluster that settles a
 * second after a switchover is seen then, not 5 s later (bench/README.md, the expand part).
 */
export function delayBefore(n: number, opts: { delayMs: number; firstDelayMs?: number }): number {
  return opts.firstDelayMs === undefined ? opts.delayMs : Math.min(opts.delayMs, opts.firstDelayMs * n);
}

export async function waitHealthy(
  plan: { nodes: readonly Pick<OrderedNode, 'name' | 'address' | 'role'>[] },
  probeOnce: (attempt: number) => Promise<ProbeResult | undefined>,
  opts: { tries: number; delayMs: number; firstDelayMs?: number; sleep?: (ms: number) => Promise<void> },
): Promise<VerifyResult> {
  const expected = plan.nodes.map((n) => ({ name: n.name, address: n.address, role: n.role }));
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let last: ProbeResult | undefined;
  let problems: Problem[] = [];
  for (let i = 0; i < opts.tries; i++) {
    last = await probeOnce(i);
    problems = last?.status ? health(last.status, expected) : (last?.problems ?? []);
    if (last?.status && problems.length === 0) return { last, problems: [] };
    if (i + 1 < opts.tries) await sleep(delayBefore(i + 1, opts));
  }
  return { ...(last ? { last } : {}), problems };
}
