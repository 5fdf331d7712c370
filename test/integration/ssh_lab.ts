/**
 * Lab hosts for the SSH transport tests. TEMPORARY shim over the shared reference script until
 * the project lab (test/lab/lab.ts) lands in main; it mirrors that API's shape (hosts, key,
 * knownHosts, sudoUser/sudoPassword, stopHost, rekeyHost).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { HostConnection } from '../../src/connection/settings.js';

const SCRIPT = '/work/shared/reference/testhosts.sh';
const ENV = {
  ...process.env,
  TESTHOSTS_BACKEND: 'netns',
  TESTHOSTS_DIR: '/tmp/th-ssh',
  TESTHOSTS_NET: '10.213.101',
  TESTHOSTS_PREFIX: 'ssh',
};

export interface SshLabHost {
  name: string;
  ip: string;
  port: number;
  root: string;
}

export interface SshLab {
  hosts: SshLabHost[];
  key: string;
  knownHosts: string;
  sudoUser: string;
  sudoPassword: string;
}

export function labUp(n: number): SshLab {
  execFileSync('bash', [SCRIPT, 'start', String(n)], { env: ENV, stdio: ['ignore', 'ignore', 'inherit'] });
  const dir = ENV.TESTHOSTS_DIR;
  const raw = JSON.parse(readFileSync(`${dir}/hosts.json`, 'utf8')) as { name: string; ip: string; port: number; password_user: string; password: string }[];
  const hosts = raw.map((h) => ({ name: h.name, ip: h.ip, port: h.port, root: `${dir}/nodes/${h.name}/merged` }));
  const knownHosts = `${dir}/known_hosts`;
  writeFileSync(knownHosts, hosts.map((h) => knownHostsLines(h)).join(''));
  return { hosts, key: `${dir}/id_ed25519`, knownHosts, sudoUser: raw[0]!.password_user, sudoPassword: raw[0]!.password };
}

export function labDown(): void {
  execFileSync('bash', [SCRIPT, 'stop'], { env: ENV, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The host's current public host keys, as known_hosts lines (read from its filesystem, no network). */
export function knownHostsLines(h: SshLabHost): string {
  const types = ['ed25519', 'ecdsa', 'rsa'];
  return types.map((t) => `${h.ip} ${readFileSync(`${h.root}/etc/ssh/ssh_host_${t}_key.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`).join('');
}

/** Kill the host (its whole PID namespace): its address stops answering. */
export function stopHost(lab: SshLab, name: string): void {
  const pid = readFileSync(`/tmp/th-ssh/nodes/${name}/pid`, 'utf8').trim();
  execFileSync('kill', ['-KILL', pid]);
}

/** Give the host new host keys (what a reinstall does); sshd reads them on the next connection. */
export function rekeyHost(lab: SshLab, name: string): void {
  const h = lab.hosts.find((x) => x.name === name)!;
  for (const t of ['ed25519', 'ecdsa', 'rsa']) {
    execFileSync('rm', ['-f', `${h.root}/etc/ssh/ssh_host_${t}_key`, `${h.root}/etc/ssh/ssh_host_${t}_key.pub`]);
    execFileSync('ssh-keygen', ['-q', '-t', t, '-N', '', '-f', `${h.root}/etc/ssh/ssh_host_${t}_key`]);
  }
}

export function rootConn(lab: SshLab, h: SshLabHost, extra: Partial<HostConnection> = {}): HostConnection {
  return {
    name: h.name,
    address: h.ip,
    port: h.port,
    user: 'root',
    privateKeyFile: lab.key,
    knownHostsFile: lab.knownHosts,
    strictHostKeyChecking: 'yes',
    connectTimeoutMs: 5000,
    ...extra,
  };
}

export function sudoConn(lab: SshLab, h: SshLabHost, extra: Partial<HostConnection> = {}): HostConnection {
  return rootConn(lab, h, { user: lab.sudoUser, password: lab.sudoPassword, privateKeyFile: undefined, becomePassword: lab.sudoPassword, ...extra });
}
