/**
 * Lab access for the engine's integration test, through the project lab script (test/lab/lab.sh):
 * name, subnet and image cache come from AFO_LAB / AFO_LAB_NET / AFO_LAB_CACHE like every lab user.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Lab } from '../lab/api.js';

const SCRIPT = 'test/lab/lab.sh';

function lab(...args: string[]): void {
  execFileSync('bash', [SCRIPT, ...args], { stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
}

export function labDir(): string {
  const name = process.env.AFO_LAB;
  return process.env.AFO_LAB_DIR ?? (name && name !== 'afo' ? `.lab-${name}` : '.lab');
}

export function up(n: number, os: string): Lab {
  lab('up', String(n), '--os', os);
  return JSON.parse(readFileSync(`${labDir()}/hosts.json`, 'utf8')) as Lab;
}

export const down = (): void => lab('down');
export const stop = (host: string): void => lab('stop', host);
export const start = (host: string): void => lab('start', host);
export const rekey = (host: string): void => lab('rekey', host);
export const trust = (): void => lab('trust');

/** hosts.ini text for `hosts` logging in as the lab's sudo user with its password, which is also the become password. */
export function sudoInventory(l: Lab, hosts: Lab['hosts']): string {
  return [
    '[lab]',
    ...hosts.map((h) => `${h.name} ansible_host=${h.ip}`),
    '[lab:vars]',
    `ansible_user=${l.sudoUser}`,
    `ansible_password=${l.sudoPassword}`,
    `ansible_become_pass=${l.sudoPassword}`,
    `ansible_ssh_common_args='-o UserKnownHostsFile=${l.knownHosts} -o StrictHostKeyChecking=yes'`,
    '',
  ].join('\n');
}
