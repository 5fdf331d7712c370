/**
 * SSH client authentication in OpenSSH's order: agent keys, then key files (the configured one,
 * else the default ~/.ssh/id_*), then keyboard-interactive and password when a password is set.
 * Keys are loaded (and decrypted) before connecting, so a bad key file is reported clearly.
 * Key files: the inventory's, else ~/.ssh/config's IdentityFiles, else ~/.ssh/id_*; a jump host
 * then tries its target's key file (docs/architecture.md §5.2).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import ssh2 from 'ssh2';
import type { AuthenticationType, AuthHandlerMiddleware, NextAuthHandler } from 'ssh2';
import type { HostConnection } from './settings.js';

/** Asks the user for a key passphrase (e.g. a terminal prompt); the CLI provides it. */
export type PassphraseHook = (keyFile: string) => Promise<string | undefined>;

export interface AuthPlan {
  /** ssh2 `authHandler`: tries the methods in order. */
  handler: AuthHandlerMiddleware;
  /** What was tried, for the failure message (no secrets). */
  tried: string[];
  describe(): string;
}

const DEFAULT_KEYS = ['id_rsa', 'id_ecdsa', 'id_ed25519'];

interface Attempt {
  label: string;
  method: AuthenticationType;
  make(username: string): unknown;
}

/** Load the keys and build the handler. Throws an Error with a user-facing message for a bad key file. */
export async function planAuth(conn: HostConnection, passphraseHook?: PassphraseHook, env: NodeJS.ProcessEnv = process.env): Promise<AuthPlan> {
  const attempts: Attempt[] = [];
  const agent = env.SSH_AUTH_SOCK;
  if (agent && existsSync(agent)) attempts.push({ label: 'ssh-agent', method: 'publickey', make: (username) => ({ type: 'agent', username, agent }) });
  // The inventory's key file only; else ~/.ssh/config's IdentityFiles that exist; else the defaults.
  const configured = conn.privateKeyFile
    ? [conn.privateKeyFile]
    : (conn.identityFiles ?? DEFAULT_KEYS.map((k) => `${homedir()}/.ssh/${k}`)).filter((f) => existsSync(f));
  const files = [...configured, ...(conn.fallbackKeyFiles ?? []).filter((f) => existsSync(f) && !configured.includes(f))];
  for (const file of files) {
    const key = await loadKey(file, conn, passphraseHook, env, conn.privateKeyFile === file);
    if (key)
      attempts.push({
        label: `key ${file}`,
        method: 'publickey',
        make: (username) => ({ type: 'publickey', username, key: key.data, passphrase: key.passphrase }),
      });
  }
  const password = conn.password;
  if (password !== undefined) {
    attempts.push({
      label: 'keyboard-interactive',
      method: 'keyboard-interactive',
      make: (username) => ({
        type: 'keyboard-interactive',
        username,
        // Answer only password prompts; anything else (an OTP) gets an empty answer and fails.
        prompt: (_n: string, _i: string, _l: string, prompts: { prompt: string }[], finish: (answers: string[]) => void) =>
          finish(prompts.map((p) => (/password/i.test(p.prompt) ? password : ''))),
      }),
    });
    attempts.push({ label: 'password', method: 'password', make: (username) => ({ type: 'password', username, password }) });
  }

  const tried: string[] = [];
  let next = 0;
  const handler: AuthHandlerMiddleware = (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, done: NextAuthHandler) => {
    while (next < attempts.length) {
      const a = attempts[next++]!;
      if (methodsLeft && !methodsLeft.includes(a.method)) continue;
      tried.push(a.label);
      return done(a.make(conn.user) as never);
    }
    return done(false as never);
  };
  return {
    handler,
    tried,
    describe: () => (attempts.length === 0 ? 'no key file, agent or password was configured' : `tried ${attempts.map((a) => a.label).join(', ')}`),
  };
}

async function loadKey(
  file: string,
  conn: HostConnection,
  hook: PassphraseHook | undefined,
  env: NodeJS.ProcessEnv,
  explicit: boolean,
): Promise<{ data: Buffer; passphrase?: string } | undefined> {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (e) {
    if (!explicit) return undefined;
    throw new Error(`cannot read the private key ${file} (ansible_ssh_private_key_file): ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const plain = ssh2.utils.parseKey(data);
  if (!(plain instanceof Error)) return { data };
  if (!/passphrase/i.test(plain.message)) {
    if (!explicit) return undefined;
    throw new Error(`${file} is not a private key ssh2 can read: ${plain.message}`);
  }
  const passphrase = conn.privateKeyPassphrase ?? env.AFO_SSH_KEY_PASSPHRASE ?? (hook ? await hook(file) : undefined);
  if (passphrase === undefined) {
    if (!explicit) return undefined;
    throw new Error(`the private key ${file} is encrypted: give its passphrase in AFO_SSH_KEY_PASSPHRASE or load it into ssh-agent`);
  }
  if (ssh2.utils.parseKey(data, passphrase) instanceof Error) throw new Error(`wrong passphrase for the private key ${file}`);
  return { data, passphrase };
}
