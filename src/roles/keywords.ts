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
  'timeout',
] as const;

export type TaskKeyword = (typeof TASK_KEYWORDS)[number];

const KEYWORDS: ReadonlySet<string> = new Set(TASK_KEYWORDS);

export function isTaskKeyword(key: string): key is TaskKeyword {
  return KEYWORDS.has(key);
}

/** Keywords a `block:` may carry (they apply to, or are inherited by, its children). */
export const BLOCK_KEYWORDS: ReadonlySet<string> = new Set([
  'name',
  'block',
  'rescue',
  'always',
  'when',
  'tags',
  'vars',
  'become',
  'become_user',
  'delegate_to',
  'run_once',
  'ignore_errors',
  'no_log',
  'check_mode',
  'environment',
]);
