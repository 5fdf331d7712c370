/**
 * The items of a task's loop and the frame each runs in (its loop variable, index_var and
 * `ansible_loop`): the same for the run item by item (run-module.ts) and for the batch that plans
 * items ahead (batch.ts; docs/architecture.md §3.3).
 */
import type { ModuleTask } from '../roles/types.js';
import type { RunContext } from './context.js';
import { loopItems, type Scope } from './evaluate.js';
import type { HostState } from './host.js';

export interface LoopItem {
  index: number;
  item: unknown;
  frame: Scope;
}

/** One entry per item of `task.loop` (which must be set), in order. */
export function loopFrames(rc: RunContext, h: HostState, task: ModuleTask, frame: Scope): LoopItem[] {
  const loop = task.loop!;
  const list = loopItems(loop.items, loop.kind, rc.scope(h, task, frame));
  return list.map((item, index) => ({
    index,
    item,
    frame: {
      ...frame,
      [loop.loopVar]: item,
      ...(loop.indexVar ? { [loop.indexVar]: index } : {}),
      ansible_loop: { index: index + 1, index0: index, first: index === 0, last: index === list.length - 1, length: list.length },
    },
  }));
}
