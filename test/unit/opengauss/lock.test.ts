/**
 * The run lock's scripts, run by /bin/sh on a file under a temporary directory (the host runs the
 * same scripts on /var/lib/afo/cluster.lock): the first taker wins, a second is told who holds it,
 * --break-lock replaces it, and a run only ever removes its own lock. The refusal names the holder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { lockLine, parseLockLine, refusal, releaseScript, takeScript, thisRun } from '../../../src/opengauss/lock.js';

const sh = (script: string) => execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
const a = lockLine({ owner: 'dba@ctl1', pid: 4242, started: '2026-12-05T10:00:00.000Z', command: 'deploy' });
const b = lockLine({ owner: 'ops@ctl2', pid: 77, started: '2026-12-05T10:01:00.000Z', command: 'expand' });

describe('run lock scripts', () => {
  it('the first run takes it; a second is refused and shown the holder; the holder releases it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'afo-lock-')), 'sub', 'cluster.lock');
    expect(sh(takeScript(a, false, file)).trim()).toBe('afo-lock-taken');
    expect(readFileSync(file, 'utf8')).toBe(`${a}\n`);
    expect(
      sh(takeScript(b, false, file))
        .trim()
        .split('\n'),
    ).toEqual(['afo-lock-held', a]);
    sh(releaseScript(b, file)); // not b's lock: stays
    expect(readFileSync(file, 'utf8')).toBe(`${a}\n`);
    sh(releaseScript(a, file));
    expect(existsSync(file)).toBe(false);
    expect(sh(takeScript(b, false, file)).trim()).toBe('afo-lock-taken');
  });

  it('--break-lock replaces a held lock', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'afo-lock-')), 'cluster.lock');
    sh(takeScript(a, false, file));
    expect(sh(takeScript(b, true, file)).trim()).toBe('afo-lock-taken');
    expect(readFileSync(file, 'utf8')).toBe(`${b}\n`);
  });
});

describe('lock line and refusal', () => {
  it('round-trips owner, pid, start time and command', () => {
    expect(parseLockLine(a)).toEqual({ owner: 'dba@ctl1', pid: 4242, started: '2026-12-05T10:00:00.000Z', command: 'deploy' });
  });

  it('a refusal names the host, the file, the holder and --break-lock (exit kind preflight)', () => {
    const e = refusal('db1', a, 'deploy', thisRun('deploy'));
    expect(e).toBeInstanceOf(UserError);
    expect(e.kind).toBe('preflight');
    expect(e.message).toContain('db1:/var/lib/afo/cluster.lock');
    expect(e.message).toContain('held by dba@ctl1, pid 4242, since 2026-12-05T10:00:00.000Z, running afo deploy');
    expect(e.message).toContain('--break-lock');
  });

  it('a lock of a dead process on this machine is called stale', () => {
    const me = thisRun('deploy');
    const dead = lockLine({ ...me, pid: 2 ** 22 + 1 });
    expect(refusal('db1', dead, 'deploy', me).message).toMatch(/no longer runs on this machine: the lock is stale/);
    const alive = lockLine({ ...me, pid: process.pid });
    expect(refusal('db1', alive, 'deploy', me).message).toMatch(/Wait for that run to finish/);
  });
});
