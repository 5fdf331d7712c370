/**
 * Host key verification against a known_hosts file, for ssh2's `hostVerifier`. A matching key
 * is accepted; a changed or revoked key is always refused; an unknown key is refused unless the
 * user opted in, in which case it is appended to the file (as `ssh -o StrictHostKeyChecking=accept-new`).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { checkHostKey, fingerprint, formatKnownHostsLine, hostLookupName, keyTypeOf, knownKeyTypes, parseKnownHosts } from './known-hosts.js';
import type { StrictHostKeyChecking } from './settings.js';

export interface HostKeyPolicy {
  /** known_hosts file; default ~/.ssh/known_hosts. */
  file?: string;
  strict: StrictHostKeyChecking;
  /** Record new keys hashed (`HashKnownHosts yes`); default: what /etc/ssh/ssh_config says. */
  hash?: boolean;
}

/** The result of one verification: accepted, or refused with a user-facing reason. */
export type HostKeyVerdict = { ok: true; recorded: boolean } | { ok: false; reason: string };

export function defaultKnownHostsFile(): string {
  return `${homedir()}/.ssh/known_hosts`;
}

/** `HashKnownHosts yes` in the system ssh_config (Debian ships it), so new lines look like OpenSSH's own. */
export function systemHashKnownHosts(configFile = '/etc/ssh/ssh_config'): boolean {
  try {
    return /^\s*HashKnownHosts\s+yes\b/im.test(readFileSync(configFile, 'utf8'));
  } catch {
    return false;
  }
}

function readEntries(file: string) {
  return existsSync(file) ? parseKnownHosts(readFileSync(file, 'utf8')) : [];
}

/** Key types known for the host, to put first in the host key algorithm list. */
export function preferredHostKeyTypes(policy: HostKeyPolicy, address: string, port: number): string[] {
  return knownKeyTypes(readEntries(policy.file ?? defaultKnownHostsFile()), address, port);
}

/**
 * Verify `key` (SSH wire blob) for `address:port` under `policy`. Re-reads the file each time,
 * so keys recorded for other hosts earlier in the run are seen.
 */
export function verifyHostKey(policy: HostKeyPolicy, address: string, port: number, key: Buffer): HostKeyVerdict {
  // Runs inside ssh2's packet handling: a throw here would escape as an uncaught exception.
  try {
    return verify(policy, address, port, key);
  } catch (e) {
    const file = policy.file ?? defaultKnownHostsFile();
    return { ok: false, reason: `cannot use the known_hosts file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}

function verify(policy: HostKeyPolicy, address: string, port: number, key: Buffer): HostKeyVerdict {
  const file = policy.file ?? defaultKnownHostsFile();
  const target = hostLookupName(address, port);
  const shown = `${keyTypeOf(key) ?? 'unknown-type'} key ${fingerprint(key)}`;
  const result = checkHostKey(readEntries(file), address, port, key);
  switch (result.status) {
    case 'ok':
      return { ok: true, recorded: false };
    case 'revoked':
      return { ok: false, reason: `host key for ${target} (${shown}) is marked @revoked in ${file} line ${result.entry.line}; refusing to connect.` };
    case 'changed': {
      const lines = result.entries.map((e) => e.line).join(', ');
      const old = result.entries.map((e) => `${e.keyType} ${fingerprint(e.key)}`).join(', ');
      return {
        ok: false,
        reason:
          `host key for ${target} changed: the server sent ${shown}, but ${file} has ${old}. ` +
          `Someone could be intercepting the connection. If the change is expected (host reinstalled), ` +
          `remove the old line ${lines} of ${file} (ssh-keygen -R '${target}' -f ${file}) and run again.`,
      };
    }
    case 'unknown': {
      if (policy.strict === 'yes') {
        return {
          ok: false,
          reason:
            `host key for ${target} is not known (${shown} is not in ${file}). Check the fingerprint and add it ` +
            `(ssh-keyscan -p ${port} ${address} >> ${file}), or let afo record new keys with --accept-new-host-keys ` +
            `or "-o StrictHostKeyChecking=accept-new" in ansible_ssh_common_args.`,
        };
      }
      appendLine(file, formatKnownHostsLine(address, port, key, policy.hash ?? systemHashKnownHosts()));
      return { ok: true, recorded: true };
    }
  }
}

function appendLine(file: string, line: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    if (text.length > 0 && !text.endsWith('\n')) prefix = '\n';
  }
  // One append call per line: O_APPEND keeps concurrent connects from interleaving.
  appendFileSync(file, `${prefix}${line}\n`, { mode: 0o600 });
}
