/**
 * Tasks that may act on other hosts than their own (docs/architecture.md §3.3, other hosts). A
 * command whose effects are unknown and that runs on some hosts only — an OM tool run on the
 * primary works on every node over SSH — keeps Ansible's linear order across hosts: no host runs
 * a later task's change in a batch before it (nor passes over it while another host runs it), and
 * once it has changed something, the facts of the hosts that did not run it are read again.
 */
import type { ModuleTask } from '../roles/types.js';
import type { RunContext } from './context.js';
import { allHold, type Scope } from './evaluate.js';
import type { HostState } from './host.js';
import { readsOnly } from './read-command.js';

/** A command-like task (what it alters is unknown) that is not a read (`changed_when: false`). */
export function mayReachOtherHosts(rc: RunContext, task: ModuleTask): boolean {
  const module = rc.deps.loader.registry.get(task.module);
  return module !== undefined && !module.local && module.alwaysRuns === true && !readsOnly(task);
}

/**
 * Whether `task`'s `when` is known now and is `value` on every host still in the run (hosts that
 * failed run nothing more), evaluated in `frame`; unknown on any host counts as no.
 */
export function whenOnEveryHost(rc: RunContext, task: ModuleTask, frame: Scope, value: boolean): boolean {
  for (const h of rc.runHosts()) {
    if (h.failure || h.unreachable) continue;
    try {
      if (allHold(task.when, rc.scope(h, task, frame), 'when') !== value) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * After `task` ran on `hosts`: when it may reach other hosts and changed something somewhere, the
 * hosts where it changed nothing drop what they had read (their own run re-reads it when needed).
 */
export function afterStep(rc: RunContext, task: ModuleTask, hosts: HostState[], changedOn: Set<HostState>): void {
  if (changedOn.size === 0 || !mayReachOtherHosts(rc, task)) return;
  for (const h of hosts) {
    if (changedOn.has(h)) continue;
    h.target.facts.invalidate(['base']);
    h.target.facts.changed();
  }
}
