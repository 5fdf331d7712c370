/**
 * Read commands (docs/architecture.md §3.3): a `command`/`shell` task the role marks
 * `changed_when: false` only reads the host, so its command is read in the fact batch like any
 * fact (src/facts/command-output.ts) and the task plans from it with no round trip of its own:
 * same `command` event and log lines, same registered value, same failed_when / changed_when /
 * until. Only where the fact batch runs it as the task would: as root, without environment,
 * stdin, PTY, timeout or delegate_to, and under --check only with `check_mode: false`; never for
 * a no_log task (the fact batch's output is logged).
 */
import type { CommandOutput } from '../facts/command-output.js';
import { commandOutputFact } from '../facts/command-output.js';
import type { FactSpec } from '../facts/fact.js';
import type { ModuleTask } from '../roles/types.js';
import type { ExecChange, Module } from '../tasks/module.js';
import { type ApplyOutcome, checkExit, logCommand } from './apply.js';
import { noLog, type RunContext } from './context.js';
import { becomeUserOf, type Scope } from './evaluate.js';
import type { TaskRef } from './events.js';
import type { Target } from './host.js';
import { tagSelected } from './tags.js';

/** `changed_when: false` (literally): the role says the task never changes the host. */
export function readsOnly(task: ModuleTask): boolean {
  return task.changedWhen?.length === 1 && (task.changedWhen[0] === false || task.changedWhen[0] === 'false');
}

/** The fact a read command's task reads its output from, or undefined when it runs in place. */
export function readSpec(
  rc: RunContext,
  task: ModuleTask,
  module: Module,
  args: Record<string, unknown>,
  scope: Scope,
  loginUser: string,
): FactSpec<CommandOutput> | undefined {
  if (!module.alwaysRuns || !module.readCommand || !readsOnly(task)) return undefined;
  if (task.environment !== undefined || task.timeout !== undefined || task.delegateTo !== undefined) return undefined;
  // the fact batch's output is in the run log: a no_log task's must not be
  if (noLog(task)) return undefined;
  if (rc.check && task.checkMode !== false) return undefined;
  // the fact batch runs as root (FactSpec contract)
  if ((becomeUserOf(task, scope) ?? loginUser) !== 'root') return undefined;
  const run = module.readCommand(args);
  return run && commandOutputFact(run);
}

/** The task's planned exec, reported and judged from the fact as applyChanges would from a run. */
export function readOutcome(rc: RunContext, ref: TaskRef, target: Target, spec: FactSpec<CommandOutput>, change: ExecChange): ApplyOutcome {
  const out = target.facts.get(spec);
  logCommand(rc, ref, target, 'exec', change.command, out.rc, out.stdout, out.stderr, 0);
  const last = { exitCode: out.rc, stdout: out.stdout, stderr: out.stderr, durationMs: 0, timedOut: false };
  const failure = checkExit(rc, ref, change, last);
  return failure ? { last, failure } : { last };
}

/**
 * Whether running `task` may change the host (a read command read ahead of it would be stale):
 * false for local modules and read commands; unknown counts as yes.
 */
export function mayChange(rc: RunContext, task: ModuleTask): boolean {
  if (!tagSelected(task.tags, rc.opts.tags, rc.opts.skipTags)) return false;
  const module = rc.deps.loader.registry.get(task.module);
  return !(module?.local || (module?.alwaysRuns && readsOnly(task)));
}
