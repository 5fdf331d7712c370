import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { applyUnits, buildExecBatch } from '../../../src/engine/exec-batch.js';
import type { Change, Module } from '../../../src/tasks/module.js';
import { testModules } from './fake-modules.js';
import { makeHosts, run, writeRole } from './harness.js';

const exec = (command: string, more: Partial<Change> = {}): Change => ({ kind: 'exec', description: command, command, ...more }) as Change;

describe('exec batch script (real sh)', () => {
  it('runs the commands in order, each in its own subshell with no stdin', () => {
    const b = buildExecBatch(['echo one', 'cd /; exit 0', 'pwd; cat; echo three']);
    const r = spawnSync('sh', ['-c', b.script], { cwd: tmpdir(), input: 'must not be read\n', encoding: 'utf8' });
    expect(r.status).toBe(0);
    // `cd`/`exit 0` stay inside their subshell; `cat` reads /dev/null, not the channel's stdin
    expect(r.stdout).toBe(`one\n${tmpdir()}\nthree\n`);
    expect(b.failedIndex(r.stderr)).toBeUndefined();
  });

  it('stops at the first failure and names it with its exit code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afo-batch-'));
    const b = buildExecBatch(['echo ok', 'echo bad >&2; exit 5', `touch ${join(dir, 'never')}`]);
    const r = spawnSync('sh', ['-c', b.script], { encoding: 'utf8' });
    expect(r.status).toBe(5);
    expect(b.failedIndex(r.stderr)).toBe(1);
    expect(b.clean(r.stderr)).toBe('bad\n');
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});

describe('applyUnits', () => {
  it('groups consecutive plain execs of one user and leaves everything else on its own', () => {
    const changes: Change[] = [
      exec('a'), exec('b'),
      exec('with stdin', { stdin: 'x' }),
      exec('c'), exec('d', { becomeUser: 'omm' }), exec('e', { becomeUser: 'omm' }),
      exec('codes', { okCodes: [0, 1] }),
      { kind: 'upload', description: 'up', dest: '/x', content: Buffer.from('') },
      exec('f'),
    ];
    const units = applyUnits(changes, (c) => c.becomeUser ?? 'root');
    expect(units.map((u) => (u.kind === 'batch' ? u.changes.map((c) => c.command).join('+') : u.change.description))).toEqual([
      'a+b', 'with stdin', 'c', 'd+e', 'codes', 'up', 'f',
    ]);
  });
});

/** `dirs: { paths }` — one exec change per path (like `file` planning mkdir, chown, chmod). */
const dirs: Module<{ paths: string[] }> = {
  name: 'dirs',
  args: z.object({ paths: z.array(z.string()) }).strict(),
  facts: () => [],
  plan: (a) => ({ changes: a.paths.map((p) => ({ kind: 'exec' as const, description: `mkdir ${p}`, command: `mkdir ${p}` })) }),
};

describe('engine: exec changes of a task share a round trip', () => {
  const role = writeRole({ 'tasks/main.yml': '- name: make dirs\n  dirs: { paths: [/a, /b, /c] }\n' });

  it('runs three changes in one exec and still logs each command', async () => {
    const hosts = makeHosts(1);
    const r = await run(role, hosts, { modules: [...testModules, dirs] as Module[] });
    expect(r.result.exitCode).toBe(0);
    expect(hosts[0]!.execs.map((c) => c.command)).toEqual(['mkdir /a', 'mkdir /b', 'mkdir /c']);
    expect(r.result.hosts.h1!.channels).toBe(2); // facts + the batch
    const logged = r.events.flatMap((e) => (e.type === 'command' && e.purpose === 'exec' ? [e.command] : []));
    expect(logged).toEqual(['mkdir /a', 'mkdir /b', 'mkdir /c']);
  });

  it('a failing command fails the task with its own description; later ones are not reported as run', async () => {
    const hosts = makeHosts(1);
    hosts[0]!.respond = (command) => (command === 'mkdir /b' ? { exitCode: 7, stderr: 'mkdir: cannot create /b\n' } : undefined);
    const r = await run(role, hosts, { modules: [...testModules, dirs] as Module[] });
    expect(r.result.hosts.h1!.state).toBe('failed');
    expect(r.result.hosts.h1!.failure?.message).toBe('mkdir /b failed (exit code 7)');
    const logged = r.events.flatMap((e) => (e.type === 'command' && e.purpose === 'exec' ? [`${e.command}:${e.exitCode}`] : []));
    expect(logged).toEqual(['mkdir /a:0', 'mkdir /b:7']);
    const failure = r.events.find((e) => e.type === 'failure');
    expect(failure?.type === 'failure' && failure.output).toEqual(['mkdir: cannot create /b']);
    expect(hosts[0]!.execs.map((c) => c.command)).toEqual(['mkdir /a', 'mkdir /b']);
  });
});

describe('engine: facts made stale by a change are re-read in the change\'s own round trip', () => {
  const twice = `
- name: a
  put: { path: /etc/a, content: A }
- name: a again (must see the file the first task wrote)
  put: { path: /etc/a, content: A }
- name: b
  put: { path: /etc/b, content: B }
`;

  it('a fresh run costs one round trip per changing task, and later tasks plan from post-change facts', async () => {
    const hosts = makeHosts(2);
    const r = await run(writeRole({ 'tasks/main.yml': twice }), hosts, { verify: true });
    expect(r.result.exitCode).toBe(0);
    expect(Object.values(r.result.hosts).map((s) => [s.changed, s.ok])).toEqual([[2, 1], [2, 1]]);
    // gather (base + every task's facts), write a (+ facts), write b (+ facts): 3, where fetching
    // after each change took 5 (the verify re-plans read the refreshed facts too).
    expect(Object.values(r.result.hosts).map((s) => s.channels)).toEqual([3, 3]);
    expect(hosts[0]!.batches).toHaveLength(3);
    expect(hosts[0]!.execs.map((c) => c.command)).toEqual(["printf %s 'A' > /etc/a", "printf %s 'B' > /etc/b"]);
  });

  it('facts are not carried by a change that runs as another user', async () => {
    const hosts = makeHosts(1);
    const r = await run(writeRole({ 'tasks/main.yml': twice.replace('  put: { path: /etc/a, content: A }\n- name: a again', '  put: { path: /etc/a, content: A }\n  become: true\n  become_user: omm\n- name: a again') }), hosts);
    expect(r.result.exitCode).toBe(0);
    // gather, write a as omm, facts as root (own round trip), write b (+ facts)
    expect(r.result.hosts.h1!.channels).toBe(4);
  });
});
