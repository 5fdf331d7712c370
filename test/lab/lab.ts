/**
 * The lab for tests: N real sshd hosts on this machine, driven through test/lab/lab.sh (the same
 * code as `npm run lab`). See test/lab/README.md.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lab, LabExecOptions, LabExecResult, LabHost, LabUpOptions } from './api.js';

export { assertMachineUnchanged, snapshotMachine } from './machine.js';

const LAB_SH = join(dirname(fileURLToPath(import.meta.url)), 'lab.sh');

/** Runs a program; resolves with its exit code and output (never rejects on a non-zero exit). */
export function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; teeStderr?: boolean } = {}): Promise<LabExecResult> {
  return new Promise((res, rej) => {
    // stdin is always a pipe (closed at once without input): one stdio shape keeps the streams typed
    const child = spawn(cmd, args, { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (opts.teeStderr) process.stderr.write(d);
    });
    child.on('error', rej);
    child.on('close', (code) => res({ code: code ?? -1, stdout, stderr }));
    child.stdin.on('error', () => {}); // EPIPE: the program exited without reading its input
    child.stdin.end(opts.input);
  });
}

function labEnv(name: string | undefined, net?: string, dir?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (name !== undefined && name !== (process.env.AFO_LAB ?? 'afo')) {
    // AFO_LAB_DIR and AFO_LAB_NET of the environment belong to the environment's lab: another lab
    // given them would write into that lab's directory (its key, known_hosts) or take its subnet
    delete env.AFO_LAB_DIR;
    delete env.AFO_LAB_NET;
  }
  if (name !== undefined) env.AFO_LAB = name;
  if (net !== undefined) env.AFO_LAB_NET = net;
  if (dir !== undefined) env.AFO_LAB_DIR = resolve(dir);
  return env;
}

async function labSh(env: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
  // progress lines (an image build takes a minute or more) show up in the test output
  const r = await run('bash', [LAB_SH, ...args], { env, teeStderr: args[0] === 'up' });
  if (r.code !== 0) throw new Error(`lab.sh ${args.join(' ')} failed (exit ${r.code}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

function envOf(lab: Lab): NodeJS.ProcessEnv {
  return labEnv(lab.name, undefined, lab.dir);
}

function hostName(lab: Lab, host: string | LabHost): string {
  const name = typeof host === 'string' ? host : host.name;
  if (!lab.hosts.some((h) => h.name === name)) throw new Error(`no host ${name} in lab ${lab.name}`);
  return name;
}

/** Reads a running lab's hosts.json. */
export function readLab(dir: string): Lab {
  return JSON.parse(readFileSync(join(dir, 'hosts.json'), 'utf8')) as Lab;
}

/** Starts a lab (removing what an earlier run of the same lab left behind) and returns it. */
export async function labUp(opts: LabUpOptions): Promise<Lab> {
  const env = labEnv(opts.name, opts.net, opts.dir);
  const args = ['up', String(opts.hosts)];
  if (opts.os && opts.os.length > 0) args.push('--os', opts.os.join(','));
  const out = (await labSh(env, ...args)).trim().split('\n');
  return readLab(dirname(out[out.length - 1] ?? ''));
}

/**
 * The lab of the environment (AFO_LAB, AFO_LAB_DIR as for `npm run lab`) when it is up with at
 * least `hosts` hosts whose sshd answers; undefined otherwise (down, fewer hosts, one stopped).
 */
export async function runningLab(hosts: number): Promise<Lab | undefined> {
  const env = labEnv(undefined);
  const dir = (await labSh(env, 'dir')).trim();
  let lab: Lab;
  try {
    lab = readLab(dir);
  } catch {
    return undefined;
  }
  const up = (await labSh(env, 'status')).split('\n').filter((l) => / up$/.test(l)).length;
  return lab.hosts.length >= hosts && up === lab.hosts.length ? lab : undefined;
}

/**
 * A name and a /24 that no lab on this machine uses now (for a test's own second lab): the name
 * derives from `base`, the subnet is the first 10.213.x with x from 128 whose .1 no interface has.
 */
export async function freeLab(base: string): Promise<{ name: string; net: string }> {
  const netns = (await run('ip', ['netns', 'list'])).stdout;
  const links = (await run('ip', ['-o', 'link', 'show'])).stdout;
  const addrs = (await run('ip', ['-o', '-4', 'addr', 'show'])).stdout;
  const inUse = (n: string) => netns.includes(`afolab-${n}-`) || new RegExp(`: ${n}-br[:@]`).test(links);
  const name = [...'bcdefghijk'].map((c) => `${base.slice(0, 9)}${c}`).find((n) => !inUse(n));
  const x = Array.from({ length: 127 }, (_, i) => 128 + i).find((o) => !addrs.includes(` 10.213.${o}.1/`));
  if (name === undefined || x === undefined) throw new Error(`no free lab name like ${base}b or subnet 10.213.128-254 on this machine`);
  return { name, net: `10.213.${x}` };
}

/** Stops every host of the lab and removes everything it made (not the image cache). */
export async function labDown(lab: Lab | string): Promise<void> {
  await labSh(typeof lab === 'string' ? labEnv(lab) : envOf(lab), 'down');
}

/** Kills a host: it becomes unreachable; its files are kept. */
export async function stopHost(lab: Lab, host: string | LabHost): Promise<void> {
  await labSh(envOf(lab), 'stop', hostName(lab, host));
}

/** Boots a stopped host again (same files, same host keys). */
export async function startHost(lab: Lab, host: string | LabHost): Promise<void> {
  await labSh(envOf(lab), 'start', hostName(lab, host));
}

/** Gives a host new SSH host keys; the lab's known_hosts keeps the old ones (see trustHosts). */
export async function rekeyHost(lab: Lab, host: string | LabHost): Promise<void> {
  await labSh(envOf(lab), 'rekey', hostName(lab, host));
}

/** Rewrites the lab's known_hosts from the hosts' current keys (after rekeyHost). */
export async function trustHosts(lab: Lab): Promise<void> {
  await labSh(envOf(lab), 'trust');
}

/** Accept SSH on `host` only from `fromIps` (nftables in its netns; others get a TCP reset); [] removes the rule. */
export async function firewallSsh(lab: Lab, host: string | LabHost, fromIps: string[]): Promise<void> {
  await labSh(envOf(lab), 'firewall', hostName(lab, host), ...(fromIps.length > 0 ? fromIps : ['off']));
}

/**
 * Runs a shell command on a host with the ssh CLI, checking the host key against the lab's
 * known_hosts strictly. Root logs in with the lab key; another user with a password, which
 * reaches ssh through SSH_ASKPASS (environment), never through argv.
 */
export async function labExec(lab: Lab, host: string | LabHost, cmd: string, opts: LabExecOptions = {}): Promise<LabExecResult> {
  const h = lab.hosts.find((x) => x.name === hostName(lab, host)) as LabHost;
  const user = opts.user ?? 'root';
  const args = [
    '-o',
    `UserKnownHostsFile=${lab.knownHosts}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'ConnectTimeout=5',
    '-o',
    'LogLevel=ERROR',
    '-p',
    String(h.port),
    '-l',
    user,
  ];
  const env: NodeJS.ProcessEnv = { ...process.env };
  let tmp: string | undefined;
  if (opts.password === undefined) {
    args.push('-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes', '-i', lab.key);
  } else {
    tmp = mkdtempSync(join(tmpdir(), 'afo-lab-askpass-'));
    const askpass = join(tmp, 'askpass');
    writeFileSync(askpass, '#!/bin/sh\nprintf \'%s\\n\' "$AFO_LAB_ASKPASS_SECRET"\n', { mode: 0o700 });
    Object.assign(env, { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', AFO_LAB_ASKPASS_SECRET: opts.password });
    args.push('-o', 'PubkeyAuthentication=no', '-o', 'PreferredAuthentications=password,keyboard-interactive', '-o', 'NumberOfPasswordPrompts=1');
  }
  try {
    return await run('ssh', [...args, h.ip, cmd], { env, input: opts.input });
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}
