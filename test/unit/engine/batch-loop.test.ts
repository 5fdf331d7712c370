/**
 * Loop items as batch members, and facts a member predicts for the next ones (docs/architecture.md
 * §3.3). The reference for "the same as item by item" is the --verify run, which never batches.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src/engine/events.js';
import type { Module } from '../../../src/tasks/module.js';
import { sysctlModule } from '../../../src/tasks/modules/sysctl.js';
import { shQuote } from '../../../src/text/shlex.js';
import { fileFact, putx, shout, testModules } from './fake-modules.js';
import type { FakeHost } from './fake-transport.js';
import { makeHosts, run, statuses, writeRole } from './harness.js';

/** `putm`: putx whose plan also shows a message. */
const putm: Module<{ path: string; content: string }> = {
  ...putx,
  name: 'putm',
  plan: async (a, facts, ctx) => ({ ...(await putx.plan(a, facts, ctx)), messages: [`placing ${a.path}`] }),
};

/** `addline`: appends `line` to `path` unless there; `predict` says what the file holds then. */
const addline: Module<{ path: string; line: string }> = {
  name: 'addline',
  args: z.object({ path: z.string(), line: z.string() }).strict(),
  facts: (a) => [fileFact(a.path)],
  effects: (a) => [a.path],
  plan: (a, facts) => {
    const text = facts.get(fileFact(a.path)) ?? '';
    if (text.split('\n').includes(a.line)) return { changes: [] };
    const after = text === '' ? a.line : `${text}\n${a.line}`;
    return { changes: [{ kind: 'exec', description: `add ${a.line} to ${a.path}`, command: `write ${shQuote(a.path)} ${shQuote(after)}` }] };
  },
  predict: (a, plan, facts) => {
    const text = facts.get(fileFact(a.path)) ?? '';
    return { [fileFact(a.path).id]: plan.changes.length === 0 ? facts.get(fileFact(a.path)) : text === '' ? a.line : `${text}\n${a.line}` };
  },
};
/** The same module without `predict`. */
const addline0: Module<{ path: string; line: string }> = { ...addline, name: 'addline0', predict: undefined };
const sysctl0: Module = { ...(sysctlModule as unknown as Module), name: 'sysctl0', predict: undefined };

const modules = [...testModules, putx, putm, shout, addline, addline0, sysctlModule, sysctl0];
const task = (name: string, body: string) => `- name: ${name}\n  ${body}\n`;
const uploadsPerTrip = (h: FakeHost) => h.scripts.map((s) => (s.match(/base64 -d >/g) ?? []).length).filter((n) => n > 0);
const writesPerTrip = (h: FakeHost) => h.scripts.map((s) => (s.match(/write '?\//g) ?? []).length).filter((n) => n > 0);

/** What a user sees of a run: events without durations and fact reads, in order. */
function story(events: EngineEvent[]): unknown[] {
  return events.flatMap((e): unknown[] => {
    if (e.type === 'command') return e.purpose === 'facts' ? [] : [[e.task?.name, e.host, e.purpose, e.command, e.exitCode, e.stdout, e.stderr]];
    if (e.type === 'change') return [[e.task.name, e.host, e.change.description, e.change.item, e.planned]];
    if (e.type === 'host-task-end') return [[e.task.name, e.host, e.status, e.changes, e.reason]];
    if (e.type === 'failure') return [[e.task.name, e.host, e.message, e.ignored]];
    if (e.type === 'task-start' || e.type === 'message') return [[e.type, e.task.name]];
    return [];
  });
}

/** Run `tasks` batched and item by item (--verify) on fresh hosts; both fixtures. */
async function both(tasks: string, prepare: (h: FakeHost) => void = () => {}) {
  const role = writeRole({ 'tasks/main.yml': tasks });
  const batched = makeHosts(1);
  const oneByOne = makeHosts(1);
  for (const h of [...batched, ...oneByOne]) prepare(h);
  const b = await run(role, batched, { modules });
  const o = await run(role, oneByOne, { modules, verify: true });
  return { b, o };
}

describe('loop items as batch members (engine/batch.ts)', () => {
  it('the items of a loop (when per item) and the task after it share one script; events, labels and order as item by item', async () => {
    const tasks =
      task(
        'files',
        'putx: { path: "/etc/loop/{{ item.n }}", content: "n{{ ansible_loop.index }}" }\n  loop: [{ n: a }, { n: skip }, { n: c }]\n  when: item.n != "skip"\n  loop_control: { label: "{{ item.n }}" }',
      ) + task('after', 'putx: { path: /etc/after, content: "z" }');
    const { b, o } = await both(tasks);
    expect(b.result.exitCode).toBe(0);
    expect(story(b.events)).toEqual(story(o.events));
    const h = b.hosts[0]!;
    expect(writesPerTrip(h)).toEqual([3]);
    expect(b.result.hosts.h1!.channels).toBe(2); // the facts, then one script
    expect([h.files.get('/etc/loop/a'), h.files.get('/etc/loop/skip'), h.files.get('/etc/loop/c'), h.files.get('/etc/after')]).toEqual([
      'n1',
      undefined,
      'n3',
      'z',
    ]);
    const items = b.events.flatMap((e) => (e.type === 'change' ? [e.change.item] : []));
    expect(items).toEqual(['a', 'c', undefined]);
    expect(writesPerTrip(o.hosts[0]!)).toEqual([1, 1, 1]);
  });

  it('a loop joins the batch of the task before it', async () => {
    const tasks = task('first', 'putx: { path: /etc/first, content: "1" }') + task('files', 'putx: { path: "/etc/{{ item }}", content: "x" }\n  loop: [a, b]');
    const { b, o } = await both(tasks);
    expect(story(b.events)).toEqual(story(o.events));
    expect(writesPerTrip(b.hosts[0]!)).toEqual([3]);
  });

  it('item 2 of 3 fails: item 3 is planned again and run on its own, as item by item; the task fails', async () => {
    const tasks =
      task(
        'loud',
        'shout: { path: "/etc/{{ item.p }}", out: "{{ item.p }}", err: "", rc: "{{ item.rc }}" }\n  loop: [{ p: s1, rc: 0 }, { p: s2, rc: 4 }, { p: s3, rc: 0 }]',
      ) + task('never', 'putx: { path: /etc/never, content: "1" }');
    const { b, o } = await both(tasks);
    expect(b.result.exitCode).not.toBe(0);
    expect(story(b.events)).toEqual(story(o.events));
    expect(statuses(b.events, 'loud')).toEqual({ h1: 'failed' });
    expect(statuses(b.events, 'never')).toEqual({});
    const h = b.hosts[0]!;
    expect([h.files.get('/etc/s1'), h.files.get('/etc/s2'), h.files.get('/etc/s3')]).toEqual(['x', undefined, 'x']);
    // s1, s2 (and the others planned ahead) in one script that stopped at s2; s3 in one of its own
    expect(h.scripts.filter((s) => /write '?\/etc\/s/.test(s)).length).toBe(2);
    expect(b.result.hosts.h1!.channels).toBe(4); // facts; s1+s2; facts again (s2 failed: no refresh); s3
  });

  it('a member whose plan shows a message (selinux: a reboot completes it) joins; the message comes when the run reaches it', async () => {
    const tasks = task('first', 'putx: { path: /etc/first, content: "1" }') + task('noted', 'putm: { path: /etc/noted, content: "2" }');
    const { b, o } = await both(tasks);
    expect(story(b.events)).toEqual(story(o.events));
    expect(story(b.events)).toContainEqual(['message', 'noted']);
    expect(writesPerTrip(b.hosts[0]!)).toEqual([2]);
  });

  it('register on a loop still ends the batch (a later task may read it)', async () => {
    const tasks =
      task('files', 'putx: { path: "/etc/{{ item }}", content: "x" }\n  loop: [a, b]\n  register: out') + task('after', 'putx: { path: /etc/z, content: "1" }');
    const r = await run(writeRole({ 'tasks/main.yml': tasks }), makeHosts(1), { modules });
    expect(writesPerTrip(r.hosts[0]!)).toEqual([1, 1, 1]);
  });
});

describe('predicted facts: members changing the same file', () => {
  it('items editing one file share a script when the module predicts the file; without predict each item needs its own', async () => {
    const lines = task('lines', 'addline: { path: /etc/conf, line: "{{ item }}" }\n  loop: [a=1, b=2, c=3]');
    const { b, o } = await both(lines, (h) => h.files.set('/etc/conf', 'top'));
    expect(story(b.events)).toEqual(story(o.events));
    expect(writesPerTrip(b.hosts[0]!)).toEqual([3]);
    expect(b.hosts[0]!.files.get('/etc/conf')).toBe('top\na=1\nb=2\nc=3');
    expect(o.hosts[0]!.files.get('/etc/conf')).toBe('top\na=1\nb=2\nc=3');
    const plain = makeHosts(1);
    plain[0]!.files.set('/etc/conf', 'top');
    const without = await run(writeRole({ 'tasks/main.yml': lines.replace('addline:', 'addline0:') }), plain, { modules });
    expect(writesPerTrip(without.hosts[0]!)).toEqual([1, 1, 1]);
    expect(without.hosts[0]!.files.get('/etc/conf')).toBe('top\na=1\nb=2\nc=3');
  });

  it('a later member that changes a predicted file without predicting it makes it unknown again', async () => {
    const tasks =
      task('one', 'addline: { path: /etc/conf, line: a=1 }') +
      task('clobber', 'putx: { path: /etc/conf, content: other }') +
      task('two', 'addline: { path: /etc/conf, line: b=2 }');
    const { b, o } = await both(tasks, (h) => h.files.set('/etc/conf', 'top'));
    expect(story(b.events)).toEqual(story(o.events));
    // putx reads the file (predicted) and joins; addline after it must wait for the host
    expect(writesPerTrip(b.hosts[0]!)).toEqual([2, 1]);
    expect(b.hosts[0]!.files.get('/etc/conf')).toBe('other\nb=2');
  });

  it('sysctl: three items on one file in one script leave the same file as one by one; sysctl without predict breaks the batch', async () => {
    // values equal to the live ones: only the file changes (the fake host cannot set kernel values)
    const live = (k: string) => readFileSync(`/proc/sys/kernel/${k}`, 'utf8').trim();
    const F = '/etc/sysctl.d/50-test.conf';
    const tasks = task(
      'kernel',
      `sysctl: { name: "{{ item.k }}", value: "{{ item.v }}", sysctl_file: ${F} }\n  loop: [{ k: kernel.ostype, v: "${live('ostype')}" }, { k: kernel.pid_max, v: "${live('pid_max')}" }, { k: kernel.osrelease, v: "${live('osrelease')}" }]\n  loop_control: { label: "{{ item.k }}" }`,
    );
    const seed = (h: FakeHost) => h.files.set(F, '# tuned\nkernel.ostype = Other\n');
    // a new file: the first item creates it, the others are planned from what it predicts
    const fresh = await both(tasks, (h) => h.files.dir('/etc/sysctl.d'));
    expect(fresh.b.result.exitCode).toBe(0);
    expect(story(fresh.b.events)).toEqual(story(fresh.o.events));
    const created = `kernel.ostype=${live('ostype')}\nkernel.pid_max=${live('pid_max')}\nkernel.osrelease=${live('osrelease')}\n`;
    expect(fresh.b.hosts[0]!.files.get(F)).toBe(created);
    expect(fresh.o.hosts[0]!.files.get(F)).toBe(created);
    expect(uploadsPerTrip(fresh.b.hosts[0]!)).toEqual([3]);
    const { b, o } = await both(tasks, seed);
    expect(b.result.exitCode).toBe(0);
    expect(story(b.events)).toEqual(story(o.events));
    const want = `# tuned\nkernel.ostype=${live('ostype')}\nkernel.pid_max=${live('pid_max')}\nkernel.osrelease=${live('osrelease')}\n`;
    expect(b.hosts[0]!.files.get(F)).toBe(want);
    expect(o.hosts[0]!.files.get(F)).toBe(want);
    expect(uploadsPerTrip(b.hosts[0]!)).toEqual([3]);
    const hosts = makeHosts(1);
    seed(hosts[0]!);
    const without = await run(writeRole({ 'tasks/main.yml': tasks.replace('sysctl:', 'sysctl0:') }), hosts, { modules });
    expect(without.result.exitCode).toBe(0);
    expect(uploadsPerTrip(hosts[0]!)).toEqual([1, 1, 1]);
    expect(hosts[0]!.files.get(F)).toBe(want);
  });
});
