/**
 * The TTY progress view: an adapter from engine events to listr2 rows. The engine runs tasks one
 * after another, so each engine task gets its own small Listr (one row, with a sub-row per host)
 * that starts when the previous one has finished drawing. Host rows settle from host-task-end
 * events; a failed host row never stops its siblings (exitOnError: false everywhere).
 */
import { Listr, ListrLogger, ProcessOutput } from 'listr2';
import type { EngineEvent, EventSink, ProgressEvent, TaskStartEvent, TaskStatus } from '../engine/events.js';
import { recapLine } from './plain.js';
import { progressText } from './progress-text.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A row whose title follows progress events; `show` is set once listr2 draws the row. */
interface LiveRow {
  text: string;
  show?: (text: string) => void;
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

  /** Rows a progress event retitles: `task id/host` (a host row) or `-/what` (a download). */
  private live = new Map<string, LiveRow>();
  private loose = new Map<string, Deferred<string>>();

  constructor(
    private readonly write: (text: string) => void,
    /** listr2 renderer: 'default' on a terminal; tests use 'silent'. */
    private readonly renderer: 'default' | 'simple' | 'silent' = 'default',
    /** The terminal listr2 draws on (default: process.stdout); tests pass a fake TTY stream. */
    private readonly tty?: NodeJS.WriteStream,
  ) {}

  private listrOptions() {
    return {
      exitOnError: false,
      renderer: this.renderer,
      rendererOptions: {
        collapseSubtasks: false,
        collapseErrors: true,
        ...(this.tty ? { logger: new ListrLogger({ useIcons: true, toStderr: [], processOutput: new ProcessOutput(this.tty, this.tty) }) } : {}),
      },
      ...(this.tty ? { forceTTY: true } : {}),
    } as const;
  }

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
      case 'progress':
        this.progress(e);
        break;
      case 'run-end': {
        const lines = ['', 'RECAP', ...Object.entries(e.hosts).map(([h, s]) => recapLine(h, s))];
        this.enqueue(async () => this.write(`${lines.join('\n')}\n`));
        break;
      }
      default:
        break;
    }
  }

  /** A host row shows its step's progress as its title; a download gets a row of its own. */
  private progress(e: ProgressEvent): void {
    const text = progressText(e);
    if (e.task) {
      const key = `${e.task.id}/${e.host}`;
      const row = this.live.get(key) ?? { text };
      row.text = e.done ? '' : text;
      this.live.set(key, row);
      row.show?.(row.text);
      return;
    }
    const key = `-/${e.what}`;
    let end = this.loose.get(key);
    if (!end) {
      if (e.done) return;
      end = deferred<string>();
      this.loose.set(key, end);
      const done = end;
      const row: LiveRow = { text };
      this.live.set(key, row);
      this.enqueue(async () => {
        const list = new Listr(
          [
            {
              title: row.text,
              task: async (_ctx, task) => {
                row.show = (t) => {
                  task.title = t;
                };
                task.title = row.text;
                task.title = await done.promise;
              },
            },
          ],
          this.listrOptions(),
        );
        await list.run();
      });
    }
    if (e.done) {
      this.loose.delete(key);
      this.live.delete(key);
      end.resolve(text);
    } else {
      const row = this.live.get(key)!;
      row.text = text;
      row.show?.(text);
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
                    const row = this.live.get(`${e.task.id}/${host}`) ?? { text: '' };
                    row.show = (t) => {
                      sub.title = t ? `${host}: ${t}` : host;
                    };
                    this.live.set(`${e.task.id}/${host}`, row);
                    if (row.text) row.show(row.text);
                    const end = await ends.get(host)!.promise;
                    this.live.delete(`${e.task.id}/${host}`);
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
        this.listrOptions(),
      );
      await list.run();
      if (after.length > 0) this.write(`${after.join('\n')}\n`);
    });
  }

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step, step);
  }
}
