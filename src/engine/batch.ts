/**
 * Changes of consecutive tasks in one round trip (docs/architecture.md §3.3, batched changes).
 * When a task is about to apply its changes, the tasks that follow it in the same list are
 * planned ahead from the facts known now, as long as nothing before them in the batch can alter
 * what they read (Module.effects) and nothing they decide depends on a result not known yet (no
 * register, changed_when, failed_when, until, delegate_to, run_once, handler flush or block
 * between). A loop's items are members one by one. What an earlier member changes ends the batch
 * unless its module predicts the new value exactly (Module.predict). Their changes go in the same
 * script; each change keeps its own exit code, stdout and stderr, and the script stops at the
 * first failure as the tasks one by one would.
 * The tasks planned ahead are reported when the run reaches them, from what was kept for them
 * (HostState.ahead, per loop item): same events, same log lines, in the same order. One that was
 * planned but not reached by the script (a task or item before it failed) is simply planned
 * again then, from fresh facts. This file holds the types and the rules of what may join;
 * batch-plan.ts plans a batch, batch-run.ts runs it.
 */
import { isCommandOutputId } from '../facts/command-output.js';
import type { FactSpec } from '../facts/fact.js';
import type { ModuleTask } from '../roles/types.js';
import type { Change, ExecChange, Module, PlanResult } from '../tasks/module.js';
import { batchable, hereDocStdin } from './apply-script.js';
import type { RunContext } from './context.js';
import type { Scope } from './evaluate.js';
import type { HostState } from './host.js';
import { moduleSpecs } from './prefetch.js';
import { INLINE_MAX, inlineUpload } from './inline-upload.js';
import type { LoopItem } from './loop.js';
import { tagSelected } from './tags.js';

/** One change as sent, with what the log shows for it. */
export interface SentChange {
  change: ExecChange;
  shown: string;
}

/** What one change of a batch did on the host. */
export interface Step {
  change: SentChange;
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

/** A task planned ahead and run in a batch: reported when the run reaches it. */
export interface Ahead {
  plan: PlanResult;
  specs: FactSpec[];
  steps: Step[];
}

/** The tasks after one in its list and their frame: what a batch may plan ahead. */
export interface Follow {
  next: ModuleTask[];
  frame: Scope;
  /** The list is the role's handlers: only those notified on the host run. */
  handlers?: boolean;
  /** The items of the task's own loop after the current one. */
  items?: LoopItem[];
}

/** Whether `task` of a follow list runs on `h` at all (a handler only when notified). */
export function runsOn(task: ModuleTask, h: HostState): boolean {
  return [task.name, ...task.listen].some((n) => n !== undefined && h.notified.has(n));
}

/** Facts the next tasks of a handler list will read on `h` (handlers are not in the prefetch walk). */
export function handlerSpecs(rc: RunContext, h: HostState, follow: Follow | undefined): FactSpec[] {
  if (!follow?.handlers) return [];
  // (no read commands: handlers run after changes; a handler's own gather reads its command)
  return follow.next.filter((t) => runsOn(t, h)).flatMap((t) => moduleSpecs(rc, h, t, follow.frame).filter((s) => !s.lazy && !s.volatile));
}

/** A task of a batch: its plan and its changes as sent. */
export interface Member {
  task: ModuleTask;
  /** Its loop item's index (0 without a loop). */
  index: number;
  /** Its arguments as templated (what it may alter depends on them). */
  args: Record<string, unknown>;
  plan: PlanResult;
  specs: FactSpec[];
  sent: SentChange[];
}

/** Keep a script (with its fact refresh) far below the kernel's 128 KiB limit for one argument. */
export const SCRIPT_MAX = 64 * 1024;

/**
 * Why a task cannot be in a batch with tasks after it (as its first task) or ahead of its run
 * (as a later one); undefined when it can. The decision depends only on the task as written.
 */
export function batchBlocker(rc: RunContext, task: ModuleTask): string | undefined {
  if (rc.check) return 'check mode';
  if (rc.opts.verify) return 'verify mode re-plans after each task';
  if (!tagSelected(task.tags, rc.opts.tags, rc.opts.skipTags)) return 'not selected by tags';
  if (task.register) return 'a later task may read its registered result';
  if (task.until !== undefined) return 'until: it may run again';
  if (task.changedWhen || task.failedWhen) return 'changed_when/failed_when judge its result';
  if (task.delegateTo !== undefined) return 'delegate_to';
  if (task.runOnce !== undefined && task.runOnce !== false) return 'run_once';
  if (task.environment !== undefined) return 'environment';
  if (task.timeout !== undefined) return 'timeout';
  const module = rc.deps.loader.registry.get(task.module);
  if (!module || module.local) return 'runs on the control machine';
  // command/shell may join: what they alter is unknown (no effects), so no task that reads facts
  // follows one (touchedBy), and their output is shown live as the script runs (batch-live.ts)
  return undefined;
}

/** What a task's applied changes can alter: a test on fact ids (everything when unknown). */
export function touchedBy(module: Module, args: Record<string, unknown>, specs: FactSpec[], changes: Change[]): (id: string) => boolean {
  if (!module.effects) return () => true;
  const own = new Set(specs.map((s) => s.id));
  const paths = [...module.effects(args), ...changes.flatMap((c) => (c.kind === 'upload' ? [c.dest] : []))];
  // a read command's output may depend on anything a change alters (read-command.ts)
  return (id) =>
    isCommandOutputId(id) || own.has(id) || paths.some((p) => (p.startsWith('/') ? aboutPath(id, p) : p.endsWith(':') ? id.startsWith(p) : id === p));
}

/** A fact id names `path`, one of its parent directories ("stat:/etc" for /etc/x.conf) or something under it. */
export function aboutPath(id: string, path: string): boolean {
  if (id.includes(path)) return true;
  const p = id.slice(id.indexOf(':') + 1);
  return p.startsWith('/') && path.startsWith(p.endsWith('/') ? p : `${p}/`);
}

/** A task's changes as one script may carry them (small uploads inline), or undefined when one cannot. */
export function sendable(changes: Change[], becomeUser: string | undefined, login: string, timeoutMs?: number): SentChange[] | undefined {
  const out: SentChange[] = [];
  for (const c of changes) {
    if (c.kind === 'exec') {
      const e = c.timeoutMs === undefined && timeoutMs !== undefined ? { ...c, timeoutMs } : c;
      // its stdin goes in the script as a here-doc, and the script then on the channel's stdin
      if (e.probe || !batchable({ ...e, stdin: undefined }) || !hereDocStdin(e)) return undefined;
      if ((e.becomeUser ?? becomeUser ?? login) !== (becomeUser ?? login)) return undefined;
      out.push({ change: e, shown: e.command });
      continue;
    }
    if (c.content.length > INLINE_MAX) return undefined;
    // an upload writes as root with become (whatever become_user), else as the login user (apply.ts)
    if ((becomeUser !== undefined ? 'root' : login) !== (becomeUser ?? login)) return undefined;
    const inline = inlineUpload(c);
    out.push({ change: inline.change, shown: inline.display });
  }
  return out;
}
