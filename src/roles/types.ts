/**
 * The loaded shape of YAML tasks and roles. Every node keeps the file:line it came from, so
 * errors found on load or at run time can point the user at the exact task.
 */

/** Where a task was written. `file` is the path as given to the loader (usually absolute). */
export interface Loc {
  file: string;
  line: number;
}

/** `loop:` / `with_items:` and its `loop_control`. */
export interface LoopSpec {
  /** `with_items` flattens one level (Ansible's behaviour); `loop`/`with_list` do not; `with_dict` yields {key, value}. */
  kind: 'loop' | 'with_items' | 'with_dict';
  /** A list (items may hold `{{ }}`) or an expression string that yields one. */
  items: unknown;
  /** Name the item is bound to (`loop_control.loop_var`, default `item`). */
  loopVar: string;
  /** Template shown instead of the item in output (`loop_control.label`). */
  label?: string;
  /** Variable holding the item's 0-based index (`loop_control.index_var`). */
  indexVar?: string;
}

/** Keywords every kind of task shares; block keywords are inherited by the block's children on load. */
export interface TaskBase {
  name?: string;
  loc: Loc;
  /** All conditions that must hold (own `when` after inherited block/import ones). */
  when: unknown[];
  /** Own tags plus those inherited from blocks, imports and includes. */
  tags: string[];
  /** Task-level `vars:` (merged over inherited block vars). */
  vars: Record<string, unknown>;
  become?: unknown;
  becomeUser?: unknown;
  delegateTo?: unknown;
  runOnce?: boolean;
  ignoreErrors?: unknown;
  /** Hide args and results from logs and output (secrets). */
  noLog?: unknown;
  /** `check_mode: false` runs the task even under --check (read-only probes). */
  checkMode?: boolean;
  /** Extra environment for the task's commands. */
  environment?: unknown;
}

/** A task that calls a module (built-in or TypeScript extension). */
export interface ModuleTask extends TaskBase {
  kind: 'module';
  /** Canonical module name (FQCN prefixes such as `ansible.builtin.` removed). */
  module: string;
  args: Record<string, unknown>;
  loop?: LoopSpec;
  register?: string;
  notify: string[];
  /** Handler topics (`listen:`), handlers only. */
  listen: string[];
  until?: unknown;
  retries?: unknown;
  delay?: unknown;
  /** `timeout:` seconds each of the task's commands may run before it is killed and the task fails (Ansible's task timeout). */
  timeout?: unknown;
  changedWhen?: unknown[];
  failedWhen?: unknown[];
  /** Directory for `src:` lookups (role dir or the task file's dir). */
  baseDir: string;
}

export interface BlockTask extends TaskBase {
  kind: 'block';
  block: Task[];
  rescue: Task[];
  always: Task[];
}

/** `include_tasks`: resolved per host at run time (file name may be templated). */
export interface IncludeTask extends TaskBase {
  kind: 'include';
  /** File name template, or undefined when `with_first_found` chooses it. */
  file?: unknown;
  /** Candidate file names (templated), first existing one wins. */
  firstFound?: unknown[];
  loop?: LoopSpec;
  /** Directories to resolve a relative name in, in order. */
  searchDirs: string[];
  /** Tags and conditions (beyond the include's own) that the included tasks inherit. */
  inherit: Inherited;
  baseDir: string;
}

/** `meta: flush_handlers` — run the handlers notified so far now, not at the end of the play. */
export interface MetaTask extends TaskBase {
  kind: 'meta';
  action: 'flush_handlers' | 'noop';
}

export type Task = ModuleTask | BlockTask | IncludeTask | MetaTask;

/** What a block, import or include passes down to its children. */
export interface Inherited {
  when: unknown[];
  tags: string[];
  vars: Record<string, unknown>;
  become?: unknown;
  becomeUser?: unknown;
  delegateTo?: unknown;
  ignoreErrors?: unknown;
  noLog?: unknown;
  checkMode?: boolean;
  environment?: unknown;
  runOnce?: boolean;
}

/** A role directory loaded and validated. */
export interface Role {
  name: string;
  dir: string;
  /** `defaults/main.yml`: lowest precedence. */
  defaults: Record<string, unknown>;
  /** `vars/main.yml`: above inventory vars. */
  vars: Record<string, unknown>;
  tasks: Task[];
  handlers: ModuleTask[];
}
