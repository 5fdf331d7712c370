/**
 * A task's changes applied together with those of the tasks after it that can be planned now
 * (batch.ts; docs/architecture.md §3.3), and which facts a change's round trip re-reads.
 */
import type { FactSpec } from '../facts/fact.js';
import type { ModuleTask } from '../roles/types.js';
import type { Module } from '../tasks/module.js';
import { checkExit, logCommand, type ApplyOutcome } from './apply.js';
import { batchBlocker, handlerSpecs, type Follow, sendable, type Member, type Step } from './batch.js';
import { planAhead } from './batch-plan.js';
import { keepAhead, runBatch } from './batch-run.js';
import { noLog, type RunContext } from './context.js';
import { commandProgress } from './progress.js';
import type { ChangeWatch } from './batch-live.js';
import type { TaskRef } from './events.js';
import type { HostState, Target } from './host.js';
import { prefetchSpecs } from './prefetch.js';
import { readsOnly } from './read-command.js';

/**
 * Apply this task's changes in one script with those of the tasks after it that can be planned
 * now (batch.ts); the leader's steps, or undefined when no later task joins (then the task
 * applies on its own, as before).
 */
export async function runAsBatch(
  rc: RunContext,
  ref: TaskRef,
  task: ModuleTask,
  h: HostState,
  target: Target,
  leader: Omit<Member, 'sent'>,
  module: Module,
  becomeUser: string | undefined,
  follow: Follow | undefined,
): Promise<Step[] | undefined> {
  if (!follow || follow.next.length + (follow.items?.length ?? 0) === 0 || target !== h.target || leader.plan.touches || batchBlocker(rc, task))
    return undefined;
  const sent = sendable(leader.plan.changes, becomeUser, target.loginUser);
  if (!sent) return undefined;
  const members = await planAhead(rc, h, target, { ...leader, sent }, module, follow, becomeUser);
  if (members.length === 0) return undefined;
  const all = [{ ...leader, sent }, ...members];
  const rest = { ...follow, next: follow.next.slice(follow.next.indexOf(all.at(-1)!.task) + 1) };
  const refresh = rc.opts.prefetch !== false ? refreshSpecs(rc, all.at(-1)!.task, h, target, ['base'], [], rest, REFRESH_AHEAD_BATCH) : [];
  const out = await runBatch(target, all, becomeUser, refresh, (mi) => commandLive(rc, ref, target, all[mi]!));
  target.facts.invalidate(['base']);
  target.facts.changed();
  if (out.refreshed) target.facts.store(refresh, out.refreshed, '', 0);
  for (const [i, m] of members.entries()) {
    const steps = out.steps[i + 1];
    if (steps) keepAhead(h, m, steps);
  }
  return out.steps[0] ?? [];
}

/**
 * A command of a batch (an OM tool may run long) shows its output live, as apply.ts does for a
 * command on its own: on the running task's row (the display knows no other yet), under the
 * command's own name; no output for a no_log one.
 */
function commandLive(rc: RunContext, ref: TaskRef, target: Target, m: Member): ChangeWatch | undefined {
  if (!rc.deps.loader.registry.get(m.task.module)?.alwaysRuns) return undefined;
  const hidden = noLog(m.task);
  const task: TaskRef = { ...ref, name: m.task.name ?? ref.name, hidden };
  let live: ReturnType<typeof commandProgress> | undefined;
  return {
    start() {
      const what = hidden ? task.name : rc.redactor.redact(m.sent[0]?.change.description ?? task.name);
      live = commandProgress((e) => rc.emit(e), { task, host: target.name, what }, { showOutput: !hidden, redact: (t) => rc.redactor.redact(t) });
    },
    output: (_i, text) => live?.output(text),
    end: () => live?.end(),
  };
}

/** Log a batch member's steps and judge their exit codes, as applyChanges does for its own. */
export function settle(rc: RunContext, ref: TaskRef, target: Target, steps: Step[]): ApplyOutcome {
  let last: ApplyOutcome['last'];
  for (const s of steps) {
    logCommand(rc, ref, target, 'exec', s.change.shown, s.exitCode, s.stdout, s.stderr, s.durationMs);
    last = { exitCode: s.exitCode, stdout: s.stdout, stderr: s.stderr, durationMs: s.durationMs, timedOut: s.timedOut };
    const failure = checkExit(rc, ref, s.change.change, last, s.change.shown);
    if (failure) return { last, failure };
  }
  return { last };
}

/**
 * Tasks ahead (with facts to read) whose facts a change's round trip re-reads at least; the
 * window always reaches the next task that ends a batch, so the next batch is planned whole.
 */
const REFRESH_AHEAD = 3;
/** After a batch (there are fewer of them). */
const REFRESH_AHEAD_BATCH = 8;

/**
 * A task the next batch stops at (batch.ts), or after which no task that reads facts may join it
 * (what it alters is unknown: a command, a package): facts read past it would be stale by the time
 * they are used. One that changes nothing (`changed_when: false`) does not count.
 */
function endsBatch(rc: RunContext): (t: ModuleTask) => boolean {
  return (t) => !readsOnly(t) && (batchBlocker(rc, t) !== undefined || !rc.deps.loader.registry.get(t.module)?.effects);
}

/**
 * Facts worth reading after a change: those this task (other loop items, or verify) or a later
 * one will read — not those only finished tasks needed (a package list can be slow).
 */
export function refreshSpecs(
  rc: RunContext,
  task: ModuleTask,
  h: HostState,
  target: Target,
  keep: string[],
  own: FactSpec[],
  follow?: Follow,
  ahead = REFRESH_AHEAD,
): FactSpec[] {
  // Its own facts only matter for the verify re-plan; other loop items' facts for the next items.
  const wanted = new Map<string, FactSpec>();
  for (const s of rc.opts.verify ? own : []) if (!s.lazy) wanted.set(s.id, s);
  // Only the next few tasks' facts: re-reading every later task's facts after every change costs
  // the host a fork per fact each time (most of a fresh run's time at 9 hosts on the lab), while a
  // task past the window that finds its facts missing fetches them — and all later ones — in one
  // round trip, which only happens after a task that changed nothing.
  if (target === h.target && rc.opts.prefetch !== false)
    for (const s of [...prefetchSpecs(rc, h, task, task.loop !== undefined, ahead, true, endsBatch(rc)), ...handlerSpecs(rc, h, follow)]) wanted.set(s.id, s);
  for (const id of keep) wanted.delete(id);
  return [...wanted.values()];
}
