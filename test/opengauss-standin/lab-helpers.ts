/**
 * Helpers of the stand-in's lab tests: bring the project lab up/down (test/lab/lab.sh), run
 * commands on its hosts over SSH, answer prompts over a PTY, and snapshot the machine's own
 * machine-wide settings. Uses AFO_LAB / AFO_LAB_NET / AFO_LAB_CACHE like `npm run lab`.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Lab } from '../lab/api.js';

const run = promisify(execFile);
export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, '../..');

/** Result of a command on a host. */
export interface Res {
  code: number;
  out: string;
}

function labEnv(): NodeJS.ProcessEnv {
  return { ...process.env, AFO_LAB: process.env.AFO_LAB ?? 'afo' };
}

export async function labUp(n: number): Promise<Lab> {
  await run('bash', [join(REPO, 'test/lab/lab.sh'), 'up', String(n)], { env: labEnv(), maxBuffer: 1 << 24 });
  const name = process.env.AFO_LAB ?? 'afo';
  const dir = process.env.AFO_LAB_DIR ?? join(REPO, name === 'afo' ? '.lab' : `.lab-${name}`);
  return JSON.parse(readFileSync(join(dir, 'hosts.json'), 'utf8')) as Lab;
}

export async function labDown(): Promise<void> {
  await run('bash', [join(REPO, 'test/lab/lab.sh'), 'down'], { env: labEnv() });
}

/** Runs `cmd` (a shell string) as root on the host; stdin from `input`. Never throws on exit codes. */
export function sh(lab: Lab, host: string, cmd: string, input?: string): Promise<Res> {
  return new Promise((res, rej) => {
    const p = spawn('ssh', ['-F', join(lab.dir, 'ssh_config'), host, cmd], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', rej);
    p.on('close', (code) => res({ code: code ?? -1, out }));
    p.stdin.end(input ?? '');
  });
}

export function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** As the cluster user with its login environment (like `su - omm -c`). */
export function asOmm(lab: Lab, host: string, cmd: string, input?: string): Promise<Res> {
  return sh(lab, host, `cd / && su - omm -c ${q(cmd)}`, input);
}

export async function upload(lab: Lab, host: string, local: string, remote: string): Promise<void> {
  await run('scp', ['-q', '-F', join(lab.dir, 'ssh_config'), local, `${host}:${remote}`]);
}

/**
 * Runs argv on a PTY on the host and answers prompts in order ([regex, answer]); the answers
 * travel on stdin as JSON, never in any argv.
 */
export async function ptyRun(lab: Lab, host: string, argv: string[], answers: [string, string][]): Promise<Res> {
  const helper = '/usr/local/bin/afo-standin-pty';
  await upload(lab, host, join(HERE, 'helpers/pty_answer.py'), helper);
  return sh(lab, host, `python3 ${helper}`, JSON.stringify({ argv, answers, timeout: 600 }));
}

/** The machine's own vm.* values, THP modes and swap areas (never to be changed by a lab host). */
export function machineSnapshot(): Record<string, string> {
  const snap: Record<string, string> = {};
  for (const f of readdirSync('/proc/sys/vm')) {
    try {
      snap[`vm.${f}`] = readFileSync(join('/proc/sys/vm', f), 'utf8').trim();
    } catch {
      // write-only or unreadable entries (e.g. drop_caches) carry no state
    }
  }
  for (const f of ['enabled', 'defrag']) {
    const p = `/sys/kernel/mm/transparent_hugepage/${f}`;
    if (existsSync(p)) snap[`thp.${f}`] = readFileSync(p, 'utf8').trim();
  }
  snap.swaps = readFileSync('/proc/swaps', 'utf8').trim();
  return snap;
}

export async function buildPackages(): Promise<string> {
  const cache = process.env.AFO_STANDIN_CACHE ?? join(REPO, '.cache/standin');
  await run('bash', [join(HERE, 'package.sh')], { env: { ...process.env, AFO_STANDIN_CACHE: cache } });
  return cache;
}

/** One JSON line of /var/log/afo-standin/calls.log. */
export interface Call {
  time: string;
  host: string;
  tool: string;
  argv: string[];
  user: string;
}

export async function calls(lab: Lab, host: string): Promise<Call[]> {
  const r = await sh(lab, host, 'cat /var/log/afo-standin/calls.log 2>/dev/null');
  return r.out
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Call);
}

/** Postmaster PID per host (first line of postmaster.pid), or '' when not running. */
export async function postmasters(lab: Lab, hosts: string[], dataDir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const h of hosts) out[h] = (await sh(lab, h, `head -1 ${dataDir}/postmaster.pid 2>/dev/null`)).out.trim();
  return out;
}
