/**
 * OpenSSH known_hosts: parsing, host matching (plain, `[host]:port`, comma lists, wildcards,
 * negations, hashed `|1|salt|hash`), key lookup and line formatting. Pure: no file access here
 * (see host-key.ts for the verifier that reads and appends the file).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { patternListMatches } from './ssh-pattern.js';

/** One key line of a known_hosts file. */
export interface KnownHostEntry {
  /** 1-based line number in the file (for messages such as "remove line N"). */
  line: number;
  marker?: 'revoked' | 'cert-authority';
  /** The host pattern field as written (comma list or one hashed name). */
  hosts: string;
  keyType: string;
  /** The key blob (SSH wire format), decoded from base64. */
  key: Buffer;
}

/** Parse known_hosts text. Comments, blank and malformed lines are skipped. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i]!.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) continue;
    let marker: KnownHostEntry['marker'];
    if (fields[0].startsWith('@')) {
      const m = fields.shift()!;
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else continue; // unknown marker: OpenSSH ignores the line too
    }
    const [hosts, keyType, b64] = fields;
    if (!hosts || !keyType || !b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) continue;
    const key = Buffer.from(b64, 'base64');
    // The blob starts with its own type name; a line whose blob disagrees is corrupt.
    if (keyTypeOf(key) !== keyType) continue;
    entries.push({ line: i + 1, ...(marker ? { marker } : {}), hosts, keyType, key });
  }
  return entries;
}

/** The name OpenSSH looks up for a host: `host` on port 22, else `[host]:port`. */
export function hostLookupName(address: string, port: number): string {
  // OpenSSH lowercases host names before matching or hashing them.
  const host = address.toLowerCase();
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Does the host field of a known_hosts line match this host? */
export function hostFieldMatches(hosts: string, address: string, port: number): boolean {
  const name = hostLookupName(address, port);
  if (hosts.startsWith('|1|')) return hashedMatches(hosts, name);
  // a negated match rejects the whole line
  return patternListMatches([hosts], name);
}

function hashedMatches(field: string, name: string): boolean {
  const parts = field.split('|'); // ['', '1', salt, hash]
  if (parts.length !== 4 || !parts[2] || !parts[3]) return false;
  const salt = Buffer.from(parts[2], 'base64');
  return createHmac('sha1', salt).update(name).digest('base64') === parts[3];
}

/** The key type name inside an SSH wire-format key blob (e.g. "ssh-ed25519"). */
export function keyTypeOf(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > blob.length) return undefined;
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** OpenSSH-style fingerprint: `SHA256:` + unpadded base64 of the blob's SHA-256. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export type HostKeyStatus =
  | { status: 'ok'; entry: KnownHostEntry }
  | { status: 'revoked'; entry: KnownHostEntry }
  /** The host is known, but with other keys of this type (or only other types): refuse. */
  | { status: 'changed'; entries: KnownHostEntry[] }
  | { status: 'unknown' };

/**
 * Check a server's key against parsed entries, as OpenSSH does: a revoked key is refused
 * wherever it appears; a line for this host with the same key accepts; lines for this host
 * with other keys mean the key changed. `@cert-authority` lines are not used (afo does not do
 * host certificates), so a host known only through a CA is "unknown".
 */
export function checkHostKey(entries: readonly KnownHostEntry[], address: string, port: number, key: Buffer): HostKeyStatus {
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', entry: revoked };
  const forHost = entries.filter((e) => e.marker === undefined && hostFieldMatches(e.hosts, address, port));
  const same = forHost.find((e) => e.key.equals(key));
  if (same) return { status: 'ok', entry: same };
  if (forHost.length > 0) {
    const type = keyTypeOf(key);
    const sameType = forHost.filter((e) => e.keyType === type);
    return { status: 'changed', entries: sameType.length > 0 ? sameType : forHost };
  }
  return { status: 'unknown' };
}

/** Key types recorded for a host, so the client can prefer them (as OpenSSH orders host key algorithms). */
export function knownKeyTypes(entries: readonly KnownHostEntry[], address: string, port: number): string[] {
  const types = entries.filter((e) => e.marker === undefined && hostFieldMatches(e.hosts, address, port)).map((e) => e.keyType);
  return [...new Set(types)];
}

/** A known_hosts line for a new key, hashed (`|1|salt|hash`, like `HashKnownHosts yes`) or plain. */
export function formatKnownHostsLine(address: string, port: number, key: Buffer, hashed: boolean, salt: Buffer = randomBytes(20)): string {
  const name = hostLookupName(address, port);
  const field = hashed ? `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}` : name;
  return `${field} ${keyTypeOf(key) ?? 'unknown'} ${key.toString('base64')}`;
}
