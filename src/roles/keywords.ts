/** The task keywords afo understands (anything else on a task must be its one module). */
export const TASK_KEYWORDS = [
  'name',
  'when',
  'loop',
  'with_items',
  'with_list',
  'with_dict',
  'with_first_found',
  'loop_control',
  'register',
  'become',
  'become_user',
  'become_method',
  'delegate_to',
  'run_once',
  'until',
  'retries',
  'delay',
  'block',
  'rescue',
  'always',
  'tags',
  'notify',
  'listen',
  'include_tasks',
  'import_tasks',
  'meta',
  'vars',
  'args',
  'ignore_errors',
  'changed_when',
  'failed_when',
  'check_mode',
  'no_log',
  'environment',
] as const;

export type TaskKeyword = (typeof TASK_KEYWORDS)[number];

const KEYWORDS: ReadonlySet<string> = new Set(TASK_KEYWORDS);

export function isTaskKeyword(key: string): key is TaskKeyword {
  return KEYWORDS.has(key);
}

/** Keywords a `block:` may carry (they apply to, or are inherited by, its children). */
export const BLOCK_KEYWORDS: ReadonlySet<string> = new Set([
  'name', 'block', 'rescue', 'always', 'when', 'tags', 'vars', 'become', 'become_user', 'delegate_to',
  'run_once', 'ignore_errors', 'no_log', 'check_mode', 'environment',
]);

/** Closest known word to `word` (for "did you mean"), or undefined when nothing is close. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
