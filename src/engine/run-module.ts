/**
 * One module task on one host: when (per loop item), template and check arguments, get facts
 * (batched, with prefetch), plan; under --check stop there; otherwise apply, invalidate facts,
 * and in verify mode re-plan to prove convergence. changed_when / failed_when / until see the
 * registered result. Failures are returned as values; only an unreachable host throws. Changes
 * sent together with the following tasks': run-batch.ts.
 */
import { UnreachableError } from '../connection/transport.js';
import type { FactReader, FactSpec } from '../facts/fact.js';
import { checkArgs } from '../roles/validate-args.js';
import type { ModuleTask } from '../roles/types.js';
import type { Module, ModuleContext, PlanResult } from '../tasks/module.js';
import { applyChanges } from './apply.js';
import { refreshSpecs, runAsBatch, settle } from './run-batch.js';
import { aboutPath, handlerSpecs, type Follow } from './batch.js';
import { takeAhead } from './batch-run.js';
import type { RunContext } from './context.js';
import type { TaskRef, TaskStatus } from './events.js';
import { TaskFailure, UserError, asTaskFailure } from '../errors.js';
import { allHold, becomeUserOf, condition, flag, template, type Scope } from './evaluate.js';
import { loopFrames } from './loop.js';
import { FactError } from './fact-cache.js';
import { INLINE_MAX } from './inline-upload.js';
import type { HostState, Target } from './host.js';
import { prefetchSpecs } from './prefetch.js';
import { readOutcome, readSpec, readsOnly } from './read-command.js';
import { aggregate, type ItemResult, skippedByWhen } from './result.js';
import { dropOmitted } from './scope.js';

export interface HostOutcome {
  status: TaskStatus;
  ignored: boolean;
  result: Record<string, unknown>;
  changes: number;
  failure?: TaskFailure;
}

const NO_FACTS: FactReader = {
  get: (spec) => {
    throw new FactError(`fact '${spec.id}' read by a local module`);
  },
};

export async function runModuleOnHost(
  rc: RunContext,
  task: ModuleTask,
  ref: TaskRef,
  h: HostState,
  frame: Scope,
  next: ModuleTask[] = [],
  handlers = false,
): Promise<HostOutcome> {
  const started = Date.now();
  let outcome: HostOutcome;
  try {
    const items: ItemResult[] = [];
    if (task.loop) {
      const list = loopFrames(rc, h, task, frame);
      for (const { index, item, frame: itemFrame } of list) {
        const label = task.loop.label ? String(template(task.loop.label, rc.scope(h, task, itemFrame), 'loop_control.label')) : labelOf(item);
        // Ansible runs the remaining items of a loop even after one fails; so do we. The items
        // after this one may join its batch (batch.ts).
        const r = await runItem(rc, task, ref, h, itemFrame, label, { next, frame, handlers, items: list.slice(index + 1) }, index);
        r.result[task.loop.loopVar] = item;
        r.result.ansible_loop_var = task.loop.loopVar;
        items.push(r);
      }
    } else items.push(await runItem(rc, task, ref, h, frame, undefined, { next, frame, handlers }));
    const agg = aggregate(items, !!task.loop);
    const ignore = agg.status === 'failed' && flag(task.ignoreErrors, rc.scope(h, task, frame), 'ignore_errors');
    outcome = { status: agg.status, ignored: ignore, result: agg.result, changes: agg.changes, failure: agg.failure };
  } catch (err) {
    if (err instanceof UnreachableError) {
      outcome = { status: 'unreachable', ignored: false, result: { unreachable: true, msg: err.message }, changes: 0, failure: new TaskFailure(err.message) };
    } else {
      const failure = err instanceof FactError ? new TaskFailure(err.message) : asTaskFailure(err);
      const ignore = safeFlag(rc, task, h, frame);
      outcome = { status: 'failed', ignored: ignore, result: { failed: true, changed: false, msg: failure.message }, changes: 0, failure };
    }
  }
  if (task.register) {
    h.setVars({ [task.register]: outcome.result });
    rc.varsChanged();
  }
  if (outcome.status === 'changed') for (const n of task.notify) h.notified.add(n);
  if (outcome.failure && (outcome.status === 'failed' || outcome.status === 'unreachable')) {
    rc.emit({
      type: 'failure',
      task: ref,
      host: h.name,
      message: rc.redactor.redact(outcome.failure.message),
      command: outcome.failure.command,
      output: outcome.failure.output,
      ignored: outcome.ignored,
      unreachable: outcome.status === 'unreachable',
    });
  }
  rc.emit({
    type: 'host-task-end',
    task: ref,
    host: h.name,
    status: outcome.status,
    check: rc.check,
    ignored: outcome.ignored,
    changes: outcome.changes,
    durationMs: Date.now() - started,
    reason: typeof outcome.result.skip_reason === 'string' ? outcome.result.skip_reason : undefined,
  });
  return outcome;
}

function safeFlag(rc: RunContext, task: ModuleTask, h: HostState, frame: Scope): boolean {
  try {
    return flag(task.ignoreErrors, rc.scope(h, task, frame), 'ignore_errors');
  } catch {
    return false;
  }
}

/** `timeout:` in ms (a positive number of seconds, maybe templated), or undefined when the task sets none. */
function taskTimeoutMs(task: ModuleTask, scope: Scope): number | undefined {
  if (task.timeout === undefined || task.timeout === null) return undefined;
  const v = template(task.timeout, scope, 'timeout');
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`timeout: expected a positive number of seconds, got ${JSON.stringify(v)}`);
  return n * 1000;
}

/** One loop item (or the only run), with until/retries around it. */
async function runItem(
  rc: RunContext,
  task: ModuleTask,
  ref: TaskRef,
  h: HostState,
  frame: Scope,
  label: string | undefined,
  follow?: Follow,
  index = 0,
): Promise<ItemResult> {
  const scope = rc.scope(h, task, frame);
  if (!allHold(task.when, scope, 'when')) {
    return { status: 'skipped', result: skippedByWhen(), changes: 0, label };
  }
  if (task.until === undefined) return attempt({ rc, task, ref, h, scope, label, follow, index });
  const retries = Number(template(task.retries ?? 3, scope, 'retries'));
  const delay = Number(template(task.delay ?? 5, scope, 'delay'));
  for (let n = 1; ; n++) {
    const r = await attempt({ rc, task, ref, h, scope, label });
    r.result.attempts = n;
    const seen = task.register ? { ...scope, [task.register]: r.result } : scope;
    if (r.status !== 'failed' && condition(task.until, seen, 'until')) return r;
    if (n > retries) {
      if (r.status === 'failed') return r;
      const failure = new TaskFailure(`until: '${String(task.until)}' still false after ${n} attempts`);
      return { ...r, status: 'failed', failure, result: { ...r.result, failed: true, msg: failure.message } };
    }
    await (rc.deps.sleep ?? defaultSleep)(Math.max(0, delay) * 1000);
    // The next attempt must look at the host again, not at what the last one read.
    (await rc.target(h, task.delegateTo, scope)).facts.invalidate(['base']);
  }
}

/** What one attempt of a task on a host works from. */
interface Attempt {
  rc: RunContext;
  task: ModuleTask;
  ref: TaskRef;
  h: HostState;
  scope: Scope;
  label: string | undefined;
  follow?: Follow | undefined;
  /** The loop item's index (0 without a loop). */
  index?: number;
}

async function attempt(a: Attempt): Promise<ItemResult> {
  const { rc, task, h, scope } = a;
  const module = rc.deps.loader.registry.get(task.module)!;
  const args = validated(rc, task, dropOmitted(template(task.args, scope, 'arguments')) as Record<string, unknown>);
  const becomeUser = becomeUserOf(task, scope);
  const target = await rc.target(h, task.delegateTo, scope);
  // Local modules touch no host; the others hold the target while they read its facts, plan and
  // apply, so hosts delegating to the same target (or the target's own run) cannot interleave.
  if (module.local) return attemptOn({ ...a, follow: undefined }, module, args, becomeUser, target);
  return target.exclusive(() => attemptOn(a, module, args, becomeUser, target));
}

async function attemptOn(a: Attempt, module: Module, args: Record<string, unknown>, becomeUser: string | undefined, target: Target): Promise<ItemResult> {
  const { rc, task, ref, h, scope, label, follow } = a;
  const check = rc.check && task.checkMode !== false;
  const ctx: ModuleContext = { host: h.name, vars: scope, check, baseDir: task.baseDir, becomeUser };
  // A read command's output is read with the facts (read-command.ts): no round trip of its own.
  const read = module.local ? undefined : readSpec(rc, task, module, args, scope, target.loginUser);
  const plan = async (): Promise<{ plan: PlanResult; specs: FactSpec[] }> => {
    if (module.local) return { plan: await module.plan(args, NO_FACTS, ctx), specs: [] };
    const specs = [...module.facts(args, ctx), ...(read ? [read] : [])];
    const own = target === h.target;
    // a loop's other items too: they may join this item's batch (batch.ts)
    await target.facts.ensure(specs, () =>
      own && rc.opts.prefetch !== false ? [...prefetchSpecs(rc, h, task, task.loop !== undefined), ...handlerSpecs(rc, h, follow)] : [],
    );
    return { plan: await module.plan(args, target.facts.reader(specs, module.name), ctx), specs };
  };
  // Planned and run ahead in an earlier task's batch (batch.ts): report what it did.
  const ahead = module.local || target !== h.target ? undefined : takeAhead(h, task, a.index ?? 0);
  const { plan: p, specs } = ahead ?? (await plan());
  for (const text of p.messages ?? []) rc.emit({ type: 'message', task: ref, host: h.name, text: ref.hidden ? '(hidden: no_log)' : rc.redactor.redact(text) });
  if (p.setFacts) {
    h.setVars(p.setFacts);
    rc.redactor.addVars(p.setFacts); // a set_fact of db_password is as secret as one from the inventory
    rc.varsChanged();
  }
  let result: Record<string, unknown> = { ...(p.result ?? {}), changed: false };
  if (p.fail !== undefined) {
    return finish(task, scope, { status: 'failed', failure: new TaskFailure(p.fail), result: { ...result, failed: true, msg: p.fail }, changes: 0, label });
  }
  if (p.changes.length === 0) return finish(task, scope, { status: 'ok', result, changes: 0, label });
  // Probes (wait_for) run on apply but change nothing: they neither make the task changed nor
  // make facts stale, and under --check they are not run. A command the role marks
  // `changed_when: false` (it reads the host) is taken at its word the same way: it keeps the
  // facts read before it (docs/architecture.md §3.3).
  const reads = module.alwaysRuns === true && readsOnly(task);
  const real = p.changes.filter((c) => !(c.kind === 'exec' && (c.probe || reads)));
  if (check) {
    if (module.alwaysRuns || real.length === 0)
      return { status: 'skipped', result: { ...result, skipped: true, skip_reason: 'runs only without --check' }, changes: 0, label };
    emitChanges(rc, ref, h, p, label, true);
    return finish(task, scope, { status: 'changed', result: { ...result, changed: true }, changes: real.length, label });
  }
  // Applied changes are shown once changed_when/failed_when have spoken (a probe with
  // changed_when: false is not reported as a change).
  const shown = (r: ItemResult): ItemResult => {
    if (r.status === 'changed' || r.status === 'failed') emitChanges(rc, ref, h, p, label, false);
    return r;
  };
  const env = task.environment === undefined ? undefined : (template(task.environment, scope, 'environment') as Record<string, string>);
  // Anything read before these changes (prefetched facts of later tasks too) may be stale after
  // them: re-read it at the end of the same round trip when possible, else drop it.
  const keep = p.touches?.includes('base') ? [] : ['base'];
  // Placing a file changes only what is known about that path (and its directories).
  const lastExec = real.map((c) => c.kind).lastIndexOf('exec');
  const dests = real.slice(lastExec + 1).flatMap((c) => (c.kind === 'upload' ? [c.dest] : []));
  const forgetUploaded = (): void =>
    target.facts.forget([
      ...specs.map((s) => s.id),
      ...target.facts
        .knownSpecs(keep)
        .map((s) => s.id)
        .filter((id) => dests.some((d) => aboutPath(id, d))),
    ]);
  // Only files placed (a small one goes as an exec, apply.ts): re-read just the facts about
  // those paths that are still needed, not everything later tasks read.
  const placesOnly = real.length > 0 && lastExec < 0 && !p.touches;
  const wanted = real.length > 0 ? refreshSpecs(rc, task, h, target, keep, specs, follow) : [];
  // A read command's output is stale after any change: re-read when the refresh comes after them
  // all, not when a file too big to go inline is placed after it (apply.ts).
  const sftp = dests.length > 0 && real.some((c) => c.kind === 'upload' && c.content.length > INLINE_MAX);
  const refresh = wanted.filter((f) => (f.volatile ? !sftp : !placesOnly || dests.some((d) => aboutPath(f.id, d))));
  const timeoutMs = taskTimeoutMs(task, scope);
  const change = p.changes[0];
  const fromFact = read && p.changes.length === 1 && change?.kind === 'exec' ? readOutcome(rc, ref, target, read, change) : undefined;
  const batched = ahead
    ? ahead.steps
    : fromFact
      ? undefined
      : await runAsBatch(rc, ref, task, h, target, { task, index: a.index ?? 0, args, plan: p, specs }, module, becomeUser, follow);
  const applied =
    fromFact ??
    (batched
      ? settle(rc, ref, target, batched)
      : await applyChanges(rc, ref, target, p.changes, { becomeUser, env, refresh, ...(timeoutMs ? { timeoutMs } : {}) }));
  // Any change makes what read commands printed stale (a batch saw to it already: run-batch.ts).
  if (!batched && real.length > 0) target.facts.changed();
  if (batched) {
    // the batch took care of the facts
  } else if (placesOnly) {
    forgetUploaded();
    if (applied.refreshed) target.facts.store(refresh, applied.refreshed, '', 0);
  } else if (applied.refreshed) {
    target.facts.invalidate(keep);
    target.facts.store(refresh, applied.refreshed, '', 0);
    if (dests.length > 0) forgetUploaded();
  } else if (real.length > 0) target.facts.invalidate(keep);
  result = { ...result, changed: real.length > 0 };
  if (applied.last) {
    const { exitCode, stdout, stderr } = applied.last;
    // Registered values keep the output even under no_log: it hides output from logs and
    // events, not from the role (`register:` of a password generator must still work).
    const out = stdout.replace(/\n$/, '');
    const err = stderr.replace(/\n$/, '');
    result = { ...result, rc: exitCode, stdout: out, stderr: err, stdout_lines: out ? out.split('\n') : [], stderr_lines: err ? err.split('\n') : [] };
  }
  if (applied.failure) {
    return shown(
      finish(task, scope, {
        status: 'failed',
        failure: applied.failure,
        result: { ...result, failed: true, msg: applied.failure.message },
        changes: p.changes.length,
        label,
      }),
    );
  }
  if (rc.opts.verify && !module.alwaysRuns && real.length > 0) {
    const again = await plan();
    const left = again.plan.changes
      .filter((c) => !(c.kind === 'exec' && c.probe))
      .map((c) => c.description)
      .join('; ');
    if (left) {
      const failure = new TaskFailure(
        `did not converge: after applying, the plan still has: ${left} (facts read: ${again.specs.map((s) => s.id).join(', ') || 'none'})`,
      );
      return { status: 'failed', failure, result: { ...result, failed: true, msg: failure.message }, changes: p.changes.length, label };
    }
  }
  return shown(finish(task, scope, { status: real.length > 0 ? 'changed' : 'ok', result, changes: real.length, label }));
}

/** Apply changed_when / failed_when to an attempt's outcome. */
function finish(task: ModuleTask, scope: Scope, r: ItemResult): ItemResult {
  if (!task.changedWhen && !task.failedWhen) return r;
  const seen = task.register ? { ...scope, [task.register]: r.result } : scope;
  let status = r.status;
  let failure = r.failure;
  // failed_when first: it can turn a failed command into a success, which changed_when then judges.
  if (task.failedWhen) {
    const failed = task.failedWhen.length > 0 && allHold(task.failedWhen, seen, 'failed_when');
    if (failed && status !== 'failed') {
      status = 'failed';
      failure = new TaskFailure(`failed_when: condition met (${task.failedWhen.map(String).join(' and ')})`, failure?.command, failure?.output);
    } else if (!failed && status === 'failed') {
      status = r.result.changed ? 'changed' : 'ok';
      failure = undefined;
    }
    r.result.failed = failed;
  }
  if (task.changedWhen && status !== 'failed') {
    const changed = allHold(task.changedWhen, seen, 'changed_when');
    status = changed ? 'changed' : 'ok';
    r.result.changed = changed;
  }
  return { ...r, status, failure };
}

function emitChanges(rc: RunContext, ref: TaskRef, h: HostState, p: PlanResult, item: string | undefined, planned: boolean): void {
  for (const c of p.changes) {
    if (c.kind === 'exec' && c.probe) continue;
    const diff = rc.opts.diff && !ref.hidden && c.kind === 'upload' ? c.diff : undefined;
    rc.emit({
      type: 'change',
      task: ref,
      host: h.name,
      planned,
      change: { description: ref.hidden ? '(hidden: no_log)' : rc.redactor.redact(c.description), item: ref.hidden ? undefined : item, diff },
    });
  }
}

/** Template-time argument check, worded like the load-time one (the engine adds file:line). */
export function validated(rc: RunContext, task: ModuleTask, raw: Record<string, unknown>): Record<string, unknown> {
  const module = rc.deps.loader.registry.get(task.module)!;
  const checked = checkArgs(module, raw);
  if (!checked.ok) throw new TaskFailure(checked.message);
  return checked.value as Record<string, unknown>;
}

function labelOf(item: unknown): string {
  if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') return String(item);
  const s = JSON.stringify(item) ?? String(item);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
