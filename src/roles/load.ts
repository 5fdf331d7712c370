/**
 * Load a role directory or a task file, validating everything before any host is touched:
 * bad YAML, unknown modules and keywords, argument shapes. All problems come back together in
 * one UserError, each as `file:line: what is wrong`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isMap } from 'yaml';
import { UserError } from '../errors.js';
import type { Module } from '../tasks/module.js';
import { parseTaskFile, type ParseContext } from './parse-task.js';
import { closest } from '../text/suggest.js';
import { ModuleRegistry } from './registry.js';
import type { IncludeTask, Inherited, ModuleTask, Role, Task } from './types.js';
import { parseYamlFile, type LoadIssue } from './yaml-file.js';

/** Loads roles and task files; keeps the module registry for run-time includes. */
export class TaskLoader {
  readonly registry: ModuleRegistry;
  private readonly includeCache = new Map<string, Task[]>();

  // biome-ignore lint/suspicious/noExplicitAny: a registry holds modules of every argument type
  constructor(modules: ModuleRegistry | Iterable<Module<any>>) {
    this.registry = modules instanceof ModuleRegistry ? modules : new ModuleRegistry(modules);
  }

  /** `dir` is a role (has tasks/main.yml) -> Role; a file -> a role-like wrapper around it. */
  load(path: string): Role {
    if (existsSync(path) && statSync(path).isDirectory()) return this.loadRole(path);
    if (!existsSync(path)) throw new UserError(`${path}: no such role directory or task file`);
    return this.loadTaskFileAsRole(path);
  }

  loadRole(dir: string): Role {
    const issues: LoadIssue[] = [];
    const tasksDir = join(dir, 'tasks');
    const main = yamlPath(tasksDir, 'main');
    if (!main) throw new UserError(`${dir}: not a role (no tasks/main.yml); give a role directory or a task file`);
    const ctx = this.context(issues, dir, [tasksDir]);
    const tasks = parseTaskFile(main, ctx);
    // Files only reached by a templated include_tasks are checked now too, so a typo in
    // tasks/RedHat.yml is found before any host is touched, not on the first RedHat host.
    const others = listYaml(tasksDir).flatMap((f) => (f !== main ? parseTaskFile(f, ctx) : []));
    const handlersFile = yamlPath(join(dir, 'handlers'), 'main');
    const handlers = handlersFile ? this.handlers(handlersFile, ctx) : [];
    checkNotify([...tasks, ...others, ...handlers], handlers, issues);
    const defaults = varsFile(yamlPath(join(dir, 'defaults'), 'main'), issues);
    const vars = varsFile(yamlPath(join(dir, 'vars'), 'main'), issues);
    checkMeta(yamlPath(join(dir, 'meta'), 'main'), issues);
    throwIfAny(issues);
    return { name: basename(resolve(dir)), dir, defaults, vars, tasks, handlers };
  }

  /** A playbook-like task file (a YAML list of tasks); `handlers.yml` beside it is used if present. */
  loadTaskFileAsRole(file: string): Role {
    const issues: LoadIssue[] = [];
    const dir = dirname(file);
    const ctx = this.context(issues, dir, []);
    const tasks = parseTaskFile(file, ctx);
    const handlersFile = yamlPath(dir, 'handlers');
    const handlers = handlersFile && handlersFile !== file ? this.handlers(handlersFile, ctx) : [];
    checkNotify([...tasks, ...handlers], handlers, issues);
    throwIfAny(issues);
    return { name: basename(file).replace(/\.ya?ml$/, ''), dir, defaults: {}, vars: {}, tasks, handlers };
  }

  /** Run-time include: parse `file` with what the include passes down (cached per include site). */
  loadInclude(file: string, include: IncludeTask): Task[] {
    const key = `${include.loc.file}:${include.loc.line}\0${file}`;
    const hit = this.includeCache.get(key);
    if (hit) return hit;
    const issues: LoadIssue[] = [];
    const ctx = this.context(issues, include.baseDir, include.searchDirs.slice(1));
    const tasks = parseTaskFile(file, ctx, include.inherit as Inherited);
    throwIfAny(issues);
    this.includeCache.set(key, tasks);
    return tasks;
  }

  private handlers(file: string, ctx: ParseContext): ModuleTask[] {
    const out: ModuleTask[] = [];
    for (const t of parseTaskFile(file, ctx)) {
      if (t.kind === 'module') out.push(t);
      else ctx.issues.push({ ...t.loc, message: 'handlers must be module tasks (no block or include)' });
    }
    return out;
  }

  private context(issues: LoadIssue[], baseDir: string, searchDirs: string[]): ParseContext {
    return { registry: this.registry, issues, baseDir, searchDirs, importStack: [] };
  }
}

/** Every `notify:` must name a handler (by name or `listen`); templated names are left to run time. */
function checkNotify(tasks: Task[], handlers: ModuleTask[], issues: LoadIssue[]): void {
  const known = new Set(handlers.flatMap((h) => [h.name, ...h.listen].filter((n): n is string => !!n)));
  const visit = (list: Task[]): void => {
    for (const t of list) {
      if (t.kind === 'block') [t.block, t.rescue, t.always].forEach(visit);
      else if (t.kind === 'module') {
        for (const n of t.notify) {
          if (n.includes('{{') || known.has(n)) continue;
          const near = closest(n, known);
          issues.push({ ...t.loc, message: `notify: no handler named or listening to '${n}'${near ? ` (did you mean '${near}'?)` : ''}` });
        }
      }
    }
  };
  visit(tasks);
}

/** Turn load problems into one error listing them all. */
export function throwIfAny(issues: LoadIssue[]): void {
  if (issues.length === 0) return;
  // A file both imported and listed in tasks/ is checked twice: report each problem once.
  const lines = [...new Set(issues.map((i) => `  ${i.file}:${i.line}: ${i.message}`))];
  const n = lines.length;
  throw new UserError(`${n} problem${n === 1 ? '' : 's'} in the role, nothing was run:\n${lines.join('\n')}`);
}

function yamlPath(dir: string, stem: string): string | undefined {
  for (const ext of ['.yml', '.yaml']) {
    const p = join(dir, stem + ext);
    if (existsSync(p)) return p;
  }
  return undefined;
}

function listYaml(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * meta/main.yml: galaxy_info and the like are ignored; role dependencies are refused, since afo
 * runs one role per play and would otherwise silently skip them.
 */
function checkMeta(file: string | undefined, issues: LoadIssue[]): void {
  if (!file) return;
  const yf = parseYamlFile(file, issues);
  if (!isMap(yf.root)) return;
  const pair = yf.root.items.find((p) => String((p.key as { value?: unknown })?.value) === 'dependencies');
  const deps = pair ? yf.toPlain(pair.value) : undefined;
  if (deps === undefined || deps === null || (Array.isArray(deps) && deps.length === 0)) return;
  const names = (Array.isArray(deps) ? deps : [deps]).map((d) =>
    d !== null && typeof d === 'object' ? String((d as { role?: unknown }).role ?? '?') : String(d),
  );
  issues.push({
    file,
    line: yf.lineOf(pair!.key),
    message: `dependencies (${names.join(', ')}) are not supported: afo runs one role per play; run each role with its own afo play, or bring its tasks in with import_tasks`,
  });
}

function varsFile(file: string | undefined, issues: LoadIssue[]): Record<string, unknown> {
  if (!file) return {};
  const yf = parseYamlFile(file, issues);
  if (yf.root === null) return {};
  if (!isMap(yf.root)) {
    issues.push({ file, line: yf.lineOf(yf.root), message: 'a vars file must be a mapping of names to values' });
    return {};
  }
  return yf.toPlain(yf.root) as Record<string, unknown>;
}
