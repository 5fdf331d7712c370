/** Per-item results of a task on a host, and how they fold into one status and register value. */
import type { TaskStatus } from './events.js';
import type { TaskFailure } from '../errors.js';

export interface ItemResult {
  status: Exclude<TaskStatus, 'unreachable'>;
  result: Record<string, unknown>;
  changes: number;
  failure?: TaskFailure;
  label?: string;
}

/** What a task skipped by its `when` registers. */
export function skippedByWhen(): Record<string, unknown> {
  return { changed: false, skipped: true, skip_reason: 'Conditional result was False' };
}

/** Fold items: failed if any failed, changed if any changed, skipped if all skipped. */
export function aggregate(
  items: ItemResult[],
  looped: boolean,
): { status: ItemResult['status']; result: Record<string, unknown>; changes: number; failure?: TaskFailure } {
  const changes = items.reduce((n, i) => n + i.changes, 0);
  const failed = items.find((i) => i.status === 'failed');
  const changed = items.some((i) => i.status === 'changed');
  const skipped = items.length > 0 && items.every((i) => i.status === 'skipped');
  const status = failed ? 'failed' : changed ? 'changed' : skipped || items.length === 0 ? 'skipped' : 'ok';
  if (!looped) return { status, result: items[0]?.result ?? { changed: false, skipped: true }, changes, failure: failed?.failure };
  const result: Record<string, unknown> = {
    results: items.map((i) => i.result),
    changed,
    failed: !!failed,
    skipped,
    msg: failed ? 'One or more items failed' : 'All items completed',
  };
  if (items.length === 0) result.skip_reason = 'No items in the list';
  return { status, result, changes, failure: failed?.failure };
}
