/**
 * Everything one run shares: hosts, targets, the forks limiter, the scope builder, event
 * emission (redacted) and the prefetch hook. Passed explicitly; nothing global.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { UnreachableError } from '../connection/transport.js';
import type { ModuleTask, Task } from '../roles/types.js';
import type { EngineEvent, TaskRef } from './events.js';
import { TaskFailure } from '../errors.js';
import { template, type Scope } from './evaluate.js';
import type { BatchRunner } from './fact-cache.js';
import { HostState, Target } from './host.js';
import type { EngineHost, RunDeps, RunInput, RunOptions } from './options.js';
import { Redactor } from '../text/redact.js';
import { resolveVars } from '../expr/index.js';
import { hostBaseVars, lazyHostvars, taskScope, type ScopeInput } from './scope.js';

/** no_log: the task's arguments, commands and output are hidden. */
export function noLog(task: Task): boolean {
  return task.noLog !== undefined && task.noLog !== false && !/^(no|false|off)$/i.test(String(task.noLog));
}

export class RunContext {
  readonly hosts = new Map<string, HostState>();
  readonly limit: LimitFunction;
  readonly redactor = new Redactor();
  readonly scopeInput: ScopeInput;
  /** Prefetch walks per host (prefetch.ts), reused while the host's variables are unchanged. */
  readonly walks = new Map<string, { version: number; entries: unknown }>();
  private seq = 0;
  private localTarget?: Target;
  private hostvarsMemo?: Record<string, unknown>;

  constructor(
    readonly input: RunInput,
    readonly deps: RunDeps,
    readonly opts: RunOptions,
  ) {
    this.limit = pLimit(Math.max(1, opts.forks ?? 10));
    this.redactor.add(opts.becomePassword);
    for (const v of opts.secretValues ?? []) this.redactor.add(v);
    this.redactor.addVars(opts.extraVars ?? {});
    for (const h of input.inventory) {
      this.redactor.addVars(h.vars);
      const target = new Target(
        h.name,
        h.loginUser ?? Target.loginUserOf(h.vars),
        () => this.connect(h),
        (t) => this.batchRunner(t),
      );
      this.hosts.set(h.name, new HostState(h, target));
    }
    this.scopeInput = {
      defaults: input.role.defaults,
      roleVars: input.role.vars,
      extraVars: opts.extraVars ?? {},
      groups: input.groups,
      playHosts: input.hosts,
      activeHosts: () =>
        this.runHosts()
          .filter((h) => h.active)
          .map((h) => h.name),
      check: !!opts.check,
      diff: !!opts.diff,
      roleName: input.role.name,
      rolePath: input.role.dir,
      hostvars: () => (this.hostvarsMemo ??= this.buildHostvars()),
    };
  }

  get check(): boolean {
    return !!this.opts.check;
  }

  /** Hosts being run on, in order. */
  runHosts(): HostState[] {
    return this.input.hosts.map((n) => this.hosts.get(n)!).filter(Boolean);
  }

  /** Call after set_fact/register/facts change a host's variables. */
  varsChanged(): void {
    this.hostvarsMemo = undefined;
  }

  scope(h: HostState, task: Task, frame: Scope): Scope {
    return taskScope(h, this.scopeInput, task.vars, frame);
  }

  ref(task: Task, handler = false): TaskRef {
    const module = task.kind === 'module' ? task.module : task.kind === 'include' ? 'include_tasks' : 'block';
    const hidden = noLog(task);
    return {
      id: ++this.seq,
      name: task.name ?? defaultName(task),
      module,
      file: task.loc.file,
      line: task.loc.line,
      handler,
      hidden,
    };
  }

  emit(event: EngineEvent): void {
    this.deps.emit(event);
  }

  /** Where a task's commands run: the host itself, localhost, or another inventory host. */
  async target(h: HostState, delegateTo: unknown, scope: Scope): Promise<Target> {
    if (delegateTo === undefined || delegateTo === null) return h.target;
    const name = String(template(delegateTo, scope, 'delegate_to'));
    if (name === h.name) return h.target;
    const other = this.hosts.get(name);
    if (other) return other.target;
    if (name === 'localhost' || name === '127.0.0.1') return this.local();
    throw new TaskFailure(`delegate_to: '${name}' is not a host of the inventory (nor localhost)`);
  }

  private local(): Target {
    const make = this.deps.local;
    if (!make) throw new TaskFailure('delegate_to: localhost is not available in this run');
    this.localTarget ??= new Target(
      'localhost',
      Target.localUser(),
      async () => make(),
      (t) => this.batchRunner(t),
    );
    return this.localTarget;
  }

  private async connect(h: EngineHost): Promise<import('../connection/transport.js').Transport> {
    try {
      return await this.deps.connect(h);
    } catch (err) {
      if (err instanceof UnreachableError) throw err;
      throw new UnreachableError(h.name, err instanceof Error ? err.message : String(err));
    }
  }

  private batchRunner(t: Target): BatchRunner {
    return async (script, opts) => {
      const transport = await t.transport();
      const res = await transport.exec(script, opts);
      this.emit({
        type: 'command',
        host: t.name,
        purpose: 'facts',
        command: '(fact gathering script)',
        exitCode: res.exitCode,
        stdout: this.redactor.redact(res.stdout.length > 8192 ? `${res.stdout.slice(0, 8192)}\n...` : res.stdout),
        stderr: this.redactor.redact(res.stderr),
        durationMs: res.durationMs,
      });
      return res;
    };
  }

  private buildHostvars(): Record<string, unknown> {
    return lazyHostvars([...this.hosts.keys()], (name) => {
      const vars = hostBaseVars(this.hosts.get(name)!, this.scopeInput);
      try {
        return resolveVars(vars);
      } catch {
        return vars;
      }
    });
  }
}

function defaultName(task: Task): string {
  if (task.kind === 'module') return task.module;
  if (task.kind === 'include') return `include_tasks ${typeof task.file === 'string' ? task.file : '(first found)'}`;
  return 'block';
}

export type { ModuleTask };
