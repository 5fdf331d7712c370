/**
 * The three things timed, each as one command line: afo (`afo play --json`), ansible-playbook
 * (default or tuned ansible.cfg), and the floor (one `ssh HOST true` per host, in parallel).
 * Each run is checked (exit code, changed counts) so a broken run is never reported as a time.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchLab } from './lab.js';
import { timed, type Timed } from './measure.js';

export interface Sample {
  seconds: number;
  /** Exec channels per host (afo only; from the run-end event). */
  channels?: Record<string, number>;
  /** CPU seconds (user + sys) of the afo process on the control machine. */
  cpu?: number;
  /** Peak resident memory of the afo process (MB, GNU time's %M). */
  memMb?: number;
}

export type Expect = 'changes' | 'nothing';

export interface AfoWork {
  main: string;
  role: string;
  logDir: string;
}

interface HostEnd {
  changed: number;
  failed: number;
  unreachable: number;
  channels?: number;
}

function fail(what: string, r: Timed, why: string): never {
  const tail = (r.stdout + r.stderr)
    .trim()
    .split('\n')
    .slice(-12)
    .map((l) => (l.length > 400 ? `${l.slice(0, 400)}...` : l))
    .join('\n');
  throw new Error(`${what}: ${why}\n${tail}`);
}

function checkCounts(what: string, r: Timed, hosts: Record<string, HostEnd>, names: string[], expect: Expect): void {
  for (const h of names) {
    const s = hosts[h];
    if (!s) fail(what, r, `no result for host ${h}`);
    if (s.failed || s.unreachable) fail(what, r, `host ${h} failed or was unreachable`);
    if (expect === 'changes' && s.changed === 0) fail(what, r, `host ${h} changed nothing on a fresh host`);
    if (expect === 'nothing' && s.changed !== 0) fail(what, r, `host ${h} changed ${s.changed} task(s) on a re-run`);
  }
}

export async function runAfo(lab: BenchLab, work: AfoWork, extra: string[], expect: Expect, check: boolean): Promise<Sample> {
  const args = [
    work.main,
    'play',
    '-i',
    lab.inventory,
    work.role,
    '--json',
    '--forks',
    String(Math.max(10, lab.names.length)),
    '--log-dir',
    work.logDir,
    ...extra,
  ];
  if (check) args.push('--check');
  // The control machine's CPU time (user + sys) of the afo process, via GNU time when present.
  const cpuFile = join(work.logDir, '..', 'afo-cpu.txt');
  const gnuTime = existsSync('/usr/bin/time');
  const r = gnuTime ? await timed('/usr/bin/time', ['-f', '%U %S %M', '-o', cpuFile, process.execPath, ...args]) : await timed(process.execPath, args);
  const [user, sys, maxKb] = gnuTime ? readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-3).map(Number) : [];
  const cpu = user !== undefined && sys !== undefined ? user + sys : undefined;
  const memMb = maxKb !== undefined && Number.isFinite(maxKb) ? maxKb / 1024 : undefined;
  const what = `afo play${check ? ' --check' : ''} on ${lab.spec.name}`;
  const endLine = r.stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.includes('"type":"run-end"'));
  if (!endLine) fail(what, r, 'no run-end event');
  const end = JSON.parse(endLine) as { hosts: Record<string, HostEnd>; exitCode: number };
  if (end.exitCode !== 0 || r.code !== 0) fail(what, r, `exit code ${r.code}`);
  checkCounts(what, r, end.hosts, lab.names, expect);
  return { seconds: r.seconds, cpu, memMb, channels: Object.fromEntries(lab.names.map((h) => [h, end.hosts[h]?.channels ?? 0])) };
}

export type AnsibleMode = 'default' | 'tuned';

/** An ansible.cfg in its own directory, so no user or system configuration leaks in. */
export function ansibleConfig(dir: string, mode: AnsibleMode, hosts: number): string {
  mkdirSync(dir, { recursive: true });
  const cp = join(dir, 'cp');
  mkdirSync(cp, { recursive: true });
  const lines =
    mode === 'default'
      ? ['[defaults]', 'nocolor = True', '[ssh_connection]', `control_path_dir = ${cp}`]
      : [
          '[defaults]',
          'nocolor = True',
          `forks = ${Math.max(hosts, 5)}`,
          '[ssh_connection]',
          'pipelining = True',
          'ssh_args = -C -o ControlMaster=auto -o ControlPersist=600s',
          `control_path_dir = ${cp}`,
        ];
  const file = join(dir, 'ansible.cfg');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

export async function runAnsible(lab: BenchLab, playbook: string, cfg: string, extra: string[], expect: Expect): Promise<Sample> {
  const r = await timed('ansible-playbook', ['-i', lab.inventory, playbook, ...extra], { env: { ANSIBLE_CONFIG: cfg, ANSIBLE_FORCE_COLOR: '0' } });
  const what = `ansible-playbook (${cfg}) on ${lab.spec.name}`;
  if (r.code !== 0) fail(what, r, `exit code ${r.code}`);
  const hosts: Record<string, HostEnd> = {};
  for (const m of r.stdout.matchAll(/^(\S+)\s+:\s+ok=\d+\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/gm)) {
    hosts[m[1]!] = { changed: Number(m[2]), unreachable: Number(m[3]), failed: Number(m[4]) };
  }
  checkCounts(what, r, hosts, lab.names, expect);
  return { seconds: r.seconds };
}

/** One fresh SSH connection per host running `true`, all at once: the least any tool can do. */
export async function runFloor(lab: BenchLab): Promise<Sample> {
  const start = process.hrtime.bigint();
  const runs = await Promise.all(
    lab.names.map((h) => timed('ssh', ['-F', lab.sshConfig, '-o', 'ControlMaster=no', '-o', 'ControlPath=none', '-o', 'BatchMode=yes', h, 'true'])),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  runs.forEach((r, i) => {
    if (r.code !== 0) fail(`ssh ${lab.names[i]} true`, r, `exit code ${r.code}`);
  });
  return { seconds };
}

/** Start-up: `node -e 0`, `afo --version`, `afo inventory --list` (no host touched). */
export async function runStart(main: string, what: 'node' | 'version' | 'inventory', inventory: string): Promise<Sample> {
  const args = what === 'node' ? ['-e', '0'] : what === 'version' ? [main, '--version'] : [main, 'inventory', '-i', inventory, '--list'];
  const r = await timed(process.execPath, args);
  if (r.code !== 0) fail(`node ${args.join(' ')}`, r, `exit code ${r.code}`);
  return { seconds: r.seconds };
}
