/**
 * YAML task list -> Task[]. Every problem is recorded with its file:line (not thrown), so one
 * load reports all mistakes of a role together.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { isMap, isSeq, type Node } from 'yaml';
import { checkTaskExpressions } from './check-expr.js';
import { checkAssertThat, checkKeywordTypes } from './check-keywords.js';
import { checkLocalSource } from './check-sources.js';
import { NOTHING_INHERITED, asConditions, asNames, baseOf, inheritFrom, loopOf, type RawTask } from './common.js';
import { free } from './free-form-args.js';
import { closest } from '../text/suggest.js';
import { BLOCK_KEYWORDS, TASK_KEYWORDS, isTaskKeyword } from './keywords.js';
import type { ModuleRegistry } from './registry.js';
import type { Inherited, Task, TaskBase } from './types.js';
import { checkArgs, hasTemplate } from './validate-args.js';
import { parseYamlFile, type LoadIssue, type YamlFile } from './yaml-file.js';

export interface ParseContext {
  registry: ModuleRegistry;
  issues: LoadIssue[];
  /** Directory for `src:` lookups of modules (role dir, or the task file's dir). */
  baseDir: string;
  /** Extra directories (after the including file's own) where include/import names resolve. */
  searchDirs: string[];
  /** Files being imported, for cycle detection. */
  importStack: string[];
}

/** Parse a task file's top-level list. */
export function parseTaskFile(file: string, ctx: ParseContext, inherit: Inherited = NOTHING_INHERITED): Task[] {
  const yf = parseYamlFile(file, ctx.issues);
  if (yf.root === null) return [];
  if (!isSeq(yf.root)) {
    ctx.issues.push({ file, line: yf.lineOf(yf.root), message: 'a task file must be a YAML list of tasks (each starting with "- ")' });
    return [];
  }
  const first = yf.root.items[0];
  if (isMap(first) && first.items.some((p) => ['hosts', 'roles'].includes(String((p.key as { value?: unknown })?.value)))) {
    ctx.issues.push({
      file,
      line: yf.lineOf(first),
      message:
        "this is a playbook (a list of plays with 'hosts:'); afo play runs one role directory or a task list: give roles/NAME (or the tasks file) and pick hosts with --hosts/--limit",
    });
    return [];
  }
  return parseList(yf, yf.root.items as Node[], ctx, inherit);
}

function parseList(yf: YamlFile, items: Node[], ctx: ParseContext, inherit: Inherited): Task[] {
  const out: Task[] = [];
  for (const node of items) out.push(...parseOne(yf, node, ctx, inherit));
  return out;
}

function parseOne(yf: YamlFile, node: Node, ctx: ParseContext, inherit: Inherited): Task[] {
  const loc = { file: yf.file, line: yf.lineOf(node) };
  const problem = (message: string): void => void ctx.issues.push({ ...loc, message });
  if (!isMap(node)) {
    problem('a task must be a mapping (name:, a module, keywords)');
    return [];
  }
  const raw = yf.toPlain(node) as RawTask;
  checkTaskExpressions(raw, problem);
  checkKeywordTypes(raw, problem);
  const childNodes = (key: string): Node[] => {
    const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value) === key);
    const value = pair?.value as Node | undefined;
    if (value === undefined || value === null) return [];
    if (!isSeq(value)) {
      ctx.issues.push({ file: yf.file, line: yf.lineOf(value), message: `${key}: must be a list of tasks` });
      return [];
    }
    return value.items as Node[];
  };

  if ('block' in raw) {
    for (const key of Object.keys(raw)) {
      if (!BLOCK_KEYWORDS.has(key)) problem(`'${key}' is not allowed on a block (allowed: ${[...BLOCK_KEYWORDS].join(', ')})`);
    }
    const base = baseOf(raw, inherit, loc, problem);
    const down = inheritFrom(base, true);
    return [
      {
        ...base,
        kind: 'block',
        block: parseList(yf, childNodes('block'), ctx, down),
        rescue: parseList(yf, childNodes('rescue'), ctx, down),
        always: parseList(yf, childNodes('always'), ctx, down),
      },
    ];
  }
  for (const key of ['rescue', 'always'] as const) if (key in raw) problem(`'${key}' only belongs on a block (add block:)`);
  if ('import_tasks' in raw || 'include_tasks' in raw) return parseInclude(yf, raw, loc, ctx, inherit, problem);
  if ('meta' in raw) {
    for (const k of Object.keys(raw)) if (!['name', 'meta', 'when', 'tags'].includes(k)) problem(`'${k}' is not allowed on meta`);
    if (raw.meta !== 'flush_handlers' && raw.meta !== 'noop') {
      problem(`meta: '${String(raw.meta)}' is not supported (afo knows flush_handlers and noop)`);
      return [];
    }
    return [{ ...baseOf(raw, inherit, loc, problem), kind: 'meta', action: raw.meta }];
  }
  return parseModuleTask(raw, loc, ctx, inherit, problem);
}

function parseModuleTask(raw: RawTask, loc: TaskBase['loc'], ctx: ParseContext, inherit: Inherited, problem: (m: string) => void): Task[] {
  const others = Object.keys(raw).filter((k) => !isTaskKeyword(k));
  const known = others.filter((k) => ctx.registry.has(k));
  const unknown = others.filter((k) => !ctx.registry.has(k));
  const guess = (k: string): string => {
    const near = closest(k, [...TASK_KEYWORDS, ...ctx.registry.names()]);
    return near ? ` (did you mean '${near}'?)` : '';
  };
  if (known.length > 1) problem(`a task calls one module, this one names ${known.map((k) => `'${k}'`).join(' and ')}: split it into two tasks`);
  if (known.length >= 1) for (const k of unknown) problem(`unknown task keyword '${k}'${guess(k)}`);
  else if (unknown.length === 1) problem(`unknown module '${unknown[0]}'${guess(unknown[0]!)}: check the spelling or register the module`);
  else if (unknown.length > 1) for (const k of unknown) problem(`unknown module or task keyword '${k}'${guess(k)}`);
  else problem('the task names no module (add e.g. "command: ..." or "file: ...")');
  if ('with_first_found' in raw) problem('with_first_found is only supported on include_tasks');
  if ('become_method' in raw && raw.become_method !== 'sudo')
    problem(`become_method: afo becomes other users with sudo only (got '${String(raw.become_method)}')`);
  const base = baseOf(raw, inherit, loc, problem);
  const loop = loopOf(raw, problem);
  const key = known[0];
  if (key === undefined) return [];
  const module = ctx.registry.get(key)!;
  const args = free(module.name, raw[key], raw.args, problem);
  if (!hasTemplate(args)) {
    const checked = checkArgs(module, args);
    if (!checked.ok) problem(checked.message);
  }
  if (module.name === 'assert') checkAssertThat(args, problem);
  checkLocalSource(module.name, args, ctx.baseDir, problem, ctx.issues);
  return [
    {
      ...base,
      kind: 'module',
      module: module.name,
      args,
      loop,
      register: raw.register === undefined ? undefined : String(raw.register),
      notify: asNames(raw.notify),
      listen: asNames(raw.listen),
      until: raw.until,
      retries: raw.retries,
      delay: raw.delay,
      timeout: raw.timeout,
      changedWhen: 'changed_when' in raw ? asConditions(raw.changed_when) : undefined,
      failedWhen: 'failed_when' in raw ? asConditions(raw.failed_when) : undefined,
      baseDir: ctx.baseDir,
    },
  ];
}

function parseInclude(yf: YamlFile, raw: RawTask, loc: TaskBase['loc'], ctx: ParseContext, inherit: Inherited, problem: (m: string) => void): Task[] {
  const isImport = 'import_tasks' in raw;
  const key = isImport ? 'import_tasks' : 'include_tasks';
  const allowed = new Set([
    'name',
    key,
    'when',
    'tags',
    'vars',
    'become',
    'become_user',
    'delegate_to',
    'ignore_errors',
    'no_log',
    'check_mode',
    'environment',
    'run_once',
  ]);
  if (!isImport) for (const k of ['loop', 'with_items', 'with_list', 'with_dict', 'loop_control', 'with_first_found']) allowed.add(k);
  for (const k of Object.keys(raw)) if (!allowed.has(k)) problem(`'${k}' is not allowed on ${key}`);
  let spec = raw[key];
  let apply: RawTask | undefined;
  if (spec !== null && typeof spec === 'object' && !Array.isArray(spec)) {
    const m = spec as Record<string, unknown>;
    for (const k of Object.keys(m)) if (k !== 'file' && k !== 'apply') problem(`${key}: unknown option '${k}' (file, apply)`);
    if (m.apply !== undefined) {
      if (isImport || m.apply === null || typeof m.apply !== 'object' || Array.isArray(m.apply))
        problem(`${key}: apply must be a mapping of keywords (include_tasks only)`);
      else apply = m.apply as RawTask;
    }
    spec = m.file;
  }
  const firstFound = raw.with_first_found;
  const searchDirs = [...new Set([dirname(yf.file), ...ctx.searchDirs])];
  const base = baseOf(raw, inherit, loc, problem);
  if (isImport) {
    if (typeof spec !== 'string' || hasTemplate(spec)) {
      problem('import_tasks needs a fixed file name; use include_tasks for a name chosen at run time');
      return [];
    }
    const path = resolveTaskFile(spec, searchDirs);
    if (!path) {
      problem(`import_tasks: file '${spec}' not found (looked in ${searchDirs.join(', ')})`);
      return [];
    }
    if (ctx.importStack.includes(path)) {
      problem(`import_tasks: '${spec}' imports itself (cycle: ${[...ctx.importStack, path].join(' -> ')})`);
      return [];
    }
    const child = { ...ctx, importStack: [...ctx.importStack, path] };
    return parseTaskFile(path, child, inheritFrom(base, true));
  }
  let candidates: unknown[] | undefined;
  if (firstFound !== undefined) {
    candidates = firstFoundList(firstFound, problem);
  } else if (typeof spec !== 'string' || spec.length === 0) {
    problem('include_tasks needs a file name (include_tasks: FILE, or include_tasks: { file: FILE })');
    return [];
  } else if (!hasTemplate(spec) && !resolveTaskFile(spec, searchDirs)) {
    problem(`include_tasks: file '${spec}' not found (looked in ${searchDirs.join(', ')})`);
  }
  return [
    {
      ...base,
      kind: 'include',
      file: spec,
      firstFound: candidates,
      loop: firstFound !== undefined ? undefined : loopOf(raw, problem),
      searchDirs,
      // `apply:` keywords (become, tags, vars, ...) go to the included tasks, not the include.
      inherit: apply ? inheritFrom(baseOf(apply, inheritFrom(base, false), loc, problem), true) : inheritFrom(base, false),
      baseDir: ctx.baseDir,
    },
  ];
}

/** `with_first_found`: a list of names, or `{ files: [...], paths: [...] }`. */
function firstFoundList(value: unknown, problem: (m: string) => void): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') {
    const { files, paths } = value as { files?: unknown; paths?: unknown };
    const fl = Array.isArray(files) ? files : files === undefined ? [] : [files];
    const pl = Array.isArray(paths) ? paths : paths === undefined ? [''] : [paths];
    return pl.flatMap((p) => fl.map((f) => (p ? `${String(p)}/${String(f)}` : f)));
  }
  problem('with_first_found must be a list of file names (or { files: [...], paths: [...] })');
  return [];
}

/** First existing file for `name` in `dirs` (absolute names as they are). */
export function resolveTaskFile(name: string, dirs: string[]): string | undefined {
  if (isAbsolute(name)) return existsSync(name) ? name : undefined;
  for (const d of dirs) {
    const p = join(d, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}
