/**
 * The linear strategy: each task on all active hosts at once (bounded by --forks), then the
 * next. A failed host leaves the run; the others go on. Blocks give failed hosts their rescue and
 * everyone their always; includes group hosts by the file they resolved to.
 */
import type { BlockTask, IncludeTask, ModuleTask, Task } from '../roles/types.js';
import type { RunContext } from './context.js';
import type { TaskRef, TaskStatus } from './events.js';
import { TaskFailure, asTaskFailure } from '../errors.js';
import { allHold, type Scope } from './evaluate.js';
import type { HostState } from './host.js';
import { resolveInclude, type IncludeUnit } from './include.js';
import { runModuleOnHost, type HostOutcome } from './run-module.js';
import { afterStep } from './cross-host.js';
import { tagSelected } from './tags.js';

/** Per-host include/loop variables for a list of tasks. */
export type Frames = ReadonlyMap<string, Scope>;

export async function runList(rc: RunContext, tasks: Task[], hosts: HostState[], frames: Frames): Promise<void> {
  for (const [i, task] of tasks.entries()) {
    if (rc.opts.signal?.aborted) {
      // Nothing new starts; changes already made ahead in a batch are still reported (batch.ts).
      const done = ranAhead(task, hosts);
      if (done.length === 0) return;
      await runModuleTask(rc, task as ModuleTask, done, frames, false);
      continue;
    }
    const active = hosts.filter((h) => h.active);
    if (active.length === 0) return;
    if (task.kind === 'module') await runModuleTask(rc, task, active, frames, false, following(tasks, i));
    else if (task.kind === 'block') await runBlock(rc, task, active, frames);
    else if (task.kind === 'include') await runInclude(rc, task, active, frames);
    else if (task.action === 'flush_handlers' && tagSelected(task.tags, rc.opts.tags, rc.opts.skipTags)) {
      const which = active.filter((h) => allHold(task.when, rc.scope(h, task, frames.get(h.name) ?? {}), 'when'));
      await runHandlers(rc, rc.input.role.handlers, which);
    }
  }
}

/** The module tasks right after `tasks[i]`, up to the first block, include or handler flush (batch.ts). */
function following(tasks: Task[], i: number): ModuleTask[] {
  const out: ModuleTask[] = [];
  for (const t of tasks.slice(i + 1)) {
    if (t.kind !== 'module') break;
    out.push(t);
  }
  return out;
}

export async function runModuleTask(
  rc: RunContext,
  task: ModuleTask,
  hosts: HostState[],
  frames: Frames,
  handler: boolean,
  next: ModuleTask[] = [],
): Promise<void> {
  if (!tagSelected(task.tags, rc.opts.tags, rc.opts.skipTags)) return;
  const ref = rc.ref(task, handler);
  const targets = task.runOnce ? hosts.slice(0, 1) : hosts;
  rc.emit({ type: 'task-start', task: ref, hosts: targets.map((h) => h.name) });
  const outcomes = await Promise.all(targets.map((h) => rc.limit(() => runModuleOnHost(rc, task, ref, h, frames.get(h.name) ?? {}, next, handler))));
  const counts = emptyCounts();
  outcomes.forEach((o, i) => {
    record(targets[i]!, ref, o, counts);
  });
  afterStep(rc, task, hosts, new Set(targets.filter((_, i) => outcomes[i]!.changes > 0 || outcomes[i]!.status === 'changed')));
  if (task.runOnce && task.register && outcomes[0]) {
    // run_once: every host sees the one result, as in Ansible.
    for (const h of hosts.slice(1)) h.setVars({ [task.register]: outcomes[0].result });
    rc.varsChanged();
  }
  rc.emit({ type: 'task-end', task: ref, counts });
}

function record(h: HostState, ref: TaskRef, o: HostOutcome, counts: Record<TaskStatus, number>): void {
  counts[o.status]++;
  if (o.status === 'failed' && o.ignored) h.summary.ignored++;
  else h.summary[o.status]++;
  if (o.status === 'unreachable') {
    h.unreachable = true;
    h.failure = { task: ref, message: o.failure?.message ?? 'unreachable' };
  } else if (o.status === 'failed' && !o.ignored) {
    h.failure = { task: ref, message: o.failure?.message ?? 'failed' };
  }
}

async function runBlock(rc: RunContext, b: BlockTask, hosts: HostState[], frames: Frames): Promise<void> {
  await runList(rc, b.block, hosts, frames);
  const failed = hosts.filter((h) => h.failure && !h.unreachable);
  if (b.rescue.length > 0 && failed.length > 0) {
    for (const h of failed) {
      h.failure = undefined;
      h.summary.failed--;
      h.summary.rescued++;
    }
    await runList(rc, b.rescue, failed, frames);
  }
  if (b.always.length > 0) {
    // always runs on hosts that failed in the block too; their failure stands afterwards.
    const saved = hosts.filter((h) => h.failure && !h.unreachable).map((h) => [h, h.failure] as const);
    for (const [h] of saved) h.failure = undefined;
    await runList(
      rc,
      b.always,
      hosts.filter((h) => !h.unreachable),
      frames,
    );
    for (const [h, f] of saved) h.failure ??= f;
  }
}

async function runInclude(rc: RunContext, inc: IncludeTask, hosts: HostState[], frames: Frames): Promise<void> {
  const ref = rc.ref(inc);
  const groups = new Map<string, { file: string; hosts: HostState[]; frames: Map<string, Scope> }>();
  const counts = emptyCounts();
  let started = false;
  for (const h of hosts) {
    let units: IncludeUnit[];
    try {
      units = resolveInclude(rc, inc, h, frames.get(h.name) ?? {});
    } catch (err) {
      if (!started) rc.emit({ type: 'task-start', task: ref, hosts: hosts.map((x) => x.name) });
      started = true;
      const failure = asTaskFailure(err);
      rc.emit({ type: 'failure', task: ref, host: h.name, message: failure.message, output: [], ignored: false, unreachable: false });
      rc.emit({ type: 'host-task-end', task: ref, host: h.name, status: 'failed', check: rc.check, ignored: false, changes: 0, durationMs: 0 });
      record(h, ref, { status: 'failed', ignored: false, result: {}, changes: 0, failure }, counts);
      continue;
    }
    units.forEach((u, i) => {
      const key = `${u.file}\0${i}`;
      const g = groups.get(key) ?? { file: u.file, hosts: [], frames: new Map<string, Scope>() };
      g.hosts.push(h);
      g.frames.set(h.name, u.frame);
      groups.set(key, g);
    });
  }
  if (started) rc.emit({ type: 'task-end', task: ref, counts });
  for (const g of groups.values()) {
    let tasks: Task[];
    try {
      tasks = rc.deps.loader.loadInclude(g.file, inc);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      for (const h of g.hosts) {
        rc.emit({ type: 'failure', task: ref, host: h.name, message, output: [], ignored: false, unreachable: false });
        record(h, ref, { status: 'failed', ignored: false, result: {}, changes: 0, failure: new TaskFailure(message) }, emptyCounts());
      }
      continue;
    }
    await runList(rc, tasks, g.hosts, g.frames);
  }
}

/** Handlers, in handler-file order, on the hosts that notified them (by name or `listen`). */
export async function runHandlers(rc: RunContext, handlers: ModuleTask[], hosts: HostState[]): Promise<void> {
  for (const [i, handler] of handlers.entries()) {
    const aborted = rc.opts.signal?.aborted === true;
    if (aborted && !hosts.some((h) => h.ahead.size > 0)) return;
    const names = [handler.name, ...handler.listen].filter((n): n is string => !!n);
    const notified = aborted ? ranAhead(handler, hosts) : hosts.filter((h) => h.active && names.some((n) => h.notified.has(n)));
    if (notified.length === 0) continue;
    // Run once per notification: a later flush (or the end of the play) does not repeat it.
    for (const h of notified) for (const n of names) h.notified.delete(n);
    await runModuleTask(rc, handler, notified, new Map(), true, handlers.slice(i + 1));
  }
}

/** Active hosts that already ran `task` in a batch and wait for it to be reported. */
function ranAhead(task: Task, hosts: HostState[]): HostState[] {
  return task.kind === 'module' ? hosts.filter((h) => h.active && h.ahead.has(task)) : [];
}

export function emptyCounts(): Record<TaskStatus, number> {
  return { ok: 0, changed: 0, failed: 0, skipped: 0, unreachable: 0 };
}
