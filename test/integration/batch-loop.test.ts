/**
 * Loop items batched with predicted facts on a real lab host (docs/architecture.md §3.3): three
 * sysctl items on one new file and a lineinfile loop on an existing one go to the host in one script, the
 * files end as the items one by one would leave them, and --verify then a re-run find nothing
 * to do. Runs the real CLI (dist/).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent, HostSummary } from '../../src/engine/events.js';
import type { Lab } from '../lab/api.js';
import { down, up } from './engine-lab.js';

const SYSCTL = '/etc/sysctl.d/60-afo-batch.conf';
const CONF = '/etc/afo-batch.conf';
// net.ipv4 keys: each lab host has its own network namespace, so these never touch the machine's
const TASKS = `
- name: kernel parameters
  sysctl:
    name: "{{ item.key }}"
    value: "{{ item.value }}"
    sysctl_file: ${SYSCTL}
  loop: "{{ params | dict2items }}"
  loop_control:
    label: "{{ item.key }}"
- name: settings
  lineinfile:
    path: ${CONF}
    regexp: "^{{ item.k }}="
    line: "{{ item.k }}={{ item.v }}"
  loop:
    - { k: alpha, v: "1" }
    - { k: beta, v: "2" }
`;
const PARAMS = { 'net.ipv4.tcp_retries1': 5, 'net.ipv4.tcp_syn_retries': 5, 'net.ipv4.tcp_fin_timeout': 45 };

let lab: Lab;
let role: string;
let logs: string;

interface Play {
  code: number;
  events: EngineEvent[];
  stderr: string;
}

function play(...args: string[]): Play {
  if (!existsSync('dist/src/cli/main.js')) execFileSync('npx', ['tsc', '-p', '.'], { stdio: 'inherit' });
  const vars = JSON.stringify({ params: PARAMS });
  const r = spawnSync('node', ['dist/src/cli/main.js', 'play', '-i', lab.inventory, role, '-e', vars, '--json', '--log-dir', logs, ...args], {
    encoding: 'utf8',
  });
  const events = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as EngineEvent);
  return { code: r.status ?? -1, events, stderr: r.stderr };
}

function recap(p: Play): HostSummary {
  const end = p.events.find((e) => e.type === 'run-end');
  if (end?.type !== 'run-end') throw new Error(`no run-end event; stderr: ${p.stderr}`);
  return end.hosts[lab.hosts[0]!.name]!;
}

beforeAll(() => {
  lab = up(1, 'openeuler20.03');
  logs = mkdtempSync(join(tmpdir(), 'afo-batch-loop-logs-'));
  role = mkdtempSync(join(tmpdir(), 'afo-batch-loop-role-'));
  mkdirSync(join(role, 'tasks'));
  writeFileSync(join(role, 'tasks', 'main.yml'), TASKS);
  // The sysctl file is created by the first item (the others are planned from what it predicts
  // about a new file); the lineinfile one exists.
  const root = lab.hosts[0]!.root;
  mkdirSync(`${root}/etc/sysctl.d`, { recursive: true });
  rmSync(`${root}${SYSCTL}`, { force: true });
  writeFileSync(`${root}${CONF}`, '# settings\nbeta=0\n');
});

afterAll(() => {
  down();
});

describe('loop items in one script (lab)', () => {
  it('sysctl and lineinfile loops on one file each: one script, the same files as item by item, then nothing to do', () => {
    const first = play();
    expect(first.code, first.stderr + JSON.stringify(first.events.filter((e) => e.type === 'failure'))).toBe(0);
    const host = lab.hosts[0]!;
    // facts, then the five items' changes (and the refresh) in one script
    expect(recap(first).channels).toBe(2);
    expect(recap(first).changed).toBe(2);
    // per item, in order: the file and the live value (sysctl), the line (lineinfile)
    const items = first.events.flatMap((e) => (e.type === 'change' ? [e.change.item] : []));
    expect(items).toEqual([
      'net.ipv4.tcp_retries1', // mkdir -p of the directory (planned for every new file)
      'net.ipv4.tcp_retries1',
      'net.ipv4.tcp_retries1',
      'net.ipv4.tcp_syn_retries',
      'net.ipv4.tcp_syn_retries',
      'net.ipv4.tcp_fin_timeout',
      'net.ipv4.tcp_fin_timeout',
      '{"k":"alpha","v":"1"}',
      '{"k":"beta","v":"2"}',
    ]);
    expect(readFileSync(`${host.root}${SYSCTL}`, 'utf8')).toBe('net.ipv4.tcp_retries1=5\nnet.ipv4.tcp_syn_retries=5\nnet.ipv4.tcp_fin_timeout=45\n');
    const st = statSync(`${host.root}${SYSCTL}`);
    expect([st.mode & 0o7777, st.uid, st.gid]).toEqual([0o644, 0, 0]);
    expect(readFileSync(`${host.root}${CONF}`, 'utf8')).toBe('# settings\nbeta=2\nalpha=1\n');
    const live = (k: string) => execFileSync('ip', ['netns', 'exec', `afolab-${lab.name}-1`, 'cat', `/proc/sys/net/ipv4/${k}`], { encoding: 'utf8' }).trim();
    expect([live('tcp_retries1'), live('tcp_syn_retries'), live('tcp_fin_timeout')]).toEqual(['5', '5', '45']);

    const verify = play('--verify');
    expect(verify.code, verify.stderr + JSON.stringify(verify.events.filter((e) => e.type === 'failure'))).toBe(0);
    expect(recap(verify).changed).toBe(0);
    const again = play();
    expect(again.code).toBe(0);
    expect(recap(again).changed).toBe(0);
    expect(recap(again).channels).toBe(1);
  });
});
