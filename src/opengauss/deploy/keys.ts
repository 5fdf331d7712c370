/**
 * SSH key pairs afo keeps beside the secrets file (0600, generated once, reused): one for the
 * database user's trust between nodes (stays on the hosts, OM needs it), one for root's trust
 * (placed for a run that calls OM, removed at its end). And the OS user's password hash.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { sha512Crypt } from '../../text/sha-crypt.js';

export interface KeyPair {
  privateKey: string;
  publicKey: string;
  path: string;
}

/**
 * The key pair `name` in `credentialsDir`, created there when missing. `write: false` (--check
 * writes nothing beside the inventory): a missing pair is made in a temporary directory that is
 * removed at once, so the plan shows the keys' tasks without keeping them.
 */
export async function ensureKeyPair(credentialsDir: string, name: string, comment: string, write = true): Promise<KeyPair> {
  const path = join(credentialsDir, name);
  if (existsSync(path)) return read(path);
  if (!write) {
    const tmp = mkdtempSync(join(tmpdir(), 'afo-check-key-'));
    try {
      return { ...read(keygen(join(tmp, name), comment)), path };
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  await mkdir(credentialsDir, { recursive: true, mode: 0o700 });
  return read(keygen(path, comment));
}

function keygen(path: string, comment: string): string {
  try {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new UserError(`cannot create an SSH key with ssh-keygen (${(e as Error).message.split('\n')[0]}); install openssh-client`);
  }
  return path;
}

function read(path: string): KeyPair {
  return { path, privateKey: readFileSync(path, 'utf8'), publicKey: readFileSync(`${path}.pub`, 'utf8').trim() };
}

/** SHA-512 crypt hash of a password, computed in-process (no openssl, no password in any argv or pipe). */
export function passwordHash(password: string): string {
  return sha512Crypt(password);
}
