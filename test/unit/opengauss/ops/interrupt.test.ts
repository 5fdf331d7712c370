/**
 * Ctrl-C during afo switchover / scale-in (docs/architecture.md §7.2): the ops session is wired
 * to the abort signal like deploy's: the run stops starting tasks, and the session's next step
 * throws "interrupted at HOST: task" (kind interrupted, exit 130) instead of carrying on.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../../../src/cli/exit-code.js';
import type { Transport } from '../../../../src/connection/transport.js';
import { UserError } from '../../../../src/errors.js';
import { openOps } from '../../../../src/opengauss/ops/session.js';
import { FakeHost } from '../../engine/fake-transport.js';

function inventory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'afo-ops-int-'));
  writeFileSync(join(dir, 'hosts.ini'), '[opengauss_primary]\n127.0.0.2\n[opengauss_standby]\n127.0.0.3\n');
  return join(dir, 'hosts.ini');
}

describe('ops session and Ctrl-C', () => {
  it('aborted while a step runs: no further command starts, the step ends "interrupted at …" (exit 130), and so does every later step', async () => {
    const ctrl = new AbortController();
    let execs = 0;
    let afterAbort = 0;
    const s = await openOps({
      inventory: inventory(),
      extraVars: {},
      signal: ctrl.signal,
      connect: async (c) => {
        const t = new FakeHost(c.name).transport();
        const wrapped: Transport = Object.create(t);
        wrapped.exec = async (cmd, opts) => {
          execs++;
          if (ctrl.signal.aborted) afterAbort++;
          ctrl.abort(); // Ctrl-C while the first command runs
          return t.exec(cmd, opts);
        };
        return wrapped;
      },
    });
    try {
      const e = await s.tag('probe', ['127.0.0.2']).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).kind).toBe('interrupted');
      expect(exitCodeFor(e as UserError)).toBe(130);
      expect((e as UserError).message).toMatch(/^interrupted (at 127\.0\.0\.2: task '[^']+'|between tasks)\.\nNo new task was started/);
      expect(execs).toBe(1);
      const later = await s.tag('replication', ['127.0.0.2', '127.0.0.3']).catch((x: unknown) => x);
      expect((later as UserError).kind).toBe('interrupted');
      expect(execs).toBe(1);
      expect(afterAbort).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('without an abort the same step runs to its end', async () => {
    const s = await openOps({
      inventory: inventory(),
      extraVars: {},
      signal: new AbortController().signal,
      connect: async (c) => new FakeHost(c.name).transport(),
    });
    try {
      const r = await s.tag('probe', ['127.0.0.2']);
      expect(Object.keys(r.hosts)).toEqual(['127.0.0.2']);
    } finally {
      await s.close();
    }
  });
});
