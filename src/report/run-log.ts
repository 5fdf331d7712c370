/**
 * The run log: a directory per run with one file per host holding each command the engine ran
 * (already redacted by the engine; no_log tasks arrive hidden), its exit code and output, plus
 * events.jsonl with every event. Its path is printed at the end of the run.
 */
import { appendFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { EngineEvent, EventSink } from '../engine/events.js';

export class RunLog {
  readonly dir: string;

  constructor(root: string, role: string, now = new Date()) {
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    this.dir = join(root, `${stamp}-${role.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
    makeLogDir(this.dir, root);
  }

  sink(): EventSink {
    return (e: EngineEvent) => {
      // progress is for the screen; the log keeps the command (with its duration) instead
      if (e.type === 'progress') return;
      appendFileSync(join(this.dir, 'events.jsonl'), `${JSON.stringify(e.type === 'command' ? { ...e, stdout: undefined, stderr: undefined } : e)}\n`);
      if (e.type === 'command') {
        const where = e.task ? `${e.task.name} (${e.task.file}:${e.task.line})` : 'facts';
        const text = [
          `### ${where} [${e.purpose}] exit=${e.exitCode} ${e.durationMs}ms`,
          `$ ${e.command}`,
          ...(e.stdout ? ['--- stdout', e.stdout.replace(/\n$/, '')] : []),
          ...(e.stderr ? ['--- stderr', e.stderr.replace(/\n$/, '')] : []),
          '',
        ].join('\n');
        appendFileSync(join(this.dir, `${safe(e.host)}.log`), `${text}\n`);
      } else if (e.type === 'failure') {
        appendFileSync(join(this.dir, `${safe(e.host)}.log`), `!!! FAILED ${e.task.name} (${e.task.file}:${e.task.line}): ${e.message}\n\n`);
      }
    };
  }
}

function safe(host: string): string {
  return host.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** Fan one event out to several sinks. */
export function fanOut(...sinks: (EventSink | undefined)[]): EventSink {
  const list = sinks.filter((s): s is EventSink => !!s);
  return (e) => {
    for (const s of list) s(e);
  };
}

/**
 * mkdir -p for the log directory, one level at a time: Node's recursive mkdir never returns for a
 * path under /proc (each mkdir there fails with ENOENT, which it takes for a missing parent), and
 * a file on the way (--log-dir /dev/null) is a clear error naming the option's value, not a crash.
 */
function makeLogDir(dir: string, root: string): void {
  const fail = (why: string) => new UserError(`cannot create the run log directory ${dir}: ${why}; give --log-dir a writable directory (it is ${root})`);
  mkdirLevels(resolve(dir), fail);
}

function mkdirLevels(abs: string, fail: (why: string) => UserError): void {
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(abs);
  } catch {
    st = undefined;
  }
  if (st) {
    if (!st.isDirectory()) throw fail(`${abs} is not a directory`);
    return;
  }
  const parent = dirname(abs);
  if (parent !== abs) mkdirLevels(parent, fail);
  try {
    mkdirSync(abs);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code !== 'EEXIST') throw fail(`${err.code ?? 'error'} at ${abs}`);
  }
}
