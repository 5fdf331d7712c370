/**
 * Creating a run log directory, one path component at a time. Node's `mkdirSync(…, {recursive})`
 * loops forever under /proc (mkdir there fails with ENOENT, which it retries) and reports a file
 * in the way only as a raw ENOTDIR; here either is a clear input error naming the directory.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors.js';

/** Makes `dir` (and its parents) or throws a UserError saying why it cannot be a log directory. */
export function makeLogDir(dir: string, what = 'the run log directory'): void {
  const full = resolve(dir);
  const missing: string[] = [];
  let at = full;
  for (;;) {
    const st = statOrNone(at);
    if (st) {
      if (!st.isDirectory()) throw bad(dir, what, `${at} is not a directory`);
      break;
    }
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  try {
    if (missing.length === 0) accessSync(full, constants.W_OK | constants.X_OK);
    for (const d of missing) mkdirSync(d);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw bad(dir, what, `${err.path ?? full}: ${REASONS[err.code ?? ''] ?? err.message}`);
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOENT: 'cannot be created there',
  ENOSPC: 'no space left on the device',
};

/** The path's stat, or undefined when it is missing or a parent is a file (ENOTDIR; the walk up finds it). */
function statOrNone(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw bad(path, 'the run log directory', (e as Error).message);
  }
}

function bad(dir: string, what: string, why: string): UserError {
  return new UserError(
    `cannot create ${what} ${dir}: ${why}; choose a writable directory (afo play: --log-dir, AFO_LOG_PATH or log_path in afo.cfg; deploy, expand and the cluster commands: the inventory's directory, where they write reports/)`,
  );
}
