import { describe, expect, it } from 'vitest';
import type { Module } from '../../../src/tasks/module.js';
import { put, testModules } from './fake-modules.js';
import { makeHosts, run, statuses, writeRole } from './harness.js';

const six = [1, 2, 3, 4, 5, 6].map((i) => `- name: t${i}\n  put: { path: /etc/f${i}, content: "${i}" }\n`).join('');

describe('engine: a change re-reads the facts of the next few tasks only', () => {
  it('the refresh after t1 holds t2..t4, not t5/t6; every task still plans from post-change facts', async () => {
    const hosts = makeHosts(1);
    hosts[0]!.files.set('/etc/f2', '2'); // t2 has nothing to do
    const r = await run(writeRole({ 'tasks/main.yml': six }), hosts, { verify: true });
    expect(r.result.exitCode).toBe(0);
    expect(Object.values(statuses(r.events, 't2'))).toEqual(['ok']);
    for (const t of ['t1', 't3', 't4', 't5', 't6']) expect(Object.values(statuses(r.events, t))).toEqual(['changed']);
    const b = hosts[0]!.batches;
    expect(b[0]).toEqual(['base', ...[1, 2, 3, 4, 5, 6].map((i) => `content:/etc/f${i}`)]);
    // after t1: t1 (verify) and the next three tasks' facts
    expect(b[1]).toEqual(['content:/etc/f1', 'content:/etc/f2', 'content:/etc/f3', 'content:/etc/f4']);
    expect(hosts[0]!.files.get('/etc/f6')).toBe('6');
  });

  it('a re-run after that changes nothing in one round trip', async () => {
    const hosts = makeHosts(1);
    const dir = writeRole({ 'tasks/main.yml': six });
    await run(dir, hosts, {});
    const again = await run(dir, hosts, {});
    expect(again.result.hosts.h1!.changed).toBe(0);
    expect(again.result.hosts.h1!.channels).toBe(1);
  });

  it("handlers read only their own facts: not the role's tasks' facts again", async () => {
    const hosts = makeHosts(1);
    const tasks = [1, 2, 3].map((i) => `- name: t${i}\n  put: { path: /etc/f${i}, content: "${i}" }\n  notify: [h1, h2]\n`).join('');
    const handlers = [1, 2].map((i) => `- name: h${i}\n  put: { path: /etc/h${i}, content: "${i}" }\n`).join('');
    const r = await run(writeRole({ 'tasks/main.yml': tasks, 'handlers/main.yml': handlers }), hosts, {});
    expect(r.result.exitCode).toBe(0);
    for (const t of ['h1', 'h2']) expect(Object.values(statuses(r.events, t))).toEqual(['changed']);
    const b = hosts[0]!.batches;
    const first = b.findIndex((ids) => ids.includes('content:/etc/h1'));
    // the first handler's read brings the next notified handler's facts too (batch.ts), nothing else
    expect(b[first]).toEqual(['content:/etc/h1', 'content:/etc/h2']);
    expect(
      b
        .slice(first)
        .flat()
        .filter((id) => id.startsWith('content:/etc/f')),
    ).toEqual([]);
    expect(hosts[0]!.files.get('/etc/h2')).toBe('2');
  });

  it('the window reaches the next task a batch stops at, so the tasks up to it are planned as one batch', async () => {
    // putx declares what it alters (its file), so t2..t6 can share a script once their facts are known
    const putx: Module<{ path: string; content: string }> = { ...put, name: 'putx', effects: (a) => [a.path] };
    const hosts = makeHosts(1);
    const tasks = [
      '- name: t1\n  put: { path: /etc/f1, content: "1" }\n',
      ...[2, 3, 4, 5, 6].map((i) => `- name: t${i}\n  putx: { path: /etc/f${i}, content: "${i}" }\n`),
      '- name: t7\n  putx: { path: /etc/f7, content: "7" }\n  register: seven\n',
      '- name: t8\n  putx: { path: /etc/f8, content: "8" }\n',
    ].join('');
    const r = await run(writeRole({ 'tasks/main.yml': tasks }), hosts, { modules: [...testModules, putx] });
    expect(r.result.exitCode).toBe(0);
    const h = hosts[0]!;
    // after t1 (its effects unknown: alone): t2..t7's facts (t7 has a register: the next batch ends there), not t8's
    expect(h.batches[1]).toEqual([2, 3, 4, 5, 6, 7].map((i) => `content:/etc/f${i}`));
    // t2..t6 then went in one script
    expect(h.scripts.map((s) => (s.match(/write '?\//g) ?? []).length).filter((n) => n > 0)).toEqual([1, 5, 1, 1]);
  });

  it('the window stops at a task whose effects are unknown: facts past it would be stale before they are used', async () => {
    const putx: Module<{ path: string; content: string }> = { ...put, name: 'putx', effects: (a) => [a.path] };
    const hosts = makeHosts(1);
    const tasks = [1, 2, 3, 4, 5, 6, 7, 8]
      .map((i) => `- name: t${i}\n  ${i === 1 || i === 6 ? 'put' : 'putx'}: { path: /etc/f${i}, content: "${i}" }\n`)
      .join('');
    const r = await run(writeRole({ 'tasks/main.yml': tasks }), hosts, { modules: [...testModules, putx] });
    expect(r.result.exitCode).toBe(0);
    // after t1: t2..t6 (t6 is a put: nothing that reads facts joins a batch after it), not t7/t8
    expect(hosts[0]!.batches[1]).toEqual([2, 3, 4, 5, 6].map((i) => `content:/etc/f${i}`));
  });

  it('a task the run will skip (when already false, or deselected by tags) does not end the window, whatever it would alter', async () => {
    const putx: Module<{ path: string; content: string }> = { ...put, name: 'putx', effects: (a) => [a.path] };
    const hosts = makeHosts(1);
    const tasks = [1, 2, 3, 4, 5, 6, 7, 8]
      .map(
        (i) =>
          `- name: t${i}\n  ${i === 1 || i === 4 || i === 6 ? 'put' : 'putx'}: { path: /etc/f${i}, content: "${i}" }\n${i === 4 ? '  when: false\n' : i === 6 ? '  tags: [never]\n' : ''}`,
      )
      .join('');
    const r = await run(writeRole({ 'tasks/main.yml': tasks }), hosts, { modules: [...testModules, putx] });
    expect(r.result.exitCode).toBe(0);
    expect(Object.values(statuses(r.events, 't4'))).toEqual(['skipped']);
    // after t1: t2..t8 (t4 and t6, puts that would end a batch, do not run here), and t2..t8 then share one script
    expect(hosts[0]!.batches[1]).toEqual([2, 3, 5, 7, 8].map((i) => `content:/etc/f${i}`));
    expect(hosts[0]!.scripts.map((s) => (s.match(/write '?\//g) ?? []).length).filter((n) => n > 0)).toEqual([1, 5]);
    expect(hosts[0]!.files.has('/etc/f4')).toBe(false);
  });
});
