/**
 * How progress events look: the text (bytes, rate, elapsed, last line), the plain lines without a
 * TTY (one per step per 10 s at most, printed at once, a done line), and the listr2 view drawn on
 * a fake terminal (a host row's title follows the progress; a download gets its own row).
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { EngineEvent, ProgressEvent, TaskRef } from '../../../src/engine/events.js';
import { ListrView } from '../../../src/report/listr-view.js';
import { plainRenderer } from '../../../src/report/plain.js';
import { formatBytes, formatElapsed, progressText } from '../../../src/report/progress-text.js';

const task: TaskRef = {
  id: 7,
  name: 'package on the primary',
  module: 'copy',
  file: 'roles/opengauss/tasks/package.yml',
  line: 13,
  handler: false,
  hidden: false,
};
const up = (elapsedMs: number, bytes: number, done = false): ProgressEvent => ({
  type: 'progress',
  task,
  host: 'h1',
  kind: 'upload',
  what: '/opt/pkg.tar.gz',
  elapsedMs,
  bytes,
  total: 100 << 20,
  rate: Math.round((bytes * 1000) / elapsedMs),
  done,
});
const om = (elapsedMs: number, lastLine: string, done = false): ProgressEvent => ({
  type: 'progress',
  task,
  host: 'h2',
  kind: 'command',
  what: 'gs_install',
  elapsedMs,
  lastLine,
  done,
});

describe('progress text', () => {
  it('formats bytes, elapsed time, transfers and commands', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(5 * 2 ** 30)]).toEqual(['512 B', '1.5 KiB', '5.0 GiB']);
    expect([formatElapsed(9400), formatElapsed(65_000), formatElapsed(3_720_000)]).toEqual(['9s', '1m05s', '1h02m']);
    expect(progressText(up(4000, 40 << 20))).toBe('upload /opt/pkg.tar.gz: 40.0 MiB of 100.0 MiB (40%), 10.0 MiB/s');
    expect(progressText(up(10_000, 100 << 20, true))).toBe('upload /opt/pkg.tar.gz: 100.0 MiB in 10s (10.0 MiB/s)');
    expect(progressText(om(95_000, 'Starting cluster.'))).toBe('gs_install: running 1m35s — Starting cluster.');
    expect(progressText(om(95_000, 'x', true))).toBe('gs_install: finished after 1m35s');
  });
});

describe('plain progress lines', () => {
  it('prints at most one line per step per 10 s, at once (not buffered with the task), and a done line', () => {
    const lines: string[] = [];
    const sink = plainRenderer((l) => lines.push(l));
    sink({ type: 'task-start', task, hosts: ['h1', 'h2'] });
    for (let s = 2; s <= 25; s++) sink(up(s * 1000, s << 20));
    sink(up(25_000, 25 << 20, true));
    sink(om(2000, 'Parsing'));
    sink(om(3000, 'Checking'));
    sink(om(3000, 'Checking', true));
    expect(lines).toEqual([
      '  progress: [h1] upload /opt/pkg.tar.gz: 2.0 MiB of 100.0 MiB (2%), 1.0 MiB/s',
      '  progress: [h1] upload /opt/pkg.tar.gz: 12.0 MiB of 100.0 MiB (12%), 1.0 MiB/s',
      '  progress: [h1] upload /opt/pkg.tar.gz: 22.0 MiB of 100.0 MiB (22%), 1.0 MiB/s',
      '  done: [h1] upload /opt/pkg.tar.gz: 25.0 MiB in 25s (1.0 MiB/s)',
      '  progress: [h2] gs_install: running 2s — Parsing',
      '  done: [h2] gs_install: finished after 3s',
    ]);
  });

  it('a done event of a step that printed nothing prints nothing', () => {
    const lines: string[] = [];
    plainRenderer((l) => lines.push(l))(om(2500, 'x', true));
    expect(lines).toEqual([]);
  });
});

/** A stream that says it is a terminal and keeps what is drawn on it. */
function fakeTty(): { stream: NodeJS.WriteStream; text: () => string } {
  let out = '';
  const w = new Writable({
    write(chunk, _enc, cb) {
      out += chunk.toString();
      cb();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(w, { isTTY: true, columns: 160, rows: 40, getWindowSize: () => [160, 40], hasColors: () => false });
  return { stream: w, text: () => out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '') };
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
}

describe('listr2 view on a terminal', () => {
  it("retitles the host's row with its progress, and draws a download as a row of its own", async () => {
    const tty = fakeTty();
    const out: string[] = [];
    const view = new ListrView((t) => out.push(t), 'default', tty.stream);
    const sink = view.sink();
    const download: ProgressEvent = {
      type: 'progress',
      host: 'localhost',
      kind: 'download',
      what: 'https://mirror/pkg.tar.gz',
      elapsedMs: 3000,
      bytes: 30 << 20,
      total: 60 << 20,
      rate: 10 << 20,
      done: false,
    };
    sink(download);
    await until(() => tty.text().includes('download https://mirror/pkg.tar.gz: 30.0 MiB of 60.0 MiB (50%), 10.0 MiB/s'));
    sink({ ...download, elapsedMs: 6000, bytes: 60 << 20, done: true });
    const events: EngineEvent[] = [
      { type: 'run-start', role: 'opengauss', hosts: ['h1'], check: false, time: '' },
      { type: 'task-start', task, hosts: ['h1'] },
      up(4000, 40 << 20),
    ];
    for (const e of events) sink(e);
    await until(() => tty.text().includes('h1: upload /opt/pkg.tar.gz: 40.0 MiB of 100.0 MiB (40%)'));
    sink(up(8000, 80 << 20));
    await until(() => tty.text().includes('h1: upload /opt/pkg.tar.gz: 80.0 MiB of 100.0 MiB (80%)'));
    sink({ type: 'host-task-end', task, host: 'h1', status: 'changed', check: false, ignored: false, changes: 1, durationMs: 9000 });
    sink({ type: 'task-end', task, counts: { ok: 0, changed: 1, failed: 0, skipped: 0, unreachable: 0 } });
    await view.close();
    const text = tty.text();
    expect(text).toContain('download https://mirror/pkg.tar.gz: 30.0 MiB of 60.0 MiB (50%), 10.0 MiB/s');
    expect(text).toContain('download https://mirror/pkg.tar.gz: 60.0 MiB in 6s (10.0 MiB/s)');
    expect(text).toContain('h1: upload /opt/pkg.tar.gz: 40.0 MiB of 100.0 MiB (40%), 10.0 MiB/s');
    expect(text).toContain('h1: upload /opt/pkg.tar.gz: 80.0 MiB of 100.0 MiB (80%), 10.0 MiB/s');
    expect(text).toContain('h1: changed');
  });
});
