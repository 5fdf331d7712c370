/**
 * Opening one ssh2 connection: authentication (auth.ts), host key verification against
 * known_hosts (host-key.ts), keepalive, and connect errors mapped to user-facing messages.
 */
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { Client } from 'ssh2';
import { planAuth, type PassphraseHook } from './auth.js';
import { describeTarget, unreachable } from './errors.js';
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

/** A way to reach a host other than TCP: a forwarded channel through a jump host (bastion.ts). */
export interface Tunnel {
  /** "jump host NAME" for messages, e.g. "via jump host 10.213.22.11". */
  readonly label: string;
  /** A stream to `address:port` through the tunnel; rejects with UnreachableError naming `forHost`. */
  open(address: string, port: number, forHost: string): Promise<Duplex>;
}

/** How one connection is made and named: `as` 'jump host' for a bastion, `via` a tunnel to go through. */
export interface ClientRoute {
  as?: 'host' | 'jump host';
  via?: Tunnel;
}

const HOST_KEY_ALGOS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

/**
 * Connect and authenticate; resolves with a ready client, rejects with UnreachableError.
 * `onLost` is called if the ready connection closes later.
 */
export async function openClient(conn: HostConnection, opts: ConnectOptions, onLost: (client: Client) => void, route: ClientRoute = {}): Promise<Client> {
  let auth: Awaited<ReturnType<typeof planAuth>>;
  const naming = { as: route.as ?? 'host', ...(route.via ? { via: route.via.label } : {}) } as const;
  try {
    auth = await planAuth(conn, opts.passphraseHook, opts.env);
  } catch (e) {
    throw new UnreachableError(conn.name, `${describeTarget(conn, naming)}: ${(e as Error).message}`);
  }
  // Through a jump host: a forwarded channel of the bastion's one connection (docs/architecture.md §5.2).
  const sock = route.via ? await route.via.open(conn.address, conn.port, conn.name) : undefined;
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
      if (!ready) {
        sock?.destroy();
        reject(unreachable(conn, err, { hostKeyReason, authTried: auth.describe(), ...naming }));
      }
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
      ...(sock ? { sock } : {}),
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
