/**
 * The one sink the deployment report is written from: it listens to the engine's events of every
 * phase and keeps what the report shows (changes per host, failures with their command and last
 * output lines, changed tasks and time per phase). Nothing else scrapes events.
 */
import type { EngineEvent, EventSink } from '../../engine/events.js';
import type { PhaseTiming } from './report.js';

export class DeployRecorder {
  /** host -> "task: change [item]" (prefixed "(planned)" under --check). */
  readonly changes: Record<string, string[]> = {};
  /** Failed tasks, ready to print: host, task, file:line, message, command, last output lines. */
  readonly failures: string[] = [];
  readonly phases: PhaseTiming[] = [];
  private current: PhaseTiming | undefined;
  /** host -> the task it is running now */
  private readonly runningNow = new Map<string, string>();

  constructor(private readonly hide: (text: string) => string) {}

  readonly sink: EventSink = (e: EngineEvent) => {
    // A run starts by gathering facts on every host (no task-start event for it).
    if (e.type === 'run-start') for (const h of e.hosts) this.runningNow.set(h, 'gather facts');
    if (e.type === 'host-facts' || (e.type === 'failure' && e.task.id === 0)) this.runningNow.delete(e.host);
    if (e.type === 'task-start') for (const h of e.hosts) this.runningNow.set(h, e.task.name);
    if (e.type === 'host-task-end') this.runningNow.delete(e.host);
    if (e.type === 'host-task-end' && e.status === 'changed' && this.current) this.current.changed++;
    if (e.type === 'change')
      this.changesOf(e.host).push(`${e.planned ? '(planned) ' : ''}${e.task.name}: ${e.change.description}${e.change.item ? ` [${e.change.item}]` : ''}`);
    if (e.type === 'failure' && !e.ignored) {
      const head = `${e.host}: task '${e.task.name}' (${e.task.file}:${e.task.line}) failed: ${e.message}`;
      this.failures.push(this.hide([head, ...(e.command ? [`  command: ${e.command}`] : []), ...e.output.slice(-10).map((l) => `  | ${l}`)].join('\n')));
    }
  };

  private changesOf(host: string): string[] {
    const list = this.changes[host] ?? [];
    this.changes[host] = list;
    return list;
  }

  /** Times `work` as the phase `name` (its changed tasks are counted from the events). */
  async phase<T>(name: string, work: () => Promise<T>): Promise<T> {
    const t0 = Date.now();
    const timing: PhaseTiming = { phase: name, ms: 0, changed: 0 };
    this.current = timing;
    try {
      return await work();
    } finally {
      timing.ms = Date.now() - t0;
      this.phases.push(timing);
      this.current = undefined;
    }
  }

  /** The phase running now, if any. */
  currentPhase(): string | undefined {
    return this.current?.phase;
  }

  /** "HOST: task 'NAME'" for every host with a task running now. */
  running(): string[] {
    return [...this.runningNow].map(([h, t]) => `${h}: task '${t}'`);
  }

  /** Tasks changed over all phases so far. */
  changedTasks(): number {
    return this.phases.reduce((n, p) => n + p.changed, 0);
  }
}
