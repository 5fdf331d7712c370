/**
 * User-facing connection errors. Each message names the host, user@address:port, the cause and
 * what to check, so the CLI can print it as it is.
 */
import { UnreachableError } from './transport.js';
import type { HostConnection } from './settings.js';

/** sudo refused the become password, or asked for one that was not given. */
export class BecomeError extends UnreachableError {
  constructor(host: string, message: string) {
    super(host, message);
    this.name = 'BecomeError';
  }
}

/** An upload or download failed (missing parent directory, permissions, unknown owner). */
export class TransferError extends Error {
  constructor(
    readonly host: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransferError';
  }
}

export function target(conn: HostConnection): string {
  return `${conn.user}@${conn.address}:${conn.port}`;
}

/** How a connect failure names what failed: a host or a jump host, and the bastion it went through. */
export interface TargetNaming {
  as?: 'host' | 'jump host';
  /** e.g. "jump host 10.213.22.11". */
  via?: string;
}

/** "cannot connect to host db1 (root@10.0.0.5:22) via jump host b" / "cannot connect to jump host b (u@b:22)". */
export function describeTarget(conn: HostConnection, n: TargetNaming = {}): string {
  return `cannot connect to ${n.as ?? 'host'} ${conn.name} (${target(conn)})${n.via ? ` via ${n.via}` : ''}`;
}

/** Map an ssh2/socket connect error to an UnreachableError with a cause and a hint. */
export function unreachable(conn: HostConnection, err: unknown, extra: { hostKeyReason?: string; authTried?: string } & TargetNaming): UnreachableError {
  const e = err as NodeJS.ErrnoException & { level?: string };
  const msg = e?.message ?? String(err);
  const where = describeTarget(conn, extra);
  let cause: string;
  if (extra.hostKeyReason) cause = extra.hostKeyReason;
  else if (e?.level === 'client-authentication' || /authentication methods failed/i.test(msg)) {
    cause =
      `authentication failed (${extra.authTried ?? 'no method'}). Check ansible_user, ansible_ssh_private_key_file ` +
      `or ansible_password, and that the key is in ~${conn.user}/.ssh/authorized_keys on the host.`;
  } else if (e?.code === 'ECONNREFUSED') cause = `connection refused: is sshd running and listening on port ${conn.port}?`;
  else if (e?.code === 'EHOSTUNREACH' || e?.code === 'ENETUNREACH') cause = `no route to ${conn.address}: check the address (ansible_host) and the network.`;
  else if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') cause = `cannot resolve ${conn.address}: check ansible_host or DNS.`;
  else if (e?.level === 'client-timeout' || /timed out/i.test(msg) || e?.code === 'ETIMEDOUT') {
    cause = `no SSH answer within ${Math.round(conn.connectTimeoutMs / 1000)} s: check that the host is up, the address and port, and firewalls.`;
  } else cause = `${msg}. Check that the host is up and sshd is reachable on port ${conn.port}.`;
  return new UnreachableError(conn.name, `${where}: ${cause}`);
}
