/**
 * A batch that sets a user's password on a real lab host (docs/architecture.md §3.3, batched
 * changes): the user task shares a round trip with the tasks around it, and the password hash
 * (`chpasswd -e`'s stdin) never shows in the host's process list (a `ps` recorder runs during the
 * batch) nor in the run log or the events — logged in as root, and as a sudo user with a password.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events.js';
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

function play(inventory: string, user: string, tag: string, hash: string): { code: number; events: EngineEvent[]; stderr: string; logs: string } {
  const file = join(dir, `${tag}.yml`);
  writeFileSync(file, role(user, tag));
  const vars = join(dir, `${tag}-vars.json`);
  writeFileSync(vars, JSON.stringify({ batch_hash: hash }));
  const logs = mkdtempSync(join(dir, 'logs-'));
  const r = spawnSync('node', ['dist/src/cli/main.js', 'play', '-i', inventory, file, '-e', `@${vars}`, '--json', '--log-dir', logs], { encoding: 'utf8' });
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
      const p = play(inventory, user, tag, hash);
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
