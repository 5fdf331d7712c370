/**
 * What afo switchover and afo scale-in have in common around their one OM command: observe,
 * decide (refusals change nothing), show the plan, stop there under --check or when the operator
 * says no, run the tag, fail with the task's output and the log, then wait (bounded) for the
 * cluster to reach the state the command promised.
 */
import { UserError } from '../../errors.js';
import { takeLock, type HeldLock } from '../lock.js';
import { ProblemsError } from '../problem.js';
import type { OpsDecision } from './decide.js';
import { observe, openOps, type OpsOptions, type OpsSession } from './session.js';
import { statusTable, type ClusterView, type NodeView } from './view.js';

export interface ActOptions extends OpsOptions {
  check: boolean;
  /** Shows the plan and asks; false = the operator said no. */
  confirm: (plan: string) => Promise<boolean>;
  say: (line: string) => void;
  /** Remove a stale run lock before taking it (docs/architecture.md §7.1). */
  breakLock?: boolean;
  /** Waiting after the command: tries x delay (defaults 90 x 2 s). */
  tries?: number;
  delayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface ActOutcome {
  outcome: 'done' | 'check' | 'cancelled';
  before: ClusterView;
  after?: ClusterView;
  target: NodeView;
  runOn: string;
  command: string;
  /** How long the OM command ran (s). */
  commandSeconds?: number;
  logDir?: string;
}

export interface Act {
  /** The log directory name (reports/<time>-<name>). */
  name: string;
  decide(s: OpsSession, v: ClusterView): OpsDecision;
  plan(d: Extract<OpsDecision, { action: 'go' }>, s: OpsSession): string;
  /** Runs the command (a tag of the role). */
  run(s: OpsSession, d: Extract<OpsDecision, { action: 'go' }>, v: ClusterView): Promise<void>;
  /** What is not reached yet in this view (empty = done). */
  pending(v: ClusterView, d: Extract<OpsDecision, { action: 'go' }>): string[];
  /** After the wait succeeded. */
  finish?(s: OpsSession, d: Extract<OpsDecision, { action: 'go' }>): Promise<void>;
}

export async function act(o: ActOptions, a: Act): Promise<ActOutcome> {
  const s = await openOps({ ...o, ...(o.check ? {} : { logName: a.name }) });
  let lock: HeldLock | undefined;
  try {
    const before = await observe(s);
    const d = a.decide(s, before);
    if (d.action === 'refuse') throw new ProblemsError(`${d.message}:`, d.problems, statusTable(before));
    const base = { before, target: d.target, runOn: d.runOn, command: d.command, ...(s.logDir ? { logDir: s.logDir } : {}) };
    const plan = a.plan(d, s);
    if (o.check) {
      o.say(`--check: ${plan}`);
      return { outcome: 'check', ...base };
    }
    if (!(await o.confirm(plan))) return { outcome: 'cancelled', ...base };
    // docs/architecture.md §7.1: one changing run per cluster, on the inventory's primary host.
    lock = await takeLock(s.run, s.plan.primary.name, a.name, !!o.breakLock);
    const t0 = Date.now();
    await a.run(s, d, before);
    const commandSeconds = (Date.now() - t0) / 1000;
    const after = await waitFor(s, o, (v) => a.pending(v, d), `${a.name} of ${d.target.host}`);
    await a.finish?.(s, d);
    return { outcome: 'done', ...base, after, commandSeconds };
  } finally {
    const note = await lock?.release();
    if (note) o.say(note);
    await s.close();
  }
}

/** Fails (exit 4) with the failed task's output when a tag's run failed. */
export function failed(s: OpsSession, what: string): never {
  throw new UserError(`${what} failed:\n${s.recorder.failures.join('\n')}${s.logDir ? `\nlog: ${s.logDir}` : ''}`, 'failed');
}

async function waitFor(s: OpsSession, o: ActOptions, pending: (v: ClusterView) => string[], what: string): Promise<ClusterView> {
  const tries = o.tries ?? 90;
  const delay = o.delayMs ?? 2000;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let last: ClusterView | undefined;
  let left: string[] = [];
  for (let i = 0; i < tries; i++) {
    try {
      last = await observe(s);
      left = pending(last);
      if (left.length === 0) return last;
    } catch (e) {
      if (!(e instanceof UserError) || e.kind === 'interrupted') throw e;
      left = [e.message.split('\n')[0]!]; // mid-transition the status may not be readable yet
    }
    if (i + 1 < tries) await sleep(delay);
  }
  throw new UserError(
    `${what}: the command ran, but after ${tries} checks ${Math.round((tries * delay) / 1000)} s apart the cluster has not settled:\n` +
      `${left.map((l) => `  - ${l}`).join('\n')}\n${last ? statusTable(last) : ''}\n` +
      `Check it with afo status; nothing was rolled back.${s.logDir ? `\nlog: ${s.logDir}` : ''}`,
    'failed',
  );
}
