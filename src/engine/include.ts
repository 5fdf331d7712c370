/**
 * include_tasks, resolved per host: the include's `when`, its loop, and the file name (a
 * template, or the first existing of `with_first_found` candidates).
 */
import { resolveTaskFile } from '../roles/parse-task.js';
import type { IncludeTask } from '../roles/types.js';
import type { RunContext } from './context.js';
import { TaskFailure } from '../errors.js';
import { allHold, loopItems, template, type Scope } from './evaluate.js';
import type { HostState } from './host.js';

/** One file to include for a host, with the loop variables its tasks see. */
export interface IncludeUnit {
  file: string;
  frame: Scope;
}

/** Files this host includes (empty when `when` is false). Throws TaskFailure when a name cannot be resolved. */
export function resolveInclude(rc: RunContext, inc: IncludeTask, h: HostState, frame: Scope): IncludeUnit[] {
  const scope = rc.scope(h, inc, frame);
  if (!allHold(inc.when, scope, 'when')) return [];
  if (inc.firstFound) {
    const tried: string[] = [];
    for (const candidate of inc.firstFound) {
      let name: string;
      try {
        name = String(template(candidate, scope, 'with_first_found'));
      } catch {
        continue; // a candidate naming an undefined fact is skipped, like a missing file
      }
      tried.push(name);
      const path = resolveTaskFile(name, inc.searchDirs);
      if (path) return [{ file: path, frame: { ...frame, item: name } }];
    }
    throw new TaskFailure(`include_tasks: none of the files exists: ${tried.join(', ')} (looked in ${inc.searchDirs.join(', ')})`);
  }
  const frames: Scope[] = inc.loop ? loopItems(inc.loop.items, inc.loop.kind, scope).map((item) => ({ ...frame, [inc.loop!.loopVar]: item })) : [frame];
  return frames.map((f) => {
    const name = String(template(inc.file, { ...scope, ...f }, 'include_tasks'));
    const path = resolveTaskFile(name, inc.searchDirs);
    if (!path) throw new TaskFailure(`include_tasks: file '${name}' not found (looked in ${inc.searchDirs.join(', ')})`);
    return { file: path, frame: f };
  });
}
