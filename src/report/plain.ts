/**
 * The deterministic line renderer (non-TTY output and tests). Lines of one task are buffered
 * until the task ends and printed host by host in inventory order, so the output does not
 * depend on which host answered first. Progress of long steps (uploads, downloads, OM commands)
 * is the exception: printed as it comes, one line per step per 10 s at most, and a `done` line.
 */
import type { EngineEvent, EventSink, HostSummary, TaskStartEvent } from '../engine/events.js';
import { progressText } from './progress-text.js';

export interface PlainOptions {
  /** Show ok/skipped host lines too (default: only changed/failed, plus counts). */
  verbose?: boolean;
}

/** Plain progress lines: at most one per step this often (by the step's own elapsed time). */
export const PLAIN_PROGRESS_EVERY_MS = 10_000;

export function plainRenderer(write: (line: string) => void, opts: PlainOptions = {}): EventSink {
  let current: TaskStartEvent | undefined;
  // step -> elapsed time of its last printed line; progress lines print at once, never buffered
  const printed = new Map<string, number>();
  let buffer = new Map<string, string[]>();
  const add = (host: string, line: string): void => {
    if (!current) {
      write(line);
      return;
    }
    buffer.set(host, [...(buffer.get(host) ?? []), line]);
  };
  return (e: EngineEvent) => {
    switch (e.type) {
      case 'run-start':
        write(`RUN ${e.role} on ${e.hosts.join(', ')}${e.check ? ' (check: nothing will be changed)' : ''}`);
        break;
      case 'host-facts':
        if (opts.verbose) write(`facts [${e.host}] ${e.facts.distribution} ${e.facts.version} ${e.facts.arch}`);
        break;
      case 'task-start':
        current = e;
        buffer = new Map();
        break;
      case 'change':
        add(e.host, `  ${e.planned ? 'would' : 'did'}: [${e.host}]${e.change.item !== undefined ? ` (${e.change.item})` : ''} ${e.change.description}`);
        if (e.change.diff) {
          for (const l of diffLines(e.change.diff.before ?? '', e.change.diff.after ?? '')) add(e.host, `    ${l}`);
        }
        break;
      case 'message':
        add(e.host, `  msg: [${e.host}] ${e.text}`);
        break;
      case 'failure':
        if (e.task.id === 0) {
          write(`FAILED [${e.host}] ${e.unreachable ? 'unreachable' : 'facts'}: ${e.message}`);
          break;
        }
        add(e.host, `  ${e.ignored ? 'failed (ignored)' : e.unreachable ? 'UNREACHABLE' : 'FAILED'}: [${e.host}] ${e.task.file}:${e.task.line}: ${e.message}`);
        if (e.command) add(e.host, `    command: ${e.command}`);
        for (const l of e.output) add(e.host, `    | ${l}`);
        break;
      case 'host-task-end': {
        const label = e.status === 'changed' && e.check ? 'changed (check)' : e.status;
        if (opts.verbose || e.status === 'changed' || (e.status === 'failed' && !e.ignored)) {
          add(
            e.host,
            `  ${label}: [${e.host}]${e.changes > 0 ? ` ${e.changes} change${e.changes === 1 ? '' : 's'}` : ''}${e.reason && opts.verbose ? ` (${e.reason})` : ''}`,
          );
        }
        break;
      }
      case 'task-end': {
        const c = e.counts;
        const counts = (['ok', 'changed', 'failed', 'skipped', 'unreachable'] as const).filter((k) => c[k] > 0).map((k) => `${k}=${c[k]}`);
        write(`${e.task.handler ? 'HANDLER' : 'TASK'} [${e.task.name}] ${e.task.file}:${e.task.line} ${counts.join(' ')}`.trimEnd());
        for (const host of current?.hosts ?? []) for (const l of buffer.get(host) ?? []) write(l);
        current = undefined;
        break;
      }
      case 'run-end':
        write('RECAP');
        for (const [host, s] of Object.entries(e.hosts)) for (const l of recapLine(host, s).split('\n')) write(l);
        break;
      case 'progress': {
        const key = `${e.task?.id ?? '-'}/${e.host}/${e.kind}/${e.what}`;
        const last = printed.get(key);
        if (e.done) {
          if (last !== undefined) write(`  done: [${e.host}] ${progressText(e)}`);
          printed.delete(key);
        } else if (last === undefined || e.elapsedMs - last >= PLAIN_PROGRESS_EVERY_MS) {
          printed.set(key, e.elapsedMs);
          write(`  progress: [${e.host}] ${progressText(e)}`);
        }
        break;
      }
      case 'command':
        break;
    }
  };
}

export function recapLine(host: string, s: HostSummary): string {
  const base = `  ${host.padEnd(16)} ok=${s.ok} changed=${s.changed} failed=${s.failed} skipped=${s.skipped} unreachable=${s.unreachable} rescued=${s.rescued} ignored=${s.ignored}`;
  return s.failure ? `${base}\n    ${s.state}: ${s.failure.task} (${s.failure.file}:${s.failure.line}): ${s.failure.message}` : base;
}

/** A small line diff (enough for config files): removed lines with '-', added with '+'. */
export function diffLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const inA = new Set(a);
  const inB = new Set(b);
  return [...a.filter((l) => !inB.has(l)).map((l) => `- ${l}`), ...b.filter((l) => !inA.has(l)).map((l) => `+ ${l}`)];
}
