/**
 * Batches on a real lab host (docs/architecture.md §3.3, batched changes). A user's password: the
 * user task shares a round trip with the tasks around it, and the password hash (`chpasswd -e`'s
 * stdin) never shows in the host's process list (a `ps` recorder runs during the batch) nor in
 * the run log or the events — logged in as root, and as a sudo user with a password. Commands and
 * handlers: a long command ending a batch shows its output live; a command handler and two
 * service handlers (restarted, reloaded) run in one round trip, in order.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent, ProgressEvent } from '../../src/engine/events.js';
import type { Lab } from '../lab/api.js';
import { down, sudoInventory, up } from './engine-lab.js';

let lab: Lab;
let dir = '';

/** Tasks: start a ps recorder (alone: what follows reads facts), then a, the user, b and the recorder's stop in one batch. */
const role = (user: string, tag: string) => `
- name: process recorder (ps over and over until the stop file appears)
  shell: "rm -f /root/afo-ps-stop-${tag}; nohup sh -c 'while [ ! -e /root/afo-ps-stop-${tag} ]; do ps -eo args; done' > /root/afo-ps-${tag}.log 2>&1 &"
  become: true
- name: a
  lineinfile: { path: /root/afo-batch-${tag}-a, line: a, create: true }
  become: true
- name: the user, with a password
  user: { name: ${user}, password: "{{ batch_hash }}", update_password: on_create }
  no_log: true
  become: true
- name: b
  lineinfile: { path: /root/afo-batch-${tag}-b, line: b, create: true }
  become: true
- name: recorder stops
  command: touch /root/afo-ps-stop-${tag}
  become: true
`;

/** afo play of a role directory (tasks, handlers) written under `dir`, with `vars`. */
function play(inventory: string, tag: string, files: Record<string, string>, vars: Record<string, unknown> = {}) {
  const roleDir = join(dir, tag);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(roleDir, dirname(name)), { recursive: true });
    writeFileSync(join(roleDir, name), text);
  }
  const varsFile = join(dir, `${tag}-vars.json`);
  writeFileSync(varsFile, JSON.stringify(vars));
  const logs = mkdtempSync(join(dir, 'logs-'));
  const r = spawnSync('node', ['dist/src/cli/main.js', 'play', '-i', inventory, roleDir, '-e', `@${varsFile}`, '--json', '--log-dir', logs], {
    encoding: 'utf8',
  });
  const events = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as EngineEvent);
  return { code: r.status ?? -1, events, stderr: r.stderr, logs };
}

/** Every file under a directory, concatenated. */
function readAll(path: string): string {
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => readFileSync(join(d.parentPath, d.name), 'utf8'))
    .join('\n');
}

beforeAll(() => {
  if (!existsSync('dist/src/cli/main.js')) execFileSync('npx', ['tsc', '-p', '.'], { stdio: 'inherit' });
  lab = up(1, 'openeuler20.03');
  dir = mkdtempSync(join(tmpdir(), 'afo-batch-secret-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  down();
});

describe('a password in a batch on a lab host', () => {
  for (const how of ['root', 'sudo'] as const) {
    it(`logged in as ${how}: the user joins the batch, its hash is in no process list, log or event`, () => {
      const h = lab.hosts[0]!;
      const tag = `${how}${process.pid}`;
      const user = `afob${how}${process.pid % 10000}`;
      const hash = `$6$afobatch$${how}${process.pid}H4shNeverInArgv`;
      const inventory = how === 'root' ? lab.inventory : join(dir, 'sudo.ini');
      if (how === 'sudo') writeFileSync(inventory, sudoInventory(lab, lab.hosts));
      const p = play(inventory, tag, { 'tasks/main.yml': role(user, tag) }, { batch_hash: hash });
      expect(p.code, p.stderr + JSON.stringify(p.events.filter((e) => e.type === 'failure'))).toBe(0);
      // the hash was set (chpasswd -e got it on stdin)
      expect(readFileSync(`${h.root}/etc/shadow`, 'utf8')).toContain(`${user}:${hash}:`);
      // a, the user, b and the recorder's stop in one round trip: the recorder, the facts, that batch
      const end = p.events.find((e) => e.type === 'run-end');
      expect(end?.type === 'run-end' && end.hosts[h.name]!.channels).toBeLessThanOrEqual(4);
      const hostLog = readAll(p.logs);
      expect(hostLog).toMatch(/### the user, with a password .*\[exec\] exit=0 0ms/);
      const ps = readFileSync(`${h.root}/root/afo-ps-${tag}.log`, 'utf8');
      // the recorder saw the batch run (chpasswd's or useradd's process line), never the hash
      expect(ps).toMatch(/__afo_s=\$\(cat\)|useradd|chpasswd/);
      expect(ps).not.toContain('H4shNeverInArgv');
      expect(hostLog).not.toContain('H4shNeverInArgv');
      expect(JSON.stringify(p.events)).not.toContain('H4shNeverInArgv');
    });
  }
});

describe('commands and handlers in a batch on a lab host', () => {
  it('a long command ending a batch shows its output live; the command and service handlers share one round trip, in order', () => {
    const tag = `cmd${process.pid}`;
    const tasks = `
- name: marker file
  lineinfile: { path: /root/afo-${tag}, line: x, create: true }
  notify: [reload systemd, reload sshd, restart crond]
- name: long step
  shell: "echo step one; sleep 3; echo step two"
`;
    const handlers = `
- name: reload systemd
  command: systemctl daemon-reload
- name: restart crond
  service: { name: crond, state: restarted }
- name: reload sshd
  service: { name: sshd, state: reloaded }
`;
    const p = play(lab.inventory, tag, { 'tasks/main.yml': tasks, 'handlers/main.yml': handlers });
    expect(p.code, p.stderr + JSON.stringify(p.events.filter((e) => e.type === 'failure'))).toBe(0);
    const log = readAll(p.logs);
    // the marker file and the long step in one script: the first member's line shows 0 ms
    expect(log).toMatch(/### marker file .*\[exec\] exit=0 0ms/);
    const live = p.events.filter((e): e is ProgressEvent => e.type === 'progress' && e.task?.name === 'long step');
    expect(live[0]).toMatchObject({ kind: 'command', lastLine: 'step one', done: false });
    // handler order (reload systemd, restart crond, reload sshd), one round trip: only the last has a time
    const lines = [...log.matchAll(/### (reload systemd|restart crond|reload sshd) .*\[exec\] exit=0 (\d+)ms/g)].map((m) => [m[1], m[2] === '0']);
    expect(lines).toEqual([
      ['reload systemd', true],
      ['restart crond', true],
      ['reload sshd', false],
    ]);
  });
});
