/**
 * Prefetch: walk the tasks the host will run and collect the facts of every task whose `when`
 * and arguments can already be evaluated, so the round trip that fetches one task's facts also
 * fetches the rest. A no-op re-run then plans every later task without another round trip.
 * Best effort by design: anything that cannot be evaluated yet (a registered result, a fact not
 * gathered) is simply left for its own task to fetch.
 */
import type { FactSpec } from '../facts/fact.js';
import type { ModuleTask, Task } from '../roles/types.js';
import type { ModuleContext } from '../tasks/module.js';
import type { RunContext } from './context.js';
import { condition, template, type Scope } from './evaluate.js';
import { loopFrames } from './loop.js';
import type { HostState } from './host.js';
import { resolveInclude } from './include.js';
import { mayChange, readSpec } from './read-command.js';
import { dropOmitted } from './scope.js';
import { tagSelected } from './tags.js';
import { checkArgs } from '../roles/validate-args.js';

/** The most tasks (with facts) a window that runs to the next batch's end reaches. */
const WINDOW_MAX = 24;

interface Entry {
  task: ModuleTask;
  specs: FactSpec[];
  /** The run will skip it (tags, or a `when` already known false): it neither changes the host nor ends a batch. */
  skipped: boolean;
}

/*
 * Read commands (read-command.ts) can be slow (an OM status), so one is read ahead only where it
 * will be used: while the host has had no change in this run (a re-run that changes nothing then
 * reads each once, in the first fact round trips), or when no task before it may change the host.
 */

/**
 * Facts of the tasks after `after` (all tasks when it is not given; none when the walk does not
 * hold it: a handler, whose next tasks are other handlers, not the role's first tasks); with
 * `inclusive`, `after`'s own facts (all its loop items) too; with `ahead`, only those of the
 * next `ahead` tasks that read facts — and, with `endsBatch`, at least up to the first task it
 * holds (a batch stops there: the facts beyond would be stale by then).
 */
export function prefetchSpecs(
  rc: RunContext,
  h: HostState,
  after?: ModuleTask,
  inclusive = false,
  ahead = Infinity,
  refresh = false,
  endsBatch?: (t: ModuleTask) => boolean,
): FactSpec[] {
  // The walk depends only on the host's variables: reuse it until they change (a register or
  // set_fact), so refreshing after every change does not re-walk the role each time.
  let cached = rc.walks.get(h.name) as { version: number; entries: Entry[] } | undefined;
  if (!cached || cached.version !== h.varsVersion) {
    const fresh: Entry[] = [];
    walk(rc, h, rc.input.role.tasks, {}, fresh, 0);
    cached = { version: h.varsVersion, entries: fresh };
    rc.walks.set(h.name, cached);
  }
  const entries = cached.entries;
  const at = after ? entries.findIndex((e) => e.task === after) : -1;
  if (after && at < 0) return [];
  const out: FactSpec[] = [];
  let taken = 0;
  // A refresh follows a change; a gather for `after` comes before it runs, and it may change the host.
  const early = !refresh && !h.target.facts.dirty;
  let clear = early || !after || (refresh && !inclusive) || !mayChange(rc, after);
  let open = endsBatch !== undefined;
  for (const e of entries.slice(at < 0 ? 0 : inclusive ? at : at + 1)) {
    const reads = clear;
    if (!e.skipped && mayChange(rc, e.task)) clear = early;
    const specs = e.specs.filter((s) => !s.lazy && (reads || !s.volatile));
    if (specs.length > 0) {
      if (taken >= (open ? WINDOW_MAX : ahead)) break;
      taken++;
      out.push(...specs);
    }
    if (open && e.task !== after && !e.skipped && endsBatch!(e.task)) open = false;
  }
  return out;
}

function walk(rc: RunContext, h: HostState, tasks: Task[], frame: Scope, out: Entry[], depth: number): void {
  if (depth > 10) return;
  for (const t of tasks) {
    if (t.kind === 'block') {
      walk(rc, h, t.block, frame, out, depth);
      walk(rc, h, t.always, frame, out, depth);
    } else if (t.kind === 'include') {
      try {
        for (const unit of resolveInclude(rc, t, h, frame)) walk(rc, h, rc.deps.loader.loadInclude(unit.file, t), unit.frame, out, depth + 1);
      } catch {
        // Not resolvable yet (depends on something this run has not learned).
      }
    } else if (t.kind === 'module') out.push({ task: t, specs: moduleSpecs(rc, h, t, frame), skipped: knownSkipped(rc, h, t, frame) });
  }
}

/** Facts a task would read on this host, as far as its `when` and arguments can be evaluated now. */
export function moduleSpecs(rc: RunContext, h: HostState, t: ModuleTask, frame: Scope): FactSpec[] {
  if (!tagSelected(t.tags, rc.opts.tags, rc.opts.skipTags) || t.delegateTo !== undefined) return [];
  const module = rc.deps.loader.registry.get(t.module);
  if (!module || module.local) return [];
  try {
    const scope = rc.scope(h, t, frame);
    // with each item's loop variables (ansible_loop, index_var) as the run binds them
    const frames = t.loop ? loopFrames(rc, h, t, frame).map((l) => l.frame) : [frame];
    const specs: FactSpec[] = [];
    for (const f of frames) {
      const s = t.loop ? rc.scope(h, t, f) : scope;
      if (!maybeTrue(t.when, s)) continue;
      try {
        const checked = checkArgs(module, dropOmitted(template(t.args, s, 'arguments')));
        if (!checked.ok) continue;
        const ctx: ModuleContext = { host: h.name, vars: s, check: rc.check, baseDir: t.baseDir, becomeUser: undefined };
        const args = checked.value as Record<string, unknown>;
        specs.push(...module.facts(args, ctx));
        const read = readSpec(rc, t, module, args, s, h.target.loginUser);
        if (read) specs.push(read);
      } catch {
        // Arguments need something not known yet.
      }
    }
    return specs;
  } catch {
    return [];
  }
}

/** True when the run will skip `t` on this host whatever happens before it: deselected by tags, or a `when` (each loop item's) already false. */
function knownSkipped(rc: RunContext, h: HostState, t: ModuleTask, frame: Scope): boolean {
  if (!tagSelected(t.tags, rc.opts.tags, rc.opts.skipTags)) return true;
  if (t.when.length === 0) return false;
  try {
    if (!t.loop) return !maybeTrue(t.when, rc.scope(h, t, frame));
    return loopFrames(rc, h, t, frame).every((l) => !maybeTrue(t.when, rc.scope(h, t, l.frame)));
  } catch {
    return false;
  }
}

/** False only when a condition is known to be false; unknown counts as maybe (fetching a fact is cheap). */
function maybeTrue(conds: unknown[], scope: Scope): boolean {
  for (const c of conds) {
    try {
      if (!condition(c, scope, 'when')) return false;
    } catch {
      // unknown yet
    }
  }
  return true;
}
