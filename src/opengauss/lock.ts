/**
 * The run lock (docs/architecture.md §7.1): one changing afo run per cluster at a time. A file on
 * the inventory's primary host, created atomically (the shell's noclobber is O_EXCL), holding one
 * line: who (login user @ control host), pid, start time and command. Taken after the read-only
 * preflight connected and before the first change; released by the run that holds it, whatever
 * its outcome. Read-only runs (status, --check) do not take it.
 */
import { hostname, userInfo } from 'node:os';
import { UserError } from '../errors.js';
import type { OpenedRun } from '../play/open.js';
import { shQuote } from '../text/shlex.js';

export const LOCK_FILE = '/var/lib/afo/cluster.lock';
const TAKEN = 'afo-lock-taken';
const HELD = 'afo-lock-held';

export interface LockOwner {
  /** login user @ control host */
  owner: string;
  pid: number;
  /** ISO time the run started */
  started: string;
  command: string;
}

/** This process as a lock owner. */
export function thisRun(command: string, now = new Date()): LockOwner {
  return { owner: `${userInfo().username}@${hostname()}`, pid: process.pid, started: now.toISOString(), command };
}

/** The lock file's one line. */
export function lockLine(o: LockOwner): string {
  return `owner=${o.owner} pid=${o.pid} started=${o.started} command=${o.command}`;
}

/** Reads a lock line back (undefined fields when the file was edited by hand). */
export function parseLockLine(line: string): Partial<LockOwner> {
  const f = Object.fromEntries([...line.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
  return {
    ...(f.owner ? { owner: f.owner } : {}),
    ...(f.pid && /^\d+$/.test(f.pid) ? { pid: Number(f.pid) } : {}),
    ...(f.started ? { started: f.started } : {}),
    ...(f.command ? { command: f.command } : {}),
  };
}

/** The shell script that takes the lock (after removing a stale one when `breakLock`). */
export function takeScript(line: string, breakLock: boolean, file = LOCK_FILE): string {
  const f = shQuote(file);
  return [
    `mkdir -p ${shQuote(file.replace(/\/[^/]+$/, ''))} || exit 1`,
    ...(breakLock ? [`rm -f ${f}`] : []),
    `if (set -C; printf '%s\\n' ${shQuote(line)} > ${f}) 2>/dev/null; then echo ${TAKEN}; else echo ${HELD}; cat ${f}; fi`,
  ].join('\n');
}

/** The script that removes the lock only when it is still this run's. */
export function releaseScript(line: string, file = LOCK_FILE): string {
  const f = shQuote(file);
  return `if grep -qxF -- ${shQuote(line)} ${f} 2>/dev/null; then rm -f ${f}; fi`;
}

/** The error a refused run prints (exit 3: nothing was changed). */
export function refusal(host: string, held: string, command: string, me: LockOwner): UserError {
  const h = parseLockLine(held);
  const sameMachine = h.owner !== undefined && h.owner.split('@')[1] === me.owner.split('@')[1];
  const stale = sameMachine && h.pid !== undefined && !pidAlive(h.pid);
  return new UserError(
    `another afo run holds the lock of this cluster; nothing was changed.\n` +
      `  lock: ${host}:${LOCK_FILE}\n` +
      `  held by ${h.owner ?? '?'}, pid ${h.pid ?? '?'}, since ${h.started ?? '?'}, running afo ${h.command ?? '?'}\n` +
      (stale
        ? `  pid ${h.pid} no longer runs on this machine: the lock is stale. Run afo ${command} again with --break-lock.`
        : `  Wait for that run to finish. If it is gone (its machine rebooted, the process was killed), run afo ${command} again with --break-lock.`),
    'preflight',
  );
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface HeldLock {
  host: string;
  /** Removes the lock when it is still this run's; returns a note when that was not possible. */
  release(): Promise<string | undefined>;
}

/** Takes the lock on `host` or throws the refusal naming its holder. */
export async function takeLock(run: OpenedRun, host: string, command: string, breakLock: boolean): Promise<HeldLock> {
  const me = thisRun(command);
  const line = lockLine(me);
  const r = await run.exec(host, takeScript(line, breakLock), { become: { user: 'root' } });
  const out = r.stdout.split('\n');
  if (r.exitCode !== 0 || !out.includes(TAKEN)) {
    if (out.includes(HELD))
      throw refusal(
        host,
        out
          .slice(out.indexOf(HELD) + 1)
          .join('\n')
          .trim(),
        command,
        me,
      );
    throw new UserError(`could not take the run lock ${host}:${LOCK_FILE} (exit ${r.exitCode}): ${r.stderr.trim()}`, 'preflight');
  }
  return {
    host,
    release: async () => {
      try {
        const x = await run.exec(host, releaseScript(line), { become: { user: 'root' } });
        return x.exitCode === 0 ? undefined : `the run lock ${host}:${LOCK_FILE} was not removed (exit ${x.exitCode}); the next run needs --break-lock`;
      } catch (e) {
        return `the run lock ${host}:${LOCK_FILE} was not removed (${e instanceof Error ? e.message : String(e)}); the next run needs --break-lock`;
      }
    },
  };
}
