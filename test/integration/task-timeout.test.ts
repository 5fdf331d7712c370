/**
 * The `timeout:` task keyword through the real engine on this machine (LocalTransport): a command
 * that hangs is killed after the task's timeout and fails its task with the host and the command;
 * nothing of it keeps running; a literal bad value is refused when the role loads (file:line),
 * before any host is touched.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalTransport } from '../../src/connection/local.js';
import type { EngineEvent, FailureEvent } from '../../src/engine/events.js';
import { runRole } from '../../src/engine/run.js';
import { TaskLoader } from '../../src/roles/load.js';
import { builtinModules } from '../../src/tasks/modules/index.js';

let dir = '';
// A duration no other process on this machine sleeps, so that pgrep finds only ours.
const HANG = `sleep 1000.${process.pid}`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'afo-task-timeout-'));
  writeFileSync(
    join(dir, 'tasks.yml'),
    `
- name: quick, with a templated timeout
  command: /bin/true
  timeout: "{{ t }}"
- name: hangs
  command: ${HANG}
  timeout: 1
  ignore_errors: true
`,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('task timeout', () => {
  it('kills the hanging command, fails its task naming host and command, and leaves nothing running', async () => {
    const loader = new TaskLoader(builtinModules);
    const role = loader.load(join(dir, 'tasks.yml'));
    const events: EngineEvent[] = [];
    await runRole(
      { role, inventory: [{ name: 'me', vars: { t: 30 } }], groups: { all: ['me'], ungrouped: ['me'] }, hosts: ['me'] },
      { loader, connect: async () => new LocalTransport(), local: () => new LocalTransport(), emit: (e) => void events.push(e) },
    );
    const ends = Object.fromEntries(events.flatMap((e) => (e.type === 'host-task-end' ? [[e.task.name, e.status]] : [])));
    expect(ends['quick, with a templated timeout']).toBe('changed');
    const failures = events.filter((e): e is FailureEvent => e.type === 'failure');
    const hang = failures.find((f) => f.task.name === 'hangs')!;
    expect(hang.host).toBe('me');
    expect(hang.message).toMatch(/timed out after 1 s and was killed/);
    expect(hang.command).toContain(HANG);
    let left = '';
    try {
      left = execFileSync('pgrep', ['-f', HANG], { encoding: 'utf8' });
    } catch {
      // pgrep exits 1 when nothing matches
    }
    expect(left).toBe('');
  });

  it('a literal bad value is refused when the role loads, naming file:line (nothing runs)', () => {
    const file = join(dir, 'bad.yml');
    writeFileSync(file, '- name: bad timeout\n  command: /bin/true\n  timeout: soon\n');
    expect(() => new TaskLoader(builtinModules).load(file)).toThrow(`${file}:1: timeout: needs a whole number of seconds, got string "soon"`);
  });
});
