/**
 * The TTY progress view: an adapter from engine events to listr2 rows. The engine runs tasks one
 * after another, so each engine task gets its own small Listr (one row, with a sub-row per host)
 * that starts when the previous one has finished drawing. Host rows settle from host-task-end
 * events; a failed host row never stops its siblings (exitOnError: false everywhere).
 */
import { Listr } from 'listr2';
import type { EngineEvent, EventSink, TaskStartEvent, TaskStatus } from '../engine/events.js';
import { recapLine } from './plain.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

interface HostEnd {
  status: TaskStatus;
  text: string;
}

export class ListrView {
  private chain: Promise<unknown> = Promise.resolve();
  private hostEnds = new Map<string, Deferred<HostEnd>>();
  private outputs = new Map<string, string[]>();
  private after: string[] = [];

  constructor(
    private readonly write: (text: string) => void,
    /** listr2 renderer: 'default' on a terminal; tests use 'silent'. */
    private readonly renderer: 'default' | 'simple' | 'silent' = 'default',
  ) {}

  sink(): EventSink {
    return (e: EngineEvent) => this.on(e);
  }

  /** Wait until everything is drawn. */
  async close(): Promise<void> {
    await this.chain;
  }

  private on(e: EngineEvent): void {
    switch (e.type) {
      case 'run-start':
        this.enqueue(async () => this.write(`afo: ${e.role} on ${e.hosts.length} host(s)${e.check ? ' — check mode, nothing will change' : ''}\n`));
        break;
      case 'task-start':
        this.startTask(e);
        break;
      case 'change':
        this.note(e.host, `${e.planned ? 'would' : 'did'}: ${e.change.item !== undefined ? `(${e.change.item}) ` : ''}${e.change.description}`);
        break;
      case 'message':
        this.note(e.host, e.text);
        break;
      case 'failure': {
        if (e.ignored) break;
        const lines = [
          `${e.host}: ${e.task.file}:${e.task.line}: ${e.message}`,
          ...(e.command ? [`  command: ${e.command}`] : []),
          ...e.output.map((l) => `  | ${l}`),
        ];
        if (e.task.id === 0) this.enqueue(async () => this.write(`✖ ${lines.join('\n')}\n`));
        else this.after.push(...lines);
        break;
      }
      case 'host-task-end': {
        const label = e.status === 'changed' && e.check ? 'changed (check)' : e.ignored ? 'failed (ignored)' : e.status;
        this.hostEnds.get(`${e.task.id}/${e.host}`)?.resolve({ status: e.ignored ? 'ok' : e.status, text: label });
        break;
      }
      case 'run-end': {
        const lines = ['', 'RECAP', ...Object.entries(e.hosts).map(([h, s]) => recapLine(h, s))];
        this.enqueue(async () => this.write(`${lines.join('\n')}\n`));
        break;
      }
      default:
        break;
    }
  }

  private note(host: string, text: string): void {
    this.outputs.set(host, [...(this.outputs.get(host) ?? []), text]);
  }

  private startTask(e: TaskStartEvent): void {
    const ends = new Map(e.hosts.map((h) => [h, deferred<HostEnd>()] as const));
    for (const [h, d] of ends) this.hostEnds.set(`${e.task.id}/${h}`, d);
    this.outputs = new Map();
    const outputs = this.outputs;
    const after: string[] = [];
    this.after = after;
    const title = `${e.task.handler ? 'handler: ' : ''}${e.task.name}  (${e.task.file}:${e.task.line})`;
    this.enqueue(async () => {
      const list = new Listr(
        [
          {
            title,
            task: (_ctx, task) =>
              task.newListr(
                e.hosts.map((host) => ({
                  title: host,
                  task: async (_c, sub) => {
                    const end = await ends.get(host)!.promise;
                    const notes = outputs.get(host) ?? [];
                    sub.title = `${host}: ${end.text}${notes.length ? ` — ${notes.slice(-1)[0]}` : ''}`;
                    if (end.status === 'skipped') sub.skip(`${host}: skipped`);
                    if (end.status === 'failed' || end.status === 'unreachable') throw new Error(`${host}: ${end.text}`);
                  },
                })),
                { concurrent: true, exitOnError: false },
              ),
          },
        ],
        { exitOnError: false, renderer: this.renderer, rendererOptions: { collapseSubtasks: false, collapseErrors: true } },
      );
      await list.run();
      if (after.length > 0) this.write(`${after.join('\n')}\n`);
    });
  }

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step, step);
  }
}
