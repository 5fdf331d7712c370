/**
 * Atomic file placement. The bytes go over SFTP as the login user into a temp file (beside the
 * target when the login user writes the target itself, else in /tmp), then into place by a
 * rename: SFTP posix-rename, or `sudo install` to a temp name beside the target plus `mv`, so a
 * reader never sees a half-written file. Owner and mode are applied before the rename.
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { SFTPWrapper } from 'ssh2';
import { TransferError } from './errors.js';
import { shQuote } from '../text/shlex.js';
import type { RawResult } from './session.js';
import type { ExecOptions, ExecResult, UploadOptions } from './transport.js';

/** What uploads need from a transport. */
export interface FileOps {
  host: string;
  loginUser: string;
  exec(cmd: string, opts?: ExecOptions): Promise<ExecResult>;
  execRaw(cmd: string, opts?: ExecOptions): Promise<RawResult>;
  withSftp<T>(fn: (sftp: SFTPWrapper) => Promise<T>): Promise<T>;
}

/** A command printing the file's sha256 (64 hex characters), or nothing when it does not exist. For planners' fact reads. */
export function sha256Command(path: string): string {
  return `sha256sum -- ${shQuote(path)} 2>/dev/null | cut -c1-64`;
}

const PARENT_MISSING = 3;

/** Shell that moves `tmp` into `dest` with owner/mode (kept from an existing `dest` when not given). */
export function placeScript(p: { tmp: string; dest: string; mode?: string; owner?: string; group?: string; copy: boolean }): string {
  const dir = posix.dirname(p.dest);
  const next = posix.join(dir, `.${posix.basename(p.dest)}.afo-${randomBytes(4).toString('hex')}`);
  return [
    `tmp=${shQuote(p.tmp)}; dest=${shQuote(p.dest)}; new=${shQuote(p.copy ? next : p.tmp)}`,
    `trap 'rm -f "$tmp" "$new"' EXIT`,
    `[ -d ${shQuote(dir)} ] || { printf '%s\\n' ${shQuote(`parent directory ${dir} does not exist`)} >&2; exit ${PARENT_MISSING}; }`,
    `mode=${shQuote(p.mode ?? '')}; owner=${shQuote(p.owner ?? '')}; group=${shQuote(p.group ?? '')}`,
    `if [ -e "$dest" ]; then [ -n "$mode" ] || mode=$(stat -c %a "$dest"); [ -n "$owner" ] || owner=$(stat -c %u "$dest"); [ -n "$group" ] || group=$(stat -c %g "$dest"); fi`,
    p.copy
      ? `install -m "\${mode:-0644}" \${owner:+-o "$owner"} \${group:+-g "$group"} "$tmp" "$new" || exit 1`
      : `{ [ -z "$owner$group" ] || chown "$owner\${group:+:$group}" "$new"; } && chmod "\${mode:-0644}" "$new" || exit 1`,
    `mv -f "$new" "$dest" || exit 1`,
  ].join('\n');
}

export async function uploadFile(ops: FileOps, content: Buffer, dest: string, opts: UploadOptions): Promise<void> {
  if (!posix.isAbsolute(dest)) throw new TransferError(ops.host, `upload to ${ops.host}: destination ${dest} must be an absolute path`);
  const viaSudo = opts.become === true && ops.loginUser !== 'root';
  const rand = randomBytes(6).toString('hex');
  const tmp = viaSudo ? `/tmp/afo-upload-${rand}` : posix.join(posix.dirname(dest), `.${posix.basename(dest)}.afo-${rand}`);
  // Owner names need the remote's user database: only the shell can apply them.
  const simple = !viaSudo && opts.owner === undefined && opts.group === undefined;
  await ops.withSftp(async (sftp) => {
    if (opts.onProgress) await writeWithProgress(sftp, ops.host, tmp, dest, content, opts.onProgress);
    else await sftpCall(ops.host, dest, (cb) => sftp.writeFile(tmp, content, { mode: 0o600 }, cb));
    if (!simple) return;
    try {
      const old = await new Promise<{ mode: number; uid: number; gid: number } | undefined>((r) => sftp.stat(dest, (e, st) => r(e ? undefined : st)));
      const mode = opts.mode !== undefined ? parseInt(opts.mode, 8) : old ? old.mode & 0o7777 : 0o644;
      await sftpCall(ops.host, dest, (cb) => sftp.chmod(tmp, mode, cb));
      if (old && ops.loginUser === 'root') await sftpCall(ops.host, dest, (cb) => sftp.chown(tmp, old.uid, old.gid, cb));
      await sftpCall(ops.host, dest, (cb) => sftp.ext_openssh_rename(tmp, dest, cb));
    } catch (e) {
      sftp.unlink(tmp, () => undefined);
      throw e;
    }
  });
  if (simple) return;
  const r = await ops.exec(placeScript({ tmp, dest, mode: opts.mode, owner: opts.owner, group: opts.group, copy: viaSudo }), viaSudo ? { become: {} } : {});
  if (r.exitCode === PARENT_MISSING)
    throw new TransferError(
      ops.host,
      `upload to ${ops.host}:${dest}: the parent directory does not exist; create it first (a file task with state: directory).`,
    );
  if (r.exitCode !== 0) throw new TransferError(ops.host, `upload to ${ops.host}:${dest} failed: ${r.stderr.trim() || `exit code ${r.exitCode}`}`);
}

export async function downloadFile(ops: FileOps, path: string, opts: { become?: boolean }): Promise<Buffer> {
  if (opts.become && ops.loginUser !== 'root') {
    const r = await ops.execRaw(`cat -- ${shQuote(path)}`, { become: {} });
    if (r.exitCode !== 0)
      throw new TransferError(ops.host, `reading ${ops.host}:${path} failed: ${r.stderr.toString('utf8').trim() || `exit code ${r.exitCode}`}`);
    return r.stdout;
  }
  return ops.withSftp((sftp) => sftpCall(ops.host, path, (cb) => sftp.readFile(path, cb)));
}

/** Bytes per SFTP write call when progress is reported (ssh2 pipelines the packets of one call). */
export const PROGRESS_CHUNK = 1024 * 1024;

/** Writes `content` to `tmp` in PROGRESS_CHUNK pieces, reporting the bytes written after each. */
async function writeWithProgress(
  sftp: SFTPWrapper,
  host: string,
  tmp: string,
  dest: string,
  content: Buffer,
  onProgress: (bytes: number) => void,
): Promise<void> {
  const handle = await sftpCall<Buffer>(host, dest, (cb) => sftp.open(tmp, 'w', { mode: 0o600 }, cb));
  try {
    for (let at = 0; at < content.length; at += PROGRESS_CHUNK) {
      const len = Math.min(PROGRESS_CHUNK, content.length - at);
      await sftpCall(host, dest, (cb) => sftp.write(handle, content, at, len, at, cb));
      onProgress(at + len);
    }
    if (content.length === 0) onProgress(0);
  } finally {
    await sftpCall(host, dest, (cb) => sftp.close(handle, cb));
  }
}

/** Run one SFTP call; map its status codes to messages a user can act on. */
function sftpCall<T = void>(host: string, path: string, call: (cb: (err: Error | null | undefined, v?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) =>
    call((err, v) => {
      if (!err) return resolve(v as T);
      const code = (err as Error & { code?: number }).code;
      const dir = posix.dirname(path);
      const msg =
        code === 2
          ? `${host}:${path}: no such file, or the parent directory ${dir} does not exist; create it first (a file task with state: directory).`
          : code === 3
            ? `${host}:${path}: permission denied for the login user; use become, or a directory the login user may write.`
            : `${host}:${path}: ${err.message}`;
      reject(new TransferError(host, msg));
    }),
  );
}
