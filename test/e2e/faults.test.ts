/**
 * Faults on one lab cluster (1 primary + 1 standby, openEuler 20.03, the openGauss stand-in), in
 * sequence (README "What afo guarantees"):
 *
 * - a host down at the start fails preflight and nothing changes anywhere;
 * - sshd killed mid-install (the host stopped while a command runs on it) is reported with the
 *   task it was on, the other host finishes its phase, no cluster-wide step runs, and a re-run
 *   installs the cluster;
 * - during that full install no password appears in `ps -eo args` on the control machine or on
 *   any host, nor in any log, report or message;
 * - a second afo run is refused by the run lock (holder named), a stale lock is called stale,
 *   --break-lock takes it over;
 * - Ctrl-C during a deploy stops with "interrupted at HOST: task", exit 130, no afo command left
 *   running on the hosts, and a re-run completes;
 * - a hanging remote command fails its task after its `timeout:` naming host and command;
 * - after each fault the row written after the install is readable on every node.
 *
 * A command is held running on a host deterministically by a `sysctl` in /usr/local/sbin (first
 * in root's PATH) that sleeps while /etc/afo-e2e-slow exists, when afo started it (AFO_RUN set;
 * the host's boot runs sysctl too): afo's kernel-parameter task runs `sysctl -w` when a value differs.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEndEvent } from '../../src/engine/events.js';
import type { Lab } from '../lab/api.js';
import { labExec } from '../lab/lab.js';
import { waitFor } from '../support/wait-for.js';
import {
  afo,
  afoDeploy,
  changedTasks,
  filesUnder,
  labDown,
  labUp,
  readBack,
  reportPath,
  secretsOf,
  sh,
  standinPackage,
  startAfo,
  startHost,
  stopHost,
  writeInventory,
} from './helpers.js';

const run = promisify(execFile);
const LOCK = '/var/lib/afo/cluster.lock';
const SLEEP = 'sleep 617';
/** Matches SLEEP but not the shell that runs pgrep (its command line holds the pattern). */
const SLEEPING = 'slee[p] 617';
const ROW = 'select x from afo_faults';

let lab: Lab;
let inv: string;
let pkg: string;
const ip = (i: number) => lab.hosts[i]!.ip;
const host = (i: number) => lab.hosts[i]!.name;

/** Holds `sysctl -w` on host i until unslow(i). */
async function slow(i: number): Promise<void> {
  const w = `#!/bin/sh\nwhile [ -n "$AFO_RUN" ] && [ -e /etc/afo-e2e-slow ]; do ${SLEEP}; done\nPATH=/usr/sbin:/usr/bin:/sbin:/bin exec sysctl "$@"\n`;
  const r = await sh(lab, host(i), `printf '%s' '${w}' > /usr/local/sbin/sysctl && chmod 755 /usr/local/sbin/sysctl && touch /etc/afo-e2e-slow`);
  expect(r.code, r.out).toBe(0);
}

async function unslow(i: number): Promise<void> {
  await sh(lab, host(i), 'rm -f /etc/afo-e2e-slow /usr/local/sbin/sysctl');
}

/** Resolves once the held sysctl runs on host i (afo's task is on it). */
async function waitHeld(i: number): Promise<void> {
  await waitFor(async () => (await sh(lab, host(i), `pgrep -f '${SLEEPING}'`)).code === 0, {
    timeoutMs: 300_000,
    intervalMs: 300,
    what: `afo's sysctl -w held on ${host(i)}`,
  });
}

/** A kernel parameter afo sets, put off its value on host i (so the next deploy has work there). */
async function drift(i: number): Promise<void> {
  const r = await sh(lab, host(i), 'sysctl -w net.ipv4.tcp_retries1=4 && sysctl -n net.ipv4.tcp_retries1');
  expect(r.out.trim().split('\n').at(-1)).toBe('4');
}

async function rowEverywhere(): Promise<void> {
  for (const i of [0, 1]) await readBack(lab, ip(i), ROW, '5150');
}

/** The AFO_RUN tags (src/connection/interrupt.ts) of the processes running on host i. */
async function runTags(i: number): Promise<string[]> {
  const r = await sh(lab, host(i), `cat /proc/[0-9]*/environ 2>/dev/null | tr '\\000' '\\n' | grep '^AFO_RUN=' | sort -u; true`);
  return r.out.split('\n').filter((l) => l.startsWith('AFO_RUN='));
}

async function lockFile(): Promise<string> {
  return (await sh(lab, host(0), `cat ${LOCK} 2>&1`)).out;
}

beforeAll(async () => {
  pkg = await standinPackage('openGauss-5.0.0-openEuler-64bit-all.tar.gz');
  lab = await labUp(2, ['openeuler20.03']);
  inv = writeInventory(lab, 'faults', { primary: ip(0), standby: [ip(1)] });
});

afterAll(async () => {
  await labDown(lab);
});

describe('faults and secrets on a 1P+1S cluster', () => {
  it('a host down at the start fails preflight; nothing changes on any host', async () => {
    await stopHost(lab, lab.hosts[1]!);
    const before = await sh(lab, host(0), 'hostname; ls /opt/software 2>&1; ls /var/lib/afo 2>&1');
    const r = await afoDeploy(['-i', inv, '--package', pkg, '-y']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/preflight failed; nothing was changed/);
    expect(r.stderr).toContain(ip(1));
    expect(changedTasks(r.events)).toEqual([]);
    expect(r.events.filter((e) => e.type === 'run-start')).toHaveLength(1); // preflight only
    expect((await sh(lab, host(0), 'hostname; ls /opt/software 2>&1; ls /var/lib/afo 2>&1')).out).toBe(before.out);
    await startHost(lab, lab.hosts[1]!);
  });

  it('sshd killed mid-install: reported with host and task, the other host finishes its phase, no cluster-wide step runs', async () => {
    await slow(1);
    const a = startAfo('deploy', ['-i', inv, '--package', pkg, '-y']);
    await waitHeld(1);
    await stopHost(lab, lab.hosts[1]!);
    const r = await a.done;
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain('OS preparation failed, so gs_preinstall/gs_install were not run on any host');
    const report = JSON.parse(readFileSync(reportPath(r), 'utf8'));
    expect(report.outcome).toBe('failed');
    expect(JSON.stringify(report)).toContain(ip(1));
    expect(r.stderr).toMatch(new RegExp(`${ip(1).replace(/\./g, '\\.')}: task '[^']+'`));
    const osEnd = r.events.filter((e): e is RunEndEvent => e.type === 'run-end')[1]!;
    expect(osEnd.hosts[ip(0)]!.state).toBe('ok'); // the primary finished the OS phase
    expect(osEnd.hosts[ip(1)]!.state).toBe('unreachable');
    const calls = await sh(lab, host(0), 'cat /var/log/afo-standin/calls.log 2>/dev/null; ls /opt/software/openGauss 2>&1');
    expect(calls.out).not.toContain('gs_preinstall');
    expect(calls.out).toContain('No such file');
    expect(await lockFile()).toContain('No such file'); // released by the failed run
    await startHost(lab, lab.hosts[1]!);
    await unslow(1);
  });

  it('the re-run installs; no password in ps on the control machine or any host, nor in logs, reports or messages', async () => {
    const seen = new Set<string>();
    let sampling = true;
    const local = (async () => {
      while (sampling) {
        const { stdout } = await run('ps', ['-eo', 'args'], { maxBuffer: 1 << 24 });
        for (const l of stdout.split('\n')) seen.add(l);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    for (const i of [0, 1]) {
      const r = await sh(lab, host(i), `setsid sh -c 'while :; do ps -eo args; sleep 0.1; done' </dev/null >/var/tmp/afo-ps.log 2>&1 & echo started`);
      expect(r.out).toContain('started');
    }
    const r = await afoDeploy(['-i', inv, '--package', pkg, '-y']);
    sampling = false;
    await local;
    for (const i of [0, 1]) await sh(lab, host(i), `pkill -f 'while :; do ps -eo args'`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.result?.report.outcome).toBe('installed');

    const secrets = secretsOf(inv);
    expect(secrets.length).toBeGreaterThan(0);
    expect(seen.size).toBeGreaterThan(10);
    for (const i of [0, 1]) {
      // the samples are there (afo's own commands among them), and none holds a password
      const n = await sh(lab, host(i), `grep -c 'AFO_RUN=' /var/tmp/afo-ps.log; grep -c '^ps -eo args' /var/tmp/afo-ps.log`);
      expect(
        n.out
          .trim()
          .split('\n')
          .map(Number)
          .every((c) => c > 0),
        n.out,
      ).toBe(true);
      const found = await labExec(lab, host(i), 'grep -F -f - /var/tmp/afo-ps.log | head -3; true', { input: `${secrets.join('\n')}\n` });
      expect(found.stdout, `a password in ps on ${host(i)}`).toBe('');
    }
    const places = [
      { what: 'ps on the control machine', text: [...seen].join('\n') },
      { what: 'stdout', text: r.stdout },
      { what: 'stderr', text: r.stderr },
      ...filesUnder(join(dirname(inv), 'reports')).map((f) => ({ what: f.path, text: f.text })),
    ];
    for (const s of secrets) for (const p of places) expect(p.text.includes(s), `a password in ${p.what}`).toBe(false);
  });

  it('a row written on the primary is read on the standby', async () => {
    const w = await sh(lab, host(0), `su - omm -c "gsql -d postgres -p 15400 -tA -c 'create table afo_faults(x int); insert into afo_faults values (5150)'"`);
    expect(w.code, w.out).toBe(0);
    await rowEverywhere();
  });

  it('a second afo run is refused while the lock is held, naming its holder; a stale lock is called stale; --break-lock takes it', async () => {
    // Another operator's run, in progress (written as afo writes it).
    const other = 'owner=dba@ops-console pid=4242 started=2026-12-05T10:00:00.000Z command=expand';
    await sh(lab, host(0), `mkdir -p /var/lib/afo && echo '${other}' > ${LOCK}`);
    const refused = await afoDeploy(['-i', inv, '-y']);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toContain(`another afo run holds the lock of this cluster; nothing was changed`);
    expect(refused.stderr).toContain(`${ip(0)}:${LOCK}`);
    expect(refused.stderr).toContain('held by dba@ops-console, pid 4242, since 2026-12-05T10:00:00.000Z, running afo expand');
    expect(refused.stderr).toContain('--break-lock');
    expect(changedTasks(refused.events)).toEqual([]);
    expect(await lockFile()).toBe(`${other}\n`); // not the refused run's to remove

    // Left by a run of this machine that is gone.
    const stale = `owner=${userInfo().username}@${hostname()} pid=${2 ** 22 + 7} started=2026-12-05T09:00:00.000Z command=deploy`;
    await sh(lab, host(0), `echo '${stale}' > ${LOCK}`);
    const again = await afoDeploy(['-i', inv, '-y']);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/no longer runs on this machine: the lock is stale\. Run afo deploy again with --break-lock/);

    await drift(1);
    // Read while the run holds it: its sysctl -w on the standby is held until the lock was read.
    await slow(1);
    let seenLock = '';
    const broke = startAfo('deploy', ['-i', inv, '-y', '--break-lock'], () => {});
    try {
      await waitHeld(1);
      seenLock = await lockFile();
    } finally {
      await unslow(1);
      await sh(lab, host(1), `pkill -f '${SLEEPING}' || true`);
    }
    const b = await broke.done;
    expect(b.code, b.stderr).toBe(0);
    expect(seenLock).toMatch(new RegExp(`^owner=${userInfo().username}@${hostname()} pid=\\d+ started=\\S+ command=deploy\\n$`));
    expect(await lockFile()).toContain('No such file'); // released at the end
    await rowEverywhere();
  });

  it('Ctrl-C during a deploy: "interrupted at HOST: task", exit 130, no afo command left on the hosts; a re-run completes', async () => {
    await drift(1);
    await slow(1);
    const before = await Promise.all([0, 1].map(runTags));
    const a = startAfo('deploy', ['-i', inv, '-y']);
    await waitHeld(1);
    a.child.kill('SIGINT');
    const r = await a.done;
    expect(r.code, r.stderr).toBe(130);
    // the held sysctl: the kernel-parameter task, or the facts the OS phase gathers first
    expect(r.stderr).toMatch(new RegExp(`interrupted at ${ip(1).replace(/\./g, '\\.')}: task '(kernel parameters|gather facts)`));
    expect(r.stderr).toMatch(/the commands that were running on the hosts were killed/);
    expect(JSON.parse(readFileSync(reportPath(r), 'utf8')).outcome).toBe('interrupted');
    // Nothing that run started still runs (the database keeps the tag of the run that started it).
    for (const i of [0, 1]) {
      expect((await sh(lab, host(i), `pgrep -f '${SLEEPING}'; true`)).out.trim(), host(i)).toBe('');
      expect(
        (await runTags(i)).filter((t) => !before[i]!.includes(t)),
        host(i),
      ).toEqual([]);
    }
    expect(await lockFile()).toContain('No such file');
    await unslow(1);
    const again = await afoDeploy(['-i', inv, '-y']);
    expect(again.code, again.stderr).toBe(0);
    expect(changedTasks(again.events)).toContain(`${ip(1)}: kernel parameters (defaults + yours; keys this kernel lacks are skipped)`);
    await rowEverywhere();
  });

  it('a remote command that hangs fails its task after its timeout, naming host and command; nothing keeps running', async () => {
    const dir = join(lab.dir, 'e2e', 'hang');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'tasks.yml'), `- name: a command that hangs\n  command: ${SLEEP}\n  timeout: 2\n`);
    const r = await afo(['play', join(dir, 'tasks.yml'), '-i', inv, '--log-dir', join(dir, 'logs')]);
    expect(r.code, r.stderr).toBe(4);
    const out = r.stdout + r.stderr;
    for (const i of [0, 1]) {
      expect(out).toContain(ip(i));
      expect((await sh(lab, host(i), `pgrep -f '${SLEEPING}'; true`)).out.trim()).toBe('');
    }
    expect(out).toMatch(/timed out after 2 s and was killed/);
    expect(out).toContain(SLEEP);
    await rowEverywhere();
  });

  it('the run log and reports of every run above hold no password either', () => {
    const secrets = secretsOf(inv);
    for (const f of filesUnder(join(dirname(inv), 'reports'))) for (const s of secrets) expect(f.text.includes(s), f.path).toBe(false);
    expect(existsSync(join(dirname(inv), 'reports'))).toBe(true);
  });
});
