/**
 * Running a batch (docs/architecture.md §3.3, batched changes): the members' changes as one script
 * with each change's exit code, stdout and stderr kept apart, the fact refresh at its end, and the
 * steps kept for the members until the run reaches them (HostState.ahead).
 */
import type { FactSpec } from '../facts/fact.js';
import type { ModuleTask } from '../roles/types.js';
import { buildChangeScript, RUN_STDIN_SCRIPT } from './apply-script.js';
import { batchOutput, type ChangeWatch } from './batch-live.js';
import { buildBatch, type FactOutput } from './fact-batch.js';
import type { HostState, Target } from './host.js';
import type { Ahead, Member, Step } from './batch.js';

/** The steps kept for item `index` of `task` by an earlier batch (removed: they are reported once). */
export function takeAhead(h: HostState, task: ModuleTask, index: number): Ahead | undefined {
  const items = h.ahead.get(task);
  const got = items?.get(index);
  if (!got) return undefined;
  items!.delete(index);
  if (items!.size === 0) h.ahead.delete(task);
  return got;
}

/** Keep a member's steps until the run reaches it. */
export function keepAhead(h: HostState, m: Member, steps: Step[]): void {
  const items = h.ahead.get(m.task) ?? new Map<number, Ahead>();
  items.set(m.index, { plan: m.plan, specs: m.specs, steps });
  h.ahead.set(m.task, items);
}

export interface BatchOutcome {
  /** Per member, in order: the steps it ran (empty for a task with nothing to do); undefined when the script did not reach it. */
  steps: (Step[] | undefined)[];
  /** Facts read after the last change (only when every change succeeded). */
  refreshed?: Map<string, FactOutput | undefined>;
}

/**
 * Run the members' changes as one script (with the fact refresh at its end when given); `watch`
 * gives a member a view of its changes' output as it arrives (batch-live.ts).
 */
export async function runBatch(
  target: Target,
  members: Member[],
  becomeUser: string | undefined,
  refresh: FactSpec[],
  watch?: (member: number) => ChangeWatch | undefined,
): Promise<BatchOutcome> {
  const all = members.flatMap((m, mi) => m.sent.map((s) => ({ mi, s })));
  const script = buildChangeScript(
    all.map((a) => a.s.change),
    undefined,
    true,
  );
  const user = becomeUser !== undefined && becomeUser !== target.loginUser ? becomeUser : undefined;
  const facts = refresh.length > 0 && (user ?? target.loginUser) === 'root' ? buildBatch(refresh) : undefined;
  const transport = await target.transport();
  const text = script.script + (facts?.script ?? '');
  // A change's stdin (a password hash) is in the script: then the script goes on stdin, never in argv.
  const viaStdin = all.some((a) => a.s.change.stdin !== undefined);
  const live = watch && batchOutput(script.mark, all.length, perChange(all.map((a) => watch(a.mi))));
  const res = await transport
    .exec(viaStdin ? RUN_STDIN_SCRIPT : text, {
      become: user !== undefined ? { user } : undefined,
      ...(viaStdin ? { stdin: text } : {}),
      ...(live ? { onOutput: (d: Buffer) => live.chunk(d) } : {}),
    })
    .finally(() => live?.close());
  const got = script.split(res.stdout);
  const steps: (Step[] | undefined)[] = members.map(() => undefined);
  let failedAt = -1;
  for (const [i, a] of all.entries()) {
    const r = got[i];
    const step: Step | undefined = r
      ? { change: a.s, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr ?? '', durationMs: 0, timedOut: false }
      : i === got.length
        ? // the script ended without this change's marker: it failed there (killed, or a shell error)
          { change: a.s, exitCode: res.exitCode === 0 ? -1 : res.exitCode, stdout: '', stderr: res.stderr, durationMs: 0, timedOut: res.timedOut }
        : undefined;
    if (!step) break;
    const mine = steps[a.mi] ?? [];
    mine.push(step);
    steps[a.mi] = mine;
    if (!(a.s.change.okCodes ?? [0]).includes(step.exitCode) || step.timedOut) {
      failedAt = a.mi;
      break;
    }
  }
  // Members with nothing to send were planned between reached ones: they are reached too.
  const reachedUpTo = failedAt >= 0 ? failedAt : steps.findLastIndex((s) => s !== undefined);
  for (let mi = 0; mi <= reachedUpTo; mi++) if (members[mi]!.sent.length === 0) steps[mi] = [];
  const last = steps.flatMap((s) => s ?? []).at(-1);
  if (last) last.durationMs = res.durationMs;
  const complete = failedAt < 0 && got.length === all.length;
  if (complete && all.length === 0) for (const mi of members.keys()) steps[mi] = [];
  return { steps, refreshed: complete && facts ? facts.split(res.stdout) : undefined };
}

/** One watch over a batch's changes that hands each change's events to its own (when it has one). */
function perChange(watches: (ChangeWatch | undefined)[]): ChangeWatch {
  return {
    start: (i) => watches[i]?.start(i),
    output: (i, t) => watches[i]?.output(i, t),
    end: (i) => watches[i]?.end(i),
  };
}
