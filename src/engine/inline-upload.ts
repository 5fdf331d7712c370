/**
 * A small file placed by a shell command instead of SFTP: its bytes travel base64-encoded inside
 * the script, are written to a temp file beside the target and moved into place with the same
 * placement script SFTP uploads use (owner/mode, kept from an existing file when not given, atomic
 * rename). As an exec it can share the task's round trip with its other changes and carry the fact
 * refresh (apply.ts), where an SFTP upload costs a channel of its own, several SFTP exchanges and
 * the next task another round trip for facts. Only files up to INLINE_MAX bytes, so a script
 * (with its fact batch) stays far below the kernel's 128 KiB limit for one argument.
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { shQuote } from '../text/shlex.js';
import { placeScript } from '../connection/upload.js';
import type { ExecChange, UploadChange } from '../tasks/module.js';

export const INLINE_MAX = 16 * 1024;

/** Exit code of the script when the target's directory is missing (as SFTP uploads report it). */
const PARENT_MISSING = 3;

export interface InlineUpload {
  change: ExecChange;
  /** What logs show instead of the script: the content never appears, even encoded. */
  display: string;
}

export function inlineUpload(c: UploadChange): InlineUpload {
  const dir = posix.dirname(c.dest);
  const tmp = posix.join(dir, `.${posix.basename(c.dest)}.afo-${randomBytes(6).toString('hex')}`);
  const command = [
    `[ -d ${shQuote(dir)} ] || { printf '%s\\n' ${shQuote(`parent directory ${dir} does not exist; create it first (a file task with state: directory)`)} >&2; exit ${PARENT_MISSING}; }`,
    `(umask 077; printf '%s' '${c.content.toString('base64')}' | base64 -d > ${shQuote(tmp)}) || { rm -f ${shQuote(tmp)}; exit 1; }`,
    placeScript({ tmp, dest: c.dest, mode: c.mode, owner: c.owner, group: c.group, copy: false }),
  ].join('\n');
  const display = `upload ${c.dest} (${c.content.length} bytes${c.mode ? `, mode ${c.mode}` : ''}, inline)`;
  return { change: { kind: 'exec', description: c.description, command }, display };
}
