/**
 * Vault passwords from files, as Ansible reads them (docs/architecture.md §8): a plain file's
 * content without surrounding whitespace; an executable file is run and its standard output is
 * the password (a `*-client` script gets `--vault-id <id>`). An empty password is refused.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { basename, extname } from 'node:path';
import { UserError } from '../errors.js';
import type { VaultSecret } from './vault.js';

/** `label@source` or `source` (`--vault-id`); the label is `default` when none is given. */
export function parseVaultId(spec: string): { id: string; source: string } {
  const at = spec.indexOf('@');
  if (at < 0) return { id: 'default', source: spec };
  const id = spec.slice(0, at);
  const source = spec.slice(at + 1);
  if (!id || !source) throw new UserError(`--vault-id '${spec}': expected LABEL@FILE, LABEL@prompt or FILE`);
  return { id, source };
}

function isClientScript(path: string): boolean {
  const name = basename(path, extname(path));
  return name.endsWith('-client');
}

/** Reads (or runs) the password file `path`; `flag` names where it was given, for messages. */
export function readPasswordFile(path: string, flag: string, id = 'default'): VaultSecret {
  let st: Stats;
  try {
    st = statSync(path);
  } catch {
    throw new UserError(`${flag} ${path}: the vault password file was not found`);
  }
  if (!st.isFile()) throw new UserError(`${flag} ${path}: is not a file`);
  let password: Buffer;
  if ((st.mode & 0o111) !== 0) {
    const args = isClientScript(path) && id !== 'default' ? ['--vault-id', id] : [];
    try {
      // stderr and stdin stay the terminal's, so the script may ask for the password itself.
      password = execFileSync(path, args, { stdio: ['inherit', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { status?: number | null };
      const why = err.status != null ? `exited with ${err.status}` : (err.code ?? 'failed');
      throw new UserError(
        `${flag} ${path}: the vault password script ${why} (an executable file is run and its output is the password; remove the executable bit for a plain password file)`,
      );
    }
    password = stripEol(password);
  } else {
    try {
      password = stripEol(trim(readFileSync(path)));
    } catch (e) {
      throw new UserError(`${flag} ${path}: cannot read the vault password file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (password.length === 0) throw new UserError(`${flag} ${path}: the vault password is empty`);
  return { id, password, source: `${flag} ${path}` };
}

/** Python's bytes.strip(): ASCII whitespace only. */
function trim(b: Buffer): Buffer {
  return Buffer.from(b.toString('latin1').replace(/^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g, ''), 'latin1');
}

function stripEol(b: Buffer): Buffer {
  return Buffer.from(b.toString('latin1').replace(/^[\r\n]+|[\r\n]+$/g, ''), 'latin1');
}
