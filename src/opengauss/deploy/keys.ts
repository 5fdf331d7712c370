/**
 * SSH key pairs afo keeps beside the secrets file (0600, generated once, reused): one for the
 * database user's trust between nodes (stays on the hosts, OM needs it), one for root's trust
 * (placed for a run that calls OM, removed at its end). And the OS user's password hash.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { sha512Crypt } from '../../text/sha-crypt.js';

export interface KeyPair {
  privateKey: string;
  publicKey: string;
  path: string;
}

export async function ensureKeyPair(credentialsDir: string, name: string, comment: string): Promise<KeyPair> {
  await mkdir(credentialsDir, { recursive: true, mode: 0o700 });
  const path = join(credentialsDir, name);
  if (!existsSync(path)) {
    try {
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      throw new UserError(`cannot create an SSH key with ssh-keygen (${(e as Error).message.split('\n')[0]}); install openssh-client`);
    }
  }
  return { path, privateKey: readFileSync(path, 'utf8'), publicKey: readFileSync(`${path}.pub`, 'utf8').trim() };
}

/** SHA-512 crypt hash of a password, computed in-process (no openssl, no password in any argv or pipe). */
export function passwordHash(password: string): string {
  return sha512Crypt(password);
}
