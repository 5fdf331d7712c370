/**
 * The built-in modules through the real engine (batched facts, apply, verify re-plan) on THIS
 * machine via the LocalTransport — no SSH, no lab. A task file touching only a temp directory runs
 * twice: the first run changes things, the second changes nothing, and the expect module answers
 * a prompting program without its answers reaching the events.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalTransport } from '../../src/connection/local.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { runRole } from '../../src/engine/run.js';
import { TaskLoader } from '../../src/roles/load.js';
import { builtinModules } from '../../src/tasks/modules/index.js';

let dir = '';
const SECRET = 'Gauss@123-not-in-logs';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'afo-engine-modules-'));
  mkdirSync(join(dir, 'templates'));
  mkdirSync(join(dir, 'files'));
  writeFileSync(join(dir, 'templates', 'app.conf.hbs'), 'host={{inventory_hostname}}\nport={{port}}\n');
  writeFileSync(join(dir, 'files', 'motd'), 'hello\n');
  // A program that prompts twice on stdout and records what it read.
  writeFileSync(join(dir, 'prompt.sh'), `printf 'Password: '; read a; printf 'Again: '; read b; [ "$a" = "$b" ] && echo "$a" > "$1"\n`);
  const w = join(dir, 'work');
  writeFileSync(
    join(dir, 'tasks.yml'),
    `
- name: data dir
  file: { path: ${w}/data, state: directory, mode: '0750', owner: nobody }
- name: link
  file: { path: ${w}/current, state: link, src: ${w}/data }
- name: config
  template: { src: app.conf.hbs, dest: ${w}/data/app.conf, mode: '0640' }
  vars: { port: 5432 }
- name: copy
  copy: { src: motd, dest: ${w}/motd, mode: '0600', force: no }
- name: a line
  lineinfile: { path: ${w}/profile, create: yes, line: 'HISTSIZE=0' }
- name: a block
  blockinfile: { path: ${w}/hosts, create: yes, marker: '# {mark} NODES', block: "10.0.0.1 og1\\n" }
- name: replace
  replace: { path: ${w}/motd, regexp: '^hello$', replace: 'welcome' }
- name: cron file
  cron: { name: backup, job: /bin/true, minute: 5, cron_file: ${w}/cron.afo }
- name: command once
  command: touch ${w}/flag creates=${w}/flag
- name: answer prompts
  expect:
    command: sh ${dir}/prompt.sh ${w}/answer
    creates: ${w}/answer
    responses: { 'Password:': '${SECRET}', 'Again:': '${SECRET}' }
- name: stat
  stat: { path: ${w}/data/app.conf }
  register: st
- assert: { that: ["st.stat.mode == '0640'", "st.stat.pw_name == 'root'"] }
- name: wait
  wait_for: { path: ${w}/flag, timeout: 5 }
- set_fact: { done_marker: yes }
- debug: { var: done_marker }
`,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(): Promise<{ code: number; events: EngineEvent[] }> {
  const loader = new TaskLoader(builtinModules);
  const role = loader.load(join(dir, 'tasks.yml'));
  const events: EngineEvent[] = [];
  const result = await runRole(
    { role, inventory: [{ name: 'me', vars: {} }], groups: { all: ['me'], ungrouped: ['me'] }, hosts: ['me'] },
    { loader, connect: async () => new LocalTransport(), local: () => new LocalTransport(), emit: (e) => void events.push(e) },
    { verify: true },
  );
  return { code: result.exitCode, events };
}

const status = (events: EngineEvent[]) => Object.fromEntries(events.flatMap((e) => (e.type === 'host-task-end' ? [[e.task.name, e.status]] : [])));

describe('built-in modules through the engine on this machine', () => {
  it('first run changes, second run changes nothing', async () => {
    const first = await run();
    const s1 = status(first.events);
    expect(first.code, JSON.stringify(first.events.filter((e) => e.type === 'host-task-end' && e.status === 'failed'))).toBe(0);
    for (const t of ['data dir', 'link', 'config', 'a line', 'a block', 'replace', 'copy', 'cron file', 'command once', 'answer prompts']) {
      expect(s1[t], t).toBe('changed');
    }
    expect(s1.wait).toBe('ok');
    expect(readFileSync(join(dir, 'work', 'data', 'app.conf'), 'utf8')).toBe('host=me\nport=5432\n');
    expect(readFileSync(join(dir, 'work', 'motd'), 'utf8')).toBe('welcome\n');
    expect(readFileSync(join(dir, 'work', 'answer'), 'utf8')).toBe(`${SECRET}\n`);
    expect(JSON.stringify(first.events)).not.toContain(SECRET);

    const second = await run();
    expect(second.code).toBe(0);
    const s2 = status(second.events);
    expect(Object.entries(s2).filter(([, v]) => v === 'changed')).toEqual([]);
  });
});
