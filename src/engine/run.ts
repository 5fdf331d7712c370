/**
 * Run a role on hosts: gather base facts (with the first prefetch batch) on every host, run the
 * task list with the linear strategy, then notified handlers; emit events throughout and return
 * per-host summaries and the exit code. Failures are values: this resolves, it does not throw
 * for a failed or unreachable host.
 */
import { UnreachableError } from '../connection/transport.js';
import { baseFacts, type BaseFacts } from '../facts/base.js';
import { RunContext } from './context.js';
import type { HostSummary, TaskRef } from './events.js';
import { exitCodeForRun } from './exit-code.js';
import type { HostState } from './host.js';
import type { RunDeps, RunInput, RunOptions } from './options.js';
import { prefetchSpecs } from './prefetch.js';
import { runHandlers, runList } from './schedule.js';

export interface RunResult {
  hosts: Record<string, HostSummary>;
  exitCode: number;
  check: boolean;
  /** Base facts of the hosts that answered (callers may keep them as `factHints` for the next run). */
  baseFacts: Record<string, BaseFacts>;
}

export async function runRole(input: RunInput, deps: RunDeps, opts: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const rc = new RunContext(input, deps, opts);
  const hosts = rc.runHosts();
  rc.emit({ type: 'run-start', role: input.role.name, hosts: hosts.map((h) => h.name), check: rc.check, time: new Date(started).toISOString() });
  const gather: TaskRef = { id: 0, name: 'gather facts', module: 'setup', file: input.role.dir, line: 0, handler: false, hidden: false };
  await Promise.all(hosts.map((h) => rc.limit(() => gatherBase(rc, h, gather))));
  rc.varsChanged();
  await runList(rc, input.role.tasks, hosts, new Map());
  await runHandlers(rc, input.role.handlers, hosts);
  const summaries: Record<string, HostSummary> = {};
  for (const h of hosts) {
    summaries[h.name] = {
      ...h.summary,
      state: h.unreachable ? 'unreachable' : h.failure ? 'failed' : 'ok',
      failure: h.failure
        ? { task: h.failure.task.name, file: h.failure.task.file, line: h.failure.task.line, message: rc.redactor.redact(h.failure.message) }
        : undefined,
      channels: h.target.channels(),
      connections: h.target.connections(),
    };
  }
  const exitCode = exitCodeForRun(summaries);
  rc.emit({ type: 'run-end', hosts: summaries, exitCode, durationMs: Date.now() - started, check: rc.check });
  const facts: Record<string, BaseFacts> = {};
  for (const h of hosts) if (h.base && !h.unreachable) facts[h.name] = h.base;
  return { hosts: summaries, exitCode, check: rc.check, baseFacts: facts };
}

/** Base facts plus the first prefetch batch: one round trip per host. */
async function gatherBase(rc: RunContext, h: HostState, ref: TaskRef): Promise<void> {
  // With last run's base facts as a hint, the first batch can already include the facts of
  // tasks chosen by OS (include_tasks "{{ ansible_os_family }}.yml"). Only the prefetch sees
  // the hint: tasks run with the facts gathered now.
  const hint = rc.opts.factHints?.[h.name];
  if (hint) h.setBase(hint);
  try {
    await h.target.facts.ensure([baseFacts], () => (rc.opts.prefetch === false ? [] : prefetchSpecs(rc, h)));
    const base = h.target.facts.get(baseFacts);
    h.setBase(base);
    rc.emit({
      type: 'host-facts',
      host: h.name,
      facts: { distribution: base.distribution, version: base.version, family: base.family, arch: base.arch, hostname: base.hostname },
    });
  } catch (err) {
    h.clearBase();
    const unreachable = err instanceof UnreachableError;
    const message = rc.redactor.redact(err instanceof Error ? err.message : String(err));
    if (unreachable) {
      h.unreachable = true;
      h.summary.unreachable++;
    } else h.summary.failed++;
    h.failure = { task: ref, message };
    rc.emit({ type: 'failure', task: ref, host: h.name, message, output: [], ignored: false, unreachable });
  }
}
