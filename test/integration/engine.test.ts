/**
 * Issue 2's engine acceptance on 3 real lab hosts (Debian 12, openEuler 20.03, CentOS 7) with
 * the sample role: the first run changes things, the second changes nothing on every host,
 * --check after it plans nothing; a password + sudo user works; a stopped host fails alone; a
 * changed host key is refused. Runs the real CLI (dist/) so the whole path is exercised.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent, HostSummary } from '../../src/engine/events.js';
import type { Lab } from '../lab/api.js';
import { down, rekey, stop, sudoInventory, trust, up } from './engine-lab.js';

const ROLE = 'test/fixtures/roles/sample';
let lab: Lab;
let logs: string;

interface Play {
  code: number;
  events: EngineEvent[];
  stderr: string;
}

function play(inventory: string, ...args: string[]): Play {
  return playWithInput('', inventory, ...args);
}

function playWithInput(input: string, inventory: string, ...args: string[]): Play {
  if (!existsSync('dist/src/cli/main.js')) execFileSync('npx', ['tsc', '-p', '.'], { stdio: 'inherit' });
  const r = spawnSync('node', ['dist/src/cli/main.js', 'play', '-i', inventory, ROLE, '--json', '--log-dir', logs, ...args], { encoding: 'utf8', input });
  const events = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as EngineEvent);
  return { code: r.status ?? -1, events, stderr: r.stderr };
}

function changedTasks(p: Play): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of p.events) if (e.type === 'host-task-end') out[e.host] = (out[e.host] ?? 0) + (e.status === 'changed' ? 1 : 0);
  return out;
}

function recap(p: Play): Record<string, HostSummary> {
  const end = p.events.find((e) => e.type === 'run-end');
  if (end?.type !== 'run-end') throw new Error(`no run-end event; stderr: ${p.stderr}`);
  return end.hosts;
}

beforeAll(() => {
  lab = up(3, 'debian12,openeuler20.03,centos7');
  logs = mkdtempSync(join(tmpdir(), 'afo-engine-logs-'));
});

afterAll(() => {
  down();
});

describe('afo play on lab hosts', () => {
  it('converges: first run changes, second run changes nothing, --check plans nothing', () => {
    // --verify: each changed task is planned again right after it ran and must have nothing left.
    const first = play(lab.inventory, '--verify');
    expect(first.code, first.stderr + JSON.stringify(first.events.filter((e) => e.type === 'failure'))).toBe(0);
    const names = lab.hosts.map((h) => h.name);
    for (const n of names) expect(changedTasks(first)[n]).toBeGreaterThanOrEqual(6);
    for (const h of lab.hosts) {
      const root = h.root;
      expect(statSync(`${root}/opt/afo-sample/data`).isDirectory()).toBe(true);
      expect(lstatSync(`${root}/opt/afo-sample/current`).isSymbolicLink()).toBe(true);
      expect(readlinkSync(`${root}/opt/afo-sample/current`)).toBe('/opt/afo-sample/data');
      expect(readFileSync(`${root}/opt/afo-sample/conf/app.conf`, 'utf8')).toContain(`host=${h.name}`);
      expect(readFileSync(`${root}/etc/sysctl.d/90-afo-sample.conf`, 'utf8')).toMatch(/net\.ipv4\.tcp_retries1\s*=\s*4/);
      expect(readFileSync(`${root}/etc/passwd`, 'utf8')).toMatch(/^afosample:/m);
      // per-OS include: Debian has its own file, the others fall back to the default one
      expect(existsSync(`${root}/opt/afo-sample/conf/${h.os === 'debian12' ? 'debian.d' : 'other-os.d'}`)).toBe(true);
      expect(existsSync(`${root}/opt/afo-sample/reloaded`)).toBe(true);
    }
    const live = execFileSync('ip', ['netns', 'exec', `afolab-${lab.name}-1`, 'cat', '/proc/sys/net/ipv4/tcp_retries1'], { encoding: 'utf8' });
    expect(live.trim()).toBe('4');

    const second = play(lab.inventory);
    expect(second.code, second.stderr).toBe(0);
    expect(changedTasks(second)).toEqual(Object.fromEntries(names.map((n) => [n, 0])));
    const channels = Object.fromEntries(Object.entries(recap(second)).map(([h, s]) => [h, s.channels]));
    // A no-op re-run: the facts of every task in ONE round trip per host (the per-OS include's
    // too, thanks to the first run's base facts kept beside the logs) — never one per task.
    for (const n of names) expect(channels[n]).toBe(1);
    console.log(`no-op re-run channels per host: ${JSON.stringify(channels)}`);

    const check = play(lab.inventory, '--check');
    expect(check.code, check.stderr).toBe(0);
    expect(changedTasks(check)).toEqual(Object.fromEntries(names.map((n) => [n, 0])));
    expect(check.events.filter((e) => e.type === 'change')).toEqual([]);
  });

  it('works through a password login and sudo with a password (tester/tester)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afo-inv-'));
    const inv = join(dir, 'hosts.ini');
    writeFileSync(inv, sudoInventory(lab, lab.hosts));
    const p = play(inv, '-e', 'app_root=/opt/afo-sudo', '-e', 'app_user=afosudo');
    expect(p.code, p.stderr + JSON.stringify(p.events.filter((e) => e.type === 'failure'))).toBe(0);
    for (const h of lab.hosts) {
      const st = statSync(`${h.root}/opt/afo-sudo/conf/app.conf`);
      expect(st.uid).not.toBe(0); // owned by afosudo: written as root through sudo, chowned
      expect(readFileSync(`${h.root}/etc/passwd`, 'utf8')).toMatch(/^afosudo:/m);
    }
    expect(JSON.stringify(p.events)).not.toContain(`"${lab.sudoPassword}"`);
    const again = play(inv, '-e', 'app_root=/opt/afo-sudo', '-e', 'app_user=afosudo');
    expect(changedTasks(again)).toEqual(Object.fromEntries(lab.hosts.map((h) => [h.name, 0])));

    // The same with the sudo password typed once for all hosts (-K) instead of the inventory.
    writeFileSync(inv, readFileSync(inv, 'utf8').replace(/^ansible_become_pass=.*\n/m, ''));
    const none = play(inv, '-e', 'app_root=/opt/afo-sudo-k', '-e', 'app_user=afosudo');
    expect(none.code).toBe(4);
    expect(JSON.stringify(none.events)).toMatch(/asks for a password and none was given/);
    const asked = playWithInput(`${lab.sudoPassword}\n`, inv, '-K', '-e', 'app_root=/opt/afo-sudo-k', '-e', 'app_user=afosudo');
    expect(asked.code, asked.stderr).toBe(0);
    for (const h of lab.hosts) expect(existsSync(`${h.root}/opt/afo-sudo-k/conf/app.conf`)).toBe(true);
    expect(JSON.stringify(asked.events)).not.toContain(`"${lab.sudoPassword}"`);
  });

  it('a changed host key is refused with a clear message; the other hosts run', () => {
    const victim = lab.hosts[2]!;
    rekey(victim.name);
    try {
      const p = play(lab.inventory);
      expect(p.code).toBe(4);
      const r = recap(p);
      expect(r[victim.name]!.state).toBe('unreachable');
      expect(r[victim.name]!.failure?.message).toMatch(/host key/i);
      expect(r[victim.name]!.failure?.message).toMatch(/changed|mismatch|does not match/i);
      for (const h of lab.hosts.slice(0, 2)) expect(r[h.name]!.state).toBe('ok');
    } finally {
      trust();
    }
  });
  it('an unreachable host fails alone while the others finish (exit code 4)', () => {
    const [a, b, c] = lab.hosts as [Lab['hosts'][0], Lab['hosts'][0], Lab['hosts'][0]];
    // Last test of the file: the stopped host stays down until afterAll removes the lab.
    stop(b.name);
    // A stopped host does not answer at all: a short connect timeout keeps the test quick.
    const inv = readFileSync(lab.inventory, 'utf8').replace('StrictHostKeyChecking=yes', 'StrictHostKeyChecking=yes -o ConnectTimeout=3');
    const file = join(mkdtempSync(join(tmpdir(), 'afo-inv-')), 'hosts.ini');
    writeFileSync(file, inv);
    const p = play(file, '-e', 'app_root=/opt/afo-partial');
    expect(p.code).toBe(4);
    const r = recap(p);
    expect(r[b.name]!.state).toBe('unreachable');
    expect(r[b.name]!.failure?.message).toMatch(new RegExp(b.name));
    expect(r[a.name]!.state).toBe('ok');
    expect(r[c.name]!.state).toBe('ok');
    expect(existsSync(`${a.root}/opt/afo-partial/conf/app.conf`)).toBe(true);
    expect(existsSync(`${c.root}/opt/afo-partial/conf/app.conf`)).toBe(true);
  });
});
