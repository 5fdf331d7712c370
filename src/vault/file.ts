/**
 * Files for `afo vault` (docs/architecture.md §8): read whole, written atomically (a temp file
 * beside the target, then rename) with the target's mode kept, or 0600 for a new file.
 */
import { chmodSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';

/** A file's bytes. @throws UserError naming the file when it cannot be read. */
export function readVaultInput(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UserError(`${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'}); check the path`);
  }
}

/** Replaces `path` with `data` in one step; the mode stays the old file's (0600 for a new file). */
export function writeFileKeepingMode(path: string, data: Buffer | string): void {
  let mode = 0o600;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    // a new file: private by default, as ansible-vault creates it
  }
  const tmp = `${path}.afo-${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UserError(`${path}: cannot write the file (${(e as NodeJS.ErrnoException).code ?? 'error'}); nothing was changed`);
  }
}
