/**
 * Changes of consecutive tasks in one round trip (docs/architecture.md §3.3, batched changes).
 * When a task is about to apply its changes, the tasks that follow it in the same list are
 * planned ahead from the facts known now, as long as nothing before them in the batch can alter
 * what they read (Module.effects) and nothing they decide depends on a result not known yet (no
 * register, changed_when, failed_when, until, delegate_to, run_once, handler flush or block
 * between). A loop's items are members one by one. What an earlier member changes ends the batch
 * unless its module predicts the new value exactly (Module.predict). Their changes go in the same script; each change keeps its own exit code,
 * stdout and stderr, and the script stops at the first failure as the tasks one by one would.
 * The tasks planned ahead are reported when the run reaches them, from what was kept for them
 * (HostState.ahead, per loop item): same events, same log lines, in the same order. One that was
 * planned but not reached by the script (a task or item before it failed) is simply planned
 * again then, from fresh facts.
 */
import { isCommandOutputId } from '../facts/command-output.js';
import type { FactReader, FactSpec } from '../facts/fact.js';
import type { ModuleTask } from '../roles/types.js';
import type { Change, ExecChange, Module, ModuleContext, PlanResult } from '../tasks/module.js';
import { batchable, buildChangeScript, hereDocStdin, RUN_STDIN_SCRIPT } from './apply-script.js';
import { batchOutput, type ChangeWatch } from './batch-live.js';
import type { RunContext } from './context.js';
import { allHold, becomeUserOf, template, type Scope } from './evaluate.js';
import { buildBatch, type FactOutput } from './fact-batch.js';
import type { HostState, Target } from './host.js';
import { moduleSpecs } from './prefetch.js';
import { INLINE_MAX, inlineUpload } from './inline-upload.js';
import { loopFrames, type LoopItem } from './loop.js';
import { dropOmitted } from './scope.js';
import { skippedByWhen } from './result.js';
import { tagSelected } from './tags.js';
import { checkArgs } from '../roles/validate-args.js';

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
const SCRIPT_MAX = 64 * 1024;

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

/** A task, or one item of its loop, that a batch may plan ahead. */
interface Unit {
  task: ModuleTask;
  index: number;
  frame: Scope;
}

/**
 * Plan the tasks after `leader` (the rest of its loop's items, then `next`, the rest of its task
 * list, item by item for a loop) that can join its batch. Tasks and items whose `when` is false
 * are passed over (the run skips them the same way); planning stops at the first one that cannot
 * join. A fact a member reads may have been changed by an earlier member only when that member's
 * module predicted its value exactly (Module.predict): the member is planned from the prediction.
 */
export async function planAhead(
  rc: RunContext,
  h: HostState,
  target: Target,
  leader: Member,
  leaderModule: Module,
  follow: Follow,
  becomeUser: string | undefined,
): Promise<Member[]> {
  const members: Member[] = [];
  const predicted = new Map<string, unknown>();
  const altered: ((id: string) => boolean)[] = [];
  const reader = (specs: FactSpec[], module: Module): FactReader => {
    const known = target.facts.reader(specs, module.name);
    return { get: <T>(spec: FactSpec<T>): T => (predicted.has(spec.id) ? (predicted.get(spec.id) as T) : known.get(spec)) };
  };
  const record = (module: Module, m: Member): void => {
    const touched = touchedBy(module, m.args, m.specs, m.plan.changes);
    let after: Record<string, unknown> | undefined;
    try {
      after = module.predict?.(m.args, m.plan, reader(m.specs, module), becomeUser ?? target.loginUser);
    } catch {
      after = undefined;
    }
    const exact = new Set(Object.keys(after ?? {}));
    for (const id of [...predicted.keys()]) if (touched(id) && !exact.has(id)) predicted.delete(id);
    for (const [id, v] of Object.entries(after ?? {})) predicted.set(id, v);
    altered.push((id) => touched(id) && !exact.has(id));
  };
  record(leaderModule, leader);
  let size = leader.sent.reduce((n, s) => n + s.change.command.length, 0);
  const notifies = new Set(leader.task.notify);
  /** The member for `u`; 'skip' when its `when` is false; undefined when it cannot join. */
  const consider = async (u: Unit, module: Module): Promise<Member | 'skip' | undefined> => {
    const { task } = u;
    try {
      const scope = rc.scope(h, task, u.frame);
      if (!allHold(task.when, scope, 'when')) return 'skip';
      const user = becomeUserOf(task, scope);
      if (user !== becomeUser) return undefined;
      const checked = checkArgs(module, dropOmitted(template(task.args, scope, 'arguments')));
      if (!checked.ok) return undefined;
      const args = checked.value as Record<string, unknown>;
      const ctx: ModuleContext = { host: h.name, vars: scope, check: false, baseDir: task.baseDir, becomeUser: user };
      const specs = module.facts(args, ctx);
      if (specs.some((s) => !predicted.has(s.id) && (!target.facts.known(s.id) || altered.some((t) => t(s.id))))) return undefined;
      const plan = await module.plan(args, reader(specs, module), ctx);
      // its messages are shown when the run reaches it, from the plan kept (as item by item)
      if (plan.fail !== undefined || plan.setFacts || plan.touches) return undefined;
      const sent = sendable(plan.changes, user, target.loginUser);
      return sent && { task, index: u.index, args, plan, specs, sent };
    } catch {
      return undefined; // the run reports it when it gets there (a prediction's unknown field too)
    }
  };
  /** False when planning must stop here. */
  const join = async (u: Unit, module: Module): Promise<boolean> => {
    const member = await consider(u, module);
    if (member === 'skip') return true;
    if (!member) return false;
    size += member.sent.reduce((n, s) => n + s.change.command.length, 0);
    if (size > SCRIPT_MAX) return false;
    members.push(member);
    for (const n of u.task.notify) notifies.add(n);
    record(module, member);
    return true;
  };
  const ownItems = (follow.items ?? []).map((i) => ({ task: leader.task, index: i.index, frame: i.frame }));
  let open = true;
  for (const u of ownItems) if (open) open = await join(u, leaderModule);
  for (const task of open ? follow.next : []) {
    if (follow.handlers && !runsOn(task, h)) {
      // not run here, unless a handler of the batch notifies it (then it must not be passed over)
      if ([task.name, ...task.listen].some((n) => n !== undefined && notifies.has(n))) break;
      continue;
    }
    // deselected by tags: the run does not reach it at all (schedule.ts)
    if (!tagSelected(task.tags, rc.opts.tags, rc.opts.skipTags)) continue;
    if (batchBlocker(rc, task)) {
      if (!passOver(rc, h, task, follow.frame)) break;
      continue;
    }
    const module = rc.deps.loader.registry.get(task.module)!;
    let units: Omit<Unit, 'task'>[];
    try {
      units = task.loop ? loopFrames(rc, h, task, follow.frame) : [{ index: 0, frame: follow.frame }];
    } catch {
      break; // the run reports a bad loop when it gets there
    }
    for (const u of units) if (open) open = await join({ ...u, task }, module);
    if (!open) break;
  }
  // Tasks after the last one with changes gain nothing by being planned now.
  while (members.length > 0 && members.at(-1)!.sent.length === 0) members.pop();
  return members;
}

/**
 * A task the run will skip (its `when` is false now) that a batch stops at only for what it does
 * with a result (register, until, changed_when/failed_when): skipped, it sees no result and only
 * registers that it was skipped. Register that now and plan on past it (docs/architecture.md §3.3).
 * Not when its own `when` names its register (registering early could change its verdict).
 */
function passOver(rc: RunContext, h: HostState, task: ModuleTask, frame: Scope): boolean {
  if (task.loop) return false;
  if (batchBlocker(rc, { ...task, register: undefined, until: undefined, changedWhen: undefined, failedWhen: undefined })) return false;
  if (task.register !== undefined && JSON.stringify(task.when).includes(task.register)) return false;
  try {
    if (allHold(task.when, rc.scope(h, task, frame), 'when')) return false;
  } catch {
    return false;
  }
  if (task.register !== undefined) {
    h.setVars({ [task.register]: skippedByWhen() });
    rc.varsChanged();
  }
  return true;
}

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
