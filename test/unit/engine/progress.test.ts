/**
 * Progress of long steps (src/engine/progress.ts) on a hand-driven clock: quiet for short steps,
 * one event per tick at most, a `done` event only after something was reported, output lines
 * redacted, none for no_log tasks.
 */
import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../src/engine/events.js';
import { byteProgress, commandProgress, type Clock } from '../../../src/engine/progress.js';

function handClock() {
  let t = 1_000_000;
  let tick: (() => void) | undefined;
  const clock: Clock = {
    now: () => t,
    every: (_ms, fn) => {
      tick = fn;
      return () => {
        tick = undefined;
      };
    },
  };
  return {
    clock,
    advance(ms: number) {
      t += ms;
      tick?.();
    },
    get ticking() {
      return tick !== undefined;
    },
  };
}

const base = { host: 'h1', what: '/opt/software/openGauss/pkg.tar.gz' };

describe('byteProgress', () => {
  it('reports nothing for a transfer under 2 s', () => {
    const c = handClock();
    const events: ProgressEvent[] = [];
    const p = byteProgress((e) => events.push(e), { ...base, kind: 'upload' }, 3 << 20, c.clock);
    c.advance(1500);
    p.update(3 << 20);
    p.end();
    expect(events).toEqual([]);
  });

  it('reports bytes, total and rate at most once a second, then done', () => {
    const c = handClock();
    const events: ProgressEvent[] = [];
    const p = byteProgress((e) => events.push(e), { ...base, kind: 'upload' }, 8 << 20, c.clock);
    for (let i = 1; i <= 8; i++) {
      c.advance(500);
      p.update(i << 20);
    }
    p.end();
    expect(events.map((e) => [e.elapsedMs, e.bytes, e.rate, e.done])).toEqual([
      [2000, 4 << 20, 2 << 20, false],
      [3000, 6 << 20, 2 << 20, false],
      [4000, 8 << 20, 2 << 20, false],
      [4000, 8 << 20, 2 << 20, true],
    ]);
    expect(events[0]).toMatchObject({ type: 'progress', host: 'h1', kind: 'upload', total: 8 << 20, what: base.what });
  });
});

describe('commandProgress', () => {
  it('after 2 s, reports the elapsed time and the last output line (redacted, control characters dropped) each tick, then done', () => {
    const c = handClock();
    const events: ProgressEvent[] = [];
    const p = commandProgress(
      (e) => events.push(e),
      { host: 'h1', what: 'gs_install' },
      { showOutput: true, redact: (s) => s.replaceAll('S3cret!', '********') },
      c.clock,
    );
    p.output(Buffer.from('Parsing the configuration file.\n'));
    c.advance(1000);
    p.output(Buffer.from('\x1b[32mSuccessfully checked\x1b[0m password S3cret!\r\n\n'));
    c.advance(1000);
    p.output(Buffer.from('Starting cluster.\nwaiting'));
    c.advance(1000);
    p.end();
    expect(c.ticking).toBe(false);
    expect(events.map((e) => [e.elapsedMs, e.lastLine, e.done])).toEqual([
      [2000, 'Successfully checked password ********', false],
      [3000, 'waiting', false],
      [3000, 'waiting', true],
    ]);
  });

  it('a quick command reports nothing; a no_log command never shows its output', () => {
    const c = handClock();
    const events: ProgressEvent[] = [];
    const quick = commandProgress((e) => events.push(e), { host: 'h1', what: 'x' }, { showOutput: true, redact: (s) => s }, c.clock);
    c.advance(1000);
    quick.end();
    expect(events).toEqual([]);
    const hidden = commandProgress((e) => events.push(e), { host: 'h1', what: 'set password' }, { showOutput: false, redact: (s) => s }, c.clock);
    hidden.output(Buffer.from('the password is hunter2\n'));
    c.advance(1000);
    c.advance(1000);
    hidden.end();
    expect(events).toEqual([
      { type: 'progress', host: 'h1', what: 'set password', kind: 'command', elapsedMs: 2000, done: false },
      { type: 'progress', host: 'h1', what: 'set password', kind: 'command', elapsedMs: 2000, done: true },
    ]);
  });
});
