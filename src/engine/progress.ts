/**
 * Progress of long steps as ProgressEvents (events.ts): bytes and rate of an upload or download,
 * elapsed time and last output line of a command. Throttled here to one event per TICK_MS per
 * step, plus one `done` event when a step that reported anything ends; short steps (under
 * QUIET_MS) report nothing. The caller redacts nothing: every output line passes `redact`.
 */
import type { ProgressEvent } from './events.js';

/** A command or transfer shorter than this reports no progress at all. */
export const QUIET_MS = 2000;
/** At most one progress event per step this often. */
export const TICK_MS = 1000;

export type ProgressBase = Pick<ProgressEvent, 'task' | 'host' | 'kind' | 'what'>;
type Emit = (e: ProgressEvent) => void;

export interface Clock {
  now(): number;
  every(ms: number, fn: () => void): () => void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  every: (ms, fn) => {
    const t = setInterval(fn, ms);
    t.unref();
    return () => clearInterval(t);
  },
};

/** Byte counts of one transfer: call `update` as bytes move, `end` when it is over. */
export function byteProgress(emit: Emit, base: ProgressBase, total: number | undefined, clock: Clock = realClock) {
  const started = clock.now();
  let bytes = 0;
  let last = 0;
  let reported = false;
  const event = (done: boolean): ProgressEvent => {
    const elapsedMs = clock.now() - started;
    return {
      type: 'progress',
      ...base,
      elapsedMs,
      bytes,
      ...(total !== undefined ? { total } : {}),
      rate: elapsedMs > 0 ? Math.round((bytes * 1000) / elapsedMs) : 0,
      done,
    };
  };
  return {
    update(n: number): void {
      bytes = n;
      const t = clock.now();
      if (t - started < QUIET_MS || t - last < TICK_MS) return;
      last = t;
      reported = true;
      emit(event(false));
    },
    end(): void {
      if (reported) emit(event(true));
    },
  };
}

/**
 * A running command: feed it the output as it arrives; every TICK_MS after QUIET_MS it reports the
 * elapsed time and the last non-empty line (when `showOutput`: never for no_log tasks).
 */
export function commandProgress(
  emit: Emit,
  base: Omit<ProgressBase, 'kind'>,
  opts: { showOutput: boolean; redact: (s: string) => string },
  clock: Clock = realClock,
) {
  const started = clock.now();
  let tail = '';
  let lastLine: string | undefined;
  let reported = false;
  const event = (done: boolean): ProgressEvent => ({
    type: 'progress',
    ...base,
    kind: 'command',
    elapsedMs: clock.now() - started,
    ...(opts.showOutput && lastLine !== undefined ? { lastLine: opts.redact(lastLine) } : {}),
    done,
  });
  const stop = clock.every(TICK_MS, () => {
    if (clock.now() - started < QUIET_MS) return;
    reported = true;
    emit(event(false));
  });
  return {
    output(chunk: Buffer): void {
      if (!opts.showOutput) return;
      // keep only the end of the text: enough for the last complete line (and a partial one)
      tail = (tail + chunk.toString('utf8')).slice(-4096);
      const lines = tail
        .split(/\r?\n|\r/)
        .map((l) => printable(l).trim())
        .filter((l) => l !== '');
      if (lines.length > 0) lastLine = lines[lines.length - 1]!.slice(0, 200);
    },
    end(): void {
      stop();
      if (reported) emit(event(true));
    },
  };
}

/** Drops control characters (terminal colours, backspaces) from an output line. */
function printable(line: string): string {
  return line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
}
