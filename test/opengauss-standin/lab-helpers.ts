/**
 * Helpers of the stand-in's lab tests on top of the project lab (test/lab/lab.ts): run commands on
 * hosts (output and errors together), copy files, answer prompts over a PTY, read the call log.
 * The lab is named by AFO_LAB / AFO_LAB_NET like `npm run lab`.
 */
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Lab } from '../lab/api.js';
import { labDown as labDownProject, labExec, labUp as labUpProject } from '../lab/lab.js';
import { shQuote } from '../../src/text/shlex.js';

const run = promisify(execFile);
export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, '../..');

/** Result of a command on a host: exit code and stdout followed by stderr. */
export interface Res {
  code: number;
  out: string;
}

export function labUp(n: number): Promise<Lab> {
  return labUpProject({ hosts: n });
}

export function labDown(lab: Lab): Promise<void> {
  return labDownProject(lab);
}

/** Runs `cmd` (a shell string) as root on the host; stdin from `input`. Never throws on exit codes. */
export async function sh(lab: Lab, host: string, cmd: string, input?: string): Promise<Res> {
  const r = await labExec(lab, host, cmd, { input: input ?? '' });
  return { code: r.code, out: r.stdout + r.stderr };
}

/** The product's one quoting function (Python's shlex.quote). */
export const q = shQuote;

/** As the cluster user with its login environment (like `su - omm -c`). */
export function asOmm(lab: Lab, host: string, cmd: string, input?: string): Promise<Res> {
  return sh(lab, host, `cd / && su - omm -c ${q(cmd)}`, input);
}

export async function upload(lab: Lab, host: string, local: string, remote: string): Promise<void> {
  const h = lab.hosts.find((x) => x.name === host);
  if (!h) throw new Error(`no host ${host} in lab ${lab.name}`);
  await run('scp', [
    '-q',
    '-o',
    'BatchMode=yes',
    '-o',
    `UserKnownHostsFile=${lab.knownHosts}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-i',
    lab.key,
    '-P',
    String(h.port),
    local,
    `root@${h.ip}:${remote}`,
  ]);
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
