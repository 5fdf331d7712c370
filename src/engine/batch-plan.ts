/**
 * Planning a batch ahead (docs/architecture.md §3.3, batched changes): which tasks and loop items
 * after a task that is about to apply can join its script, planned from the facts known now and
 * from what earlier members predict they leave (Module.predict). The rules for what may join are
 * batch.ts's; running the script is batch-run.ts's.
 */
import type { FactReader, FactSpec } from '../facts/fact.js';
import type { ModuleTask } from '../roles/types.js';
import type { Module, ModuleContext } from '../tasks/module.js';
import type { RunContext } from './context.js';
import { allHold, becomeUserOf, template, type Scope } from './evaluate.js';
import type { HostState, Target } from './host.js';
import { loopFrames } from './loop.js';
import { dropOmitted } from './scope.js';
import { skippedByWhen } from './result.js';
import { tagSelected } from './tags.js';
import { checkArgs } from '../roles/validate-args.js';
import { mayReachOtherHosts, whenOnEveryHost } from './cross-host.js';
import { batchBlocker, type Follow, type Member, runsOn, SCRIPT_MAX, sendable, touchedBy } from './batch.js';

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
      // one that may act on other hosts keeps its place unless every host does the same with it (cross-host.ts)
      const here = allHold(task.when, scope, 'when');
      if (mayReachOtherHosts(rc, task) && !whenOnEveryHost(rc, task, u.frame, here)) return undefined;
      if (!here) return 'skip';
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
    // a handler that may act on other hosts keeps its place unless every host runs it (cross-host.ts)
    if (follow.handlers && mayReachOtherHosts(rc, task) && !rc.runHosts().every((o) => o.failure || o.unreachable || runsOn(task, o))) break;
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
  if (mayReachOtherHosts(rc, task) && !whenOnEveryHost(rc, task, frame, false)) return false;
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
