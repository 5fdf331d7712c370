/**
 * Opening one ssh2 connection: authentication (auth.ts), host key verification against
 * known_hosts (host-key.ts), keepalive, and connect errors mapped to user-facing messages.
 */
import ssh2 from 'ssh2';
import type { Client } from 'ssh2';
import { planAuth, type PassphraseHook } from './auth.js';
import { target, unreachable } from './errors.js';
import { preferredHostKeyTypes, verifyHostKey, type HostKeyPolicy } from './host-key.js';
import type { HostConnection } from './settings.js';
import { UnreachableError } from './transport.js';

export interface ConnectOptions {
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  passphraseHook?: PassphraseHook;
  /** Record new host keys hashed; default from /etc/ssh/ssh_config. */
  hashKnownHosts?: boolean;
  env?: NodeJS.ProcessEnv;
}

const HOST_KEY_ALGOS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

/**
 * Connect and authenticate; resolves with a ready client, rejects with UnreachableError.
 * `onLost` is called if the ready connection closes later.
 */
export async function openClient(conn: HostConnection, opts: ConnectOptions, onLost: (client: Client) => void): Promise<Client> {
  let auth: Awaited<ReturnType<typeof planAuth>>;
  try {
    auth = await planAuth(conn, opts.passphraseHook, opts.env);
  } catch (e) {
    throw new UnreachableError(conn.name, `cannot connect to host ${conn.name} (${target(conn)}): ${(e as Error).message}`);
  }
  const policy: HostKeyPolicy = { file: conn.knownHostsFile, strict: conn.strictHostKeyChecking, hash: opts.hashKnownHosts };
  // Like OpenSSH: ask first for the key types already recorded, so a known host verifies. RSA
  // keys are recorded as ssh-rsa but signed with the rsa-sha2-* algorithms.
  const known = preferredHostKeyTypes(policy, conn.address, conn.port).flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t]));
  const algos = [...known.filter((k) => HOST_KEY_ALGOS.includes(k)), ...HOST_KEY_ALGOS.filter((k) => !known.includes(k))];
  let hostKeyReason: string | undefined;
  const client = new ssh2.Client();
  return new Promise<Client>((resolve, reject) => {
    let ready = false;
    const fail = (err: unknown) => {
      if (!ready) reject(unreachable(conn, err, { hostKeyReason, authTried: auth.describe() }));
    };
    client.once('ready', () => {
      ready = true;
      // Small request/response packets: Nagle + delayed ACKs would add ~40 ms per round trip.
      client.setNoDelay(true);
      client.once('close', () => onLost(client));
      resolve(client);
    });
    // After ready, errors (keepalive timeout, reset) end in 'close', handled above.
    client.on('error', fail);
    client.once('close', () => fail(new Error('the server closed the connection during the handshake')));
    client.connect({
      host: conn.address,
      port: conn.port,
      username: conn.user,
      readyTimeout: conn.connectTimeoutMs,
      keepaliveInterval: opts.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: opts.keepaliveCountMax ?? 3,
      authHandler: auth.handler,
      algorithms: { serverHostKey: algos as never },
      hostVerifier: (key: Buffer) => {
        const verdict = verifyHostKey(policy, conn.address, conn.port, key);
        if (!verdict.ok) hostKeyReason = verdict.reason;
        return verdict.ok;
      },
    });
  });
}
