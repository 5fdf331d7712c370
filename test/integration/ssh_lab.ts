/**
 * The project lab (test/lab/lab.sh) for the SSH transport tests, driven through its CLI until
 * test/lab/lab.ts (the TS API) lands; the functions mirror that API (labUp, labDown, stopHost,
 * rekeyHost) and return the Lab shape of test/lab/api.ts. Lab name and subnet come from
 * AFO_LAB/AFO_LAB_NET (defaults: afo / the lab's own default).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Lab, LabHost } from '../lab/api.js';
import type { HostConnection } from '../../src/connection/settings.js';

const LAB_SH = new URL('../lab/lab.sh', import.meta.url).pathname;

function lab(...args: string[]): string {
  return execFileSync('bash', [LAB_SH, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

export function labUp(n: number): Lab {
  lab('up', String(n));
  return readLab();
}

/** Where lab.sh writes hosts.json (its lab_config rules). */
function labDir(): string {
  const name = process.env.AFO_LAB ?? 'afo';
  const repo = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
  return process.env.AFO_LAB_DIR ?? (name === 'afo' ? `${repo}/.lab` : `${repo}/.lab-${name}`);
}

function readLab(): Lab {
  return JSON.parse(readFileSync(`${labDir()}/hosts.json`, 'utf8')) as Lab;
}

export function labDown(): void {
  lab('down');
}

export function stopHost(name: string): void {
  lab('stop', name);
}

/** New host keys for the host; the lab's known_hosts keeps the old ones. */
export function rekeyHost(name: string): void {
  lab('rekey', name);
}

export function rootConn(l: Lab, h: LabHost, extra: Partial<HostConnection> = {}): HostConnection {
  return {
    name: h.name,
    address: h.ip,
    port: h.port,
    user: 'root',
    privateKeyFile: l.key,
    knownHostsFile: l.knownHosts,
    strictHostKeyChecking: 'yes',
    connectTimeoutMs: 5000,
    ...extra,
  };
}

export function sudoConn(l: Lab, h: LabHost, extra: Partial<HostConnection> = {}): HostConnection {
  return rootConn(l, h, { user: l.sudoUser, password: l.sudoPassword, privateKeyFile: undefined, becomePassword: l.sudoPassword, ...extra });
}
