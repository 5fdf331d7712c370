/**
 * Read commands as facts on a real lab host over SSH (docs/architecture.md §3.3): a shell task
 * marked `changed_when: false` is read in the fact batch (as root, and through sudo with a
 * password), registers what the same command run in place registers, and is read again after a
 * change. Runs the real CLI (dist/).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events.js';
import type { Lab } from '../lab/api.js';
import { down, sudoInventory, up } from './engine-lab.js';

let lab: Lab;
let work: string;

const read = (name: string, reg: string, extra = '') => `- name: ${name}
  shell: cat {{ file }}; echo to-stderr >&2; exit 3
  register: ${reg}
  changed_when: false
  failed_when: ${reg}.rc != 3
  become: true
${extra}`;

const ROLE = `- copy: { dest: "{{ file }}", content: "before\\n" }
${read('read one', 'r1')}${read('read in place', 'r2', '  environment: { AFO_T: "1" }\n')}- copy: { dest: "{{ file }}", content: "after\\n" }
${read('read again', 'r3')}- assert:
    that:
      - r1 | to_json == r2 | to_json
      - r1.stdout == 'before' and r1.stderr == 'to-stderr' and r1.rc == 3 and r1.stdout_lines == ['before']
      - r3.stdout == 'after'
`;

interface Played {
  code: number;
  out: string;
  /** The host's run log, by task name: each command's section without its duration. */
  sections: Record<string, string>;
  /** Each command's duration (ms) from events.jsonl, by task name. */
  ms: Record<string, number>;
  events: string;
}

function play(inventory: string, file: string): Played {
  if (!existsSync('dist/src/cli/main.js')) execFileSync('npx', ['tsc', '-p', '.'], { stdio: 'inherit' });
  const logs = mkdtempSync(join(work, 'logs-'));
  const r = spawnSync('node', ['dist/src/cli/main.js', 'play', '-i', inventory, join(work, 'role'), '--json', '--log-dir', logs, '-e', `file=${file}`], {
    encoding: 'utf8',
  });
  const dir = join(logs, readdirSync(logs)[0]!);
  const log = readFileSync(join(dir, `${lab.hosts[0]!.name}.log`), 'utf8');
  const sections: Record<string, string> = {};
  for (const part of log.split(/^### /m).slice(1)) {
    const name = /^(.*?) \(/.exec(part)?.[1];
    if (name) sections[name] = part.replace(/^.*\n/, '');
  }
  const jsonl = readFileSync(join(dir, 'events.jsonl'), 'utf8');
  const ms: Record<string, number> = {};
  for (const line of jsonl.split('\n').filter(Boolean)) {
    const e = JSON.parse(line) as EngineEvent;
    if (e.type === 'command' && e.task) ms[e.task.name] = e.durationMs;
  }
  return {
    code: r.status ?? -1,
    out:
      r.stderr +
      r.stdout
        .split('\n')
        .filter((l) => l.includes('"failure"'))
        .join('\n'),
    sections,
    ms,
    events: r.stdout + jsonl + log,
  };
}

beforeAll(() => {
  lab = up(1, 'openeuler20.03');
  work = mkdtempSync(join(tmpdir(), 'afo-readcmd-'));
  execFileSync('mkdir', ['-p', join(work, 'role/tasks')]);
  writeFileSync(join(work, 'role/tasks/main.yml'), ROLE);
});

afterAll(() => {
  down();
});

describe('read commands on a lab host', () => {
  const check = (p: Played) => {
    expect(p.code, p.out).toBe(0);
    // the same log section (command, exit code, stdout, stderr) as the command run in place
    expect(p.sections['read one']).toBe(p.sections['read in place']);
    expect(p.sections['read one']).toMatch(/\n--- stdout\nbefore\n--- stderr\nto-stderr\n/);
    expect(p.sections['read again']).toMatch(/\n--- stdout\nafter\n/);
    // read with the facts: no channel of its own (0 ms, like a member of a batch)
    expect([p.ms['read one'], p.ms['read again']]).toEqual([0, 0]);
    expect(p.ms['read in place']).toBeGreaterThan(0);
  };

  it('as root', () => {
    check(play(lab.inventory, '/tmp/afo-readcmd-root'));
  });

  it('through sudo with a password', () => {
    const inv = join(work, 'sudo.ini');
    writeFileSync(inv, sudoInventory(lab, lab.hosts));
    const p = play(inv, '/tmp/afo-readcmd-sudo');
    check(p);
    expect(p.events).not.toContain(`"${lab.sudoPassword}"`);
  });
});
