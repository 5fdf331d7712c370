import { describe, expect, it } from 'vitest';
import { touchedBy } from '../../../src/engine/batch.js';
import type { CommandEvent, EngineEvent } from '../../../src/engine/events.js';
import { fileFact, put, putx, shout, testModules } from './fake-modules.js';
import type { FakeHost } from './fake-transport.js';
import { makeHosts, run, statuses, writeRole } from './harness.js';

const modules = [...testModules, putx, shout];
const task = (name: string, body: string) => `- name: ${name}\n  ${body}\n`;
/** How many `write` commands each round trip carried (those that carried any). */
const writesPerTrip = (h: FakeHost) => h.scripts.map((s) => (s.match(/write '?\//g) ?? []).length).filter((n) => n > 0);
const commands = (events: EngineEvent[], host = 'h1') =>
  events.filter((e): e is CommandEvent => e.type === 'command' && e.host === host && e.purpose !== 'facts');

describe('batched changes across tasks (engine/batch.ts)', () => {
  it('independent changes of consecutive tasks go in one round trip; events stay per task and in order', async () => {
    const hosts = makeHosts(2);
    const tasks = [1, 2, 3, 4].map((i) => task(`t${i}`, `putx: { path: /etc/f${i}, content: "${i}" }`)).join('');
    const r = await run(writeRole({ 'tasks/main.yml': tasks }), hosts, { modules });
    expect(r.result.exitCode).toBe(0);
    for (const h of hosts) {
      // base facts with every task's facts, then all four changes in one script
      expect(r.result.hosts[h.name]!.channels).toBe(2);
      expect(writesPerTrip(h)).toEqual([4]);
      for (const i of [1, 2, 3, 4]) expect(h.files.get(`/etc/f${i}`)).toBe(String(i));
    }
    for (const i of [1, 2, 3, 4]) expect(statuses(r.events, `t${i}`)).toEqual({ h1: 'changed', h2: 'changed' });
    // each task's command event comes between its own task-start and task-end, with its own command
    let current = '';
    const seen: string[] = [];
    for (const e of r.events) {
      if (e.type === 'task-start') current = e.task.name;
      if (e.type === 'command' && e.host === 'h1' && e.purpose === 'exec') {
        expect(e.task?.name).toBe(current);
        expect(e.command).toContain(`/etc/f${current.slice(1)}`);
        seen.push(current);
      }
    }
    expect(seen).toEqual(['t1', 't2', 't3', 't4']);
    // a re-run changes nothing in one round trip
    const again = await run(writeRole({ 'tasks/main.yml': tasks }), hosts, { modules });
    expect(again.result.hosts.h1!.changed).toBe(0);
    expect(again.result.hosts.h1!.channels).toBe(1);
  });

  it('a task reading what an earlier one changes is planned after it runs (a new round trip), from fresh facts', async () => {
    const hosts = makeHosts(1);
    const tasks = [
      task('a', 'putx: { path: /etc/a, content: "1" }'),
      task('b', 'putx: { path: /etc/b, content: "1" }'),
      task('a again', 'putx: { path: /etc/a, content: "1" }'), // reads /etc/a: not in the batch
      task('c', 'putx: { path: /etc/c, content: "1" }'),
    ].join('');
    const r = await run(writeRole({ 'tasks/main.yml': tasks }), hosts, { modules });
    expect(r.result.exitCode).toBe(0);
    expect(statuses(r.events, 'a again')).toEqual({ h1: 'ok' }); // planned from the facts after a
    expect(statuses(r.events, 'c')).toEqual({ h1: 'changed' });
    expect(r.result.hosts.h1!.channels).toBe(3); // facts; a+b; c (its facts came with the first batch's refresh)
    expect(writesPerTrip(hosts[0]!)).toEqual([2, 1]);
  });

  it('a task whose effects are unknown (put) ends a batch for every later task that reads facts', async () => {
    const hosts = makeHosts(1);
    const tasks = [
      task('x', 'putx: { path: /etc/x, content: "1" }'),
      task('y', 'put: { path: /etc/y, content: "1" }'),
      task('z', 'putx: { path: /etc/z, content: "1" }'),
    ].join('');
    const r = await run(writeRole({ 'tasks/main.yml': tasks }), hosts, { modules });
    expect(r.result.exitCode).toBe(0);
    // x and y share a script (y's facts were not touched by x); z is planned after y ran
    expect(writesPerTrip(hosts[0]!)).toEqual([2, 1]);
  });

  it('register, when on a registered result, changed_when, a block or a handler flush split the batch', async () => {
    const hosts = makeHosts(1);
    const tasks = [
      task('r1', 'putx: { path: /etc/r1, content: "1" }\n  register: out'),
      task('r2', 'putx: { path: /etc/r2, content: "1" }\n  when: out is changed'),
      task('r3', 'putx: { path: /etc/r3, content: "1" }\n  changed_when: true'),
      task('r4', 'putx: { path: /etc/r4, content: "1" }'),
      '- meta: flush_handlers\n',
      task('r5', 'putx: { path: /etc/r5, content: "1" }'),
    ].join('');
    const r = await run(writeRole({ 'tasks/main.yml': tasks }), hosts, { modules });
    expect(r.result.exitCode).toBe(0);
    for (const t of ['r1', 'r2', 'r3', 'r4', 'r5']) expect(statuses(r.events, t)).toEqual({ h1: 'changed' });
    // one script per task: none of them could join the one before it
    expect(writesPerTrip(hosts[0]!)).toEqual([1, 1, 1, 1, 1]);
  });

  it('a failing change stops the batch: later tasks do not run, each task gets its own output, stderr and exit code', async () => {
    const hosts = makeHosts(1);
    const tasks = [
      task('s1', 'shout: { path: /etc/s1, out: one-out, err: one-err }'),
      task('s2', 'shout: { path: /etc/s2, out: two-out, err: two-err, rc: 4 }'),
      task('s3', 'shout: { path: /etc/s3, out: three-out, err: three-err }'),
    ].join('');
    const r = await run(writeRole({ 'tasks/main.yml': tasks }), hosts, { modules });
    expect(r.result.exitCode).not.toBe(0);
    expect(statuses(r.events, 's1')).toEqual({ h1: 'changed' });
    expect(statuses(r.events, 's2')).toEqual({ h1: 'failed' });
    expect(statuses(r.events, 's3')).toEqual({});
    expect(hosts[0]!.files.get('/etc/s1')).toBe('x');
    expect(hosts[0]!.files.get('/etc/s3')).toBeUndefined();
    const cmds = commands(r.events);
    expect(cmds.map((c) => [c.task?.name, c.exitCode, c.stdout, c.stderr])).toEqual([
      ['s1', 0, 'one-out', 'one-err'],
      ['s2', 4, 'two-out', 'two-err'],
    ]);
    const failure = r.events.find((e) => e.type === 'failure');
    expect(failure).toMatchObject({ host: 'h1', task: { name: 's2' }, message: expect.stringContaining('exit code 4') });
    expect(r.result.hosts.h1!.channels).toBe(2);
  });

  it('ignore_errors: the failing task is reported ignored and the tasks after it still run (planned again)', async () => {
    const hosts = makeHosts(1);
    const tasks = [
      task('s1', 'shout: { path: /etc/s1, out: a, err: b }'),
      task('s2', 'shout: { path: /etc/s2, out: c, err: d, rc: 2 }\n  ignore_errors: true'),
      task('s3', 'shout: { path: /etc/s3, out: e, err: f }'),
    ].join('');
    const r = await run(writeRole({ 'tasks/main.yml': tasks }), hosts, { modules });
    expect(r.result.exitCode).toBe(0);
    expect(statuses(r.events, 's2')).toEqual({ h1: 'failed' });
    expect(r.result.hosts.h1!.ignored).toBe(1);
    expect(statuses(r.events, 's3')).toEqual({ h1: 'changed' });
    expect(hosts[0]!.files.get('/etc/s3')).toBe('x');
    expect(commands(r.events).map((c) => c.task?.name)).toEqual(['s1', 's2', 's3']);
  });

  it('notified handlers share a round trip; one not notified is passed over and does not run', async () => {
    const hosts = makeHosts(1);
    const tasks = task('t', 'putx: { path: /etc/t, content: "1" }\n  notify: [h1, h3]');
    const handlers = [1, 2, 3].map((i) => task(`h${i}`, `putx: { path: /etc/h${i}, content: "${i}" }`)).join('');
    const r = await run(writeRole({ 'tasks/main.yml': tasks, 'handlers/main.yml': handlers }), hosts, { modules });
    expect(r.result.exitCode).toBe(0);
    expect(statuses(r.events, 'h1')).toEqual({ h1: 'changed' });
    expect(statuses(r.events, 'h2')).toEqual({});
    expect(statuses(r.events, 'h3')).toEqual({ h1: 'changed' });
    expect(hosts[0]!.files.get('/etc/h2')).toBeUndefined();
    // the task's change re-read the handlers' facts; then both handlers in one script
    expect(writesPerTrip(hosts[0]!)).toEqual([1, 2]);
    expect(commands(r.events).map((c) => c.task?.name)).toEqual(['t', 'h1', 'h3']);
  });

  it('an interrupt after a batch still reports the tasks it ran ahead, and starts nothing new', async () => {
    const hosts = makeHosts(1);
    const tasks =
      [1, 2, 3].map((i) => task(`t${i}`, `putx: { path: /etc/f${i}, content: "${i}" }`)).join('') +
      task('t4', 'put: { path: /etc/f4, content: "4" }') +
      task('t5', 'put: { path: /etc/f5, content: "5" }');
    const stop = new AbortController();
    // the second exec that reads facts is the batch of t1..t4 (with its refresh): interrupt then
    hosts[0]!.onBatch = (n) => {
      if (n === 2) stop.abort();
    };
    const r = await run(writeRole({ 'tasks/main.yml': tasks }), hosts, { modules, signal: stop.signal });
    for (const t of ['t1', 't2', 't3', 't4']) expect(statuses(r.events, t)).toEqual({ h1: 'changed' });
    expect(statuses(r.events, 't5')).toEqual({});
    expect(hosts[0]!.files.get('/etc/f5')).toBeUndefined();
    expect(commands(r.events).map((c) => c.task?.name)).toEqual(['t1', 't2', 't3', 't4']);
  });

  it('--check and --verify do not batch', async () => {
    const tasks = [1, 2, 3].map((i) => task(`t${i}`, `putx: { path: /etc/f${i}, content: "${i}" }`)).join('');
    const hosts = makeHosts(1);
    const v = await run(writeRole({ 'tasks/main.yml': tasks }), hosts, { modules, verify: true });
    expect(v.result.exitCode).toBe(0);
    expect(writesPerTrip(hosts[0]!)).toEqual([1, 1, 1]);
  });
});

describe('touchedBy: what a planned task can alter', () => {
  it('unknown effects alter everything; declared ones their own facts, their paths and what is under them', () => {
    expect(touchedBy(put, {}, [fileFact('/etc/a')], [])('content:/elsewhere')).toBe(true);
    const t = touchedBy(putx, { path: '/etc/a' }, [fileFact('/etc/a')], []);
    expect(t('content:/etc/a')).toBe(true);
    expect(t('stat:/etc')).toBe(true);
    expect(t('content:/etc/ab')).toBe(true); // conservative: a name that contains the path
    expect(t('content:/etc/b')).toBe(false);
    expect(t('sysctl:net.ipv4.x')).toBe(false);
    const g = touchedBy({ ...putx, effects: () => ['group:', 'hostname'] }, {}, [], []);
    expect(g('group:dba')).toBe(true);
    expect(g('hostname')).toBe(true);
    expect(g('user:omm')).toBe(false);
  });
});
