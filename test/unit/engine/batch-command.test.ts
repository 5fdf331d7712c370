/**
 * Commands, stdin changes and handlers in batches (docs/architecture.md §3.3, batched changes):
 * a command may join a batch, nothing that reads facts follows it there, a task that reads none
 * may; a change's stdin travels inside the script, which then goes on stdin (never argv); a
 * command's output is still shown live.
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { CommandEvent, EngineEvent, ProgressEvent } from '../../../src/engine/events.js';
import { RUN_STDIN_SCRIPT } from '../../../src/engine/apply-script.js';
import type { Module } from '../../../src/tasks/module.js';
import { shQuote } from '../../../src/text/shlex.js';
import { put, testModules } from './fake-modules.js';
import type { FakeHost } from './fake-transport.js';
import { makeHosts, run, statuses, writeRole } from './harness.js';

/** `putx`: put that declares what it alters (only its file). */
const putx: Module<{ path: string; content: string }> = { ...put, name: 'putx', effects: (a) => [a.path] };
/** `bounce: { name }`: reads no facts and always acts (like service: restarted). */
const bounce: Module<{ name: string }> = {
  name: 'bounce',
  args: z.object({ name: z.string() }).strict(),
  facts: () => [],
  plan: (a) => ({ changes: [{ kind: 'exec', description: `bounce ${a.name}`, command: `write /var/bounced ${shQuote(a.name)}` }] }),
};
/** `feed: { path, secret }`: writes `secret` to `path` through stdin (like chpasswd -e). */
const feed: Module<{ path: string; secret: string }> = {
  name: 'feed',
  args: z.object({ path: z.string(), secret: z.string() }).strict(),
  facts: () => [],
  effects: (a) => [a.path],
  plan: (a) => ({ changes: [{ kind: 'exec', description: `feed ${a.path}`, command: `cat > ${shQuote(a.path)}`, stdin: `${a.secret}\n` }] }),
};
const modules = [...testModules, putx, bounce, feed];
const task = (name: string, body: string) => `- name: ${name}\n  ${body}\n`;
/** Channels that ran changes: the scripts that carried a fake tool or a change marker. */
const changeTrips = (h: FakeHost) => h.scripts.filter((s) => s.includes('__afo_rc=') || s === RUN_STDIN_SCRIPT || /^(write|tool|om-tool) /.test(s)).length;
/** A fresh host with the tool `name` (an sh body) on its PATH. */
function hostWith(name: string, body: string): FakeHost {
  const [h] = makeHosts(1);
  return h!.stub(name, body);
}
/** Runs the tasks (and handlers) on `h`, expecting success. */
async function play(h: FakeHost, tasks: string[], handlers: string[] = [], ok = true, extraVars: Record<string, unknown> = {}) {
  const r = await run(writeRole({ 'tasks/main.yml': tasks.join(''), 'handlers/main.yml': handlers.join('') }), [h], { modules, extraVars });
  if (ok) expect(r.result.exitCode).toBe(0);
  return r;
}
const execs = (events: EngineEvent[], name: string) =>
  events.filter((e): e is CommandEvent => e.type === 'command' && e.purpose === 'exec' && e.task?.name === name);

describe('commands in batches (engine/batch.ts)', () => {
  it('a command joins the batch as its last member: one round trip, each task its own output and exit code', async () => {
    const h = hostWith('tool', 'echo "tool says $1"; echo "tool warns" >&2');
    const tasks = [task('a', 'putx: { path: /etc/a, content: "1" }'), task('run tool', 'command: { cmd: tool one }')];
    const r = await play(h, tasks);
    expect(statuses(r.events, 'run tool')).toEqual({ h1: 'changed' });
    expect(changeTrips(h)).toBe(1);
    expect(execs(r.events, 'run tool')).toMatchObject([{ command: 'tool one', exitCode: 0, stdout: 'tool says one\n', stderr: 'tool warns\n' }]);
    expect(execs(r.events, 'a')).toMatchObject([{ exitCode: 0, stdout: '', stderr: '' }]);
  });

  it('a task that reads facts after a command waits for it (a new round trip, from fresh facts)', async () => {
    // the command changes /etc/b behind the engine's back: b must see it
    const h = hostWith('tool', 'echo 2 > /etc/b');
    const tasks = [
      task('a', 'putx: { path: /etc/a, content: "1" }'),
      task('run tool', 'command: { cmd: tool }'),
      task('b', 'putx: { path: /etc/b, content: "2" }'),
    ];
    const r = await play(h, tasks);
    expect(statuses(r.events, 'b')).toEqual({ h1: 'ok' });
    expect(changeTrips(h)).toBe(1);
  });

  it('a task that reads no facts follows a command in the batch; a failing command stops it there', async () => {
    const h = hostWith('tool', '[ "$1" = bad ] && { echo broke >&2; exit 3; }; exit 0');
    const ok = [task('run tool', 'command: { cmd: tool good }'), task('bounce it', 'bounce: { name: web }')];
    await play(h, ok);
    expect(changeTrips(h)).toBe(1);
    expect(h.files.get('/var/bounced')).toBe('web');
    const g = hostWith('tool', '[ "$1" = bad ] && { echo broke >&2; exit 3; }; exit 0');
    const bad = [task('run tool', 'command: { cmd: tool bad }'), task('bounce it', 'bounce: { name: web }')];
    const f = await play(g, bad, [], false);
    expect(statuses(f.events, 'run tool')).toEqual({ h1: 'failed' });
    expect(statuses(f.events, 'bounce it')).toEqual({});
    expect(execs(f.events, 'run tool')).toMatchObject([{ exitCode: 3, stderr: 'broke\n' }]);
    expect(g.files.get('/var/bounced')).toBeUndefined();
  });

  it('the handlers of a command and two fact-free ones run in one round trip, in handler order, only those notified', async () => {
    const h = hostWith('tool', 'echo "$1" >> /etc/order');
    const tasks = [
      task('a', 'putx: { path: /etc/a, content: "1" }\n  notify: [reload all, bounce web]'),
      task('b', 'putx: { path: /etc/b, content: "1" }\n  notify: [bounce ssh]'),
    ];
    const handlers = [
      task('reload all', 'command: { cmd: tool reload }'),
      task('bounce db', 'bounce: { name: db }'),
      task('bounce web', 'command: { cmd: tool web }'),
      task('bounce ssh', 'command: { cmd: tool ssh }'),
    ];
    const r = await play(h, tasks, handlers);
    expect(h.files.get('/etc/order')).toBe('reload\nweb\nssh\n');
    expect(statuses(r.events, 'bounce db')).toEqual({});
    // a and b together, then the three handlers together
    expect(changeTrips(h)).toBe(2);
  });
});

describe('a skipped task with a register in the way of a batch', () => {
  it('is passed over: it registers that it was skipped, and the tasks after it join the batch', async () => {
    const h = makeHosts(1)[0]!;
    const tasks = [
      task('a', 'putx: { path: /etc/a, content: "1" }'),
      task('probe', 'command: { cmd: tool }\n  register: probed\n  changed_when: false\n  when: never'),
      task('b', 'putx: { path: /etc/b, content: "1" }\n  when: probed is skipped'),
      task('c', 'putx: { path: /etc/c, content: "1" }'),
    ];
    const r = await play(h, tasks, [], true, { never: false });
    expect(statuses(r.events, 'probe')).toEqual({ h1: 'skipped' });
    expect(h.files.get('/etc/b')).toBe('1');
    expect(changeTrips(h)).toBe(1);
  });

  it('is not passed over when its own when names its register (registering early could change it)', async () => {
    const h = makeHosts(1)[0]!;
    const tasks = [
      task('a', 'putx: { path: /etc/a, content: "1" }'),
      task('probe', 'command: { cmd: tool }\n  register: probed\n  when: probed is defined'),
      task('c', 'putx: { path: /etc/c, content: "1" }'),
    ];
    expect(statuses((await play(h, tasks)).events, 'probe')).toEqual({ h1: 'skipped' });
    expect(changeTrips(h)).toBe(2);
  });
});

describe('a change with stdin in a batch', () => {
  it('its stdin goes inside the script, and the script on the channel stdin: never in the command line', async () => {
    const h = makeHosts(1)[0]!;
    const tasks = [
      task('a', 'putx: { path: /etc/a, content: "1" }'),
      task('secret', 'feed: { path: /etc/shadowish, secret: "$6$salt$H4sh" }\n  no_log: true'),
      task('c', 'putx: { path: /etc/c, content: "1" }'),
    ];
    const r = await play(h, tasks);
    expect(h.files.get('/etc/shadowish')).toBe('$6$salt$H4sh\n');
    expect(h.files.get('/etc/c')).toBe('1');
    expect(changeTrips(h)).toBe(1);
    expect(h.scripts).toContain(RUN_STDIN_SCRIPT);
    for (const s of h.scripts) expect(s).not.toContain('H4sh');
    expect(JSON.stringify(r.events)).not.toContain('H4sh');
  });
});

describe('a command in a batch shows its output live', () => {
  it('progress events with its last output line while it runs; none for a no_log command', async () => {
    const h = hostWith('om-tool', 'echo Parsing; sleep 1.3; echo "Checking $1"; sleep 1.3; echo done');
    const tasks = [
      task('a', 'putx: { path: /etc/a, content: "1" }'),
      task('long OM step', 'command: { cmd: om-tool shown }'),
      task('hidden OM step', 'command: { cmd: om-tool hidden }\n  no_log: true'),
    ];
    const r = await play(h, tasks);
    expect(changeTrips(h)).toBe(1);
    const progress = r.events.filter((e): e is ProgressEvent => e.type === 'progress');
    const long = progress.filter((e) => e.task?.name === 'long OM step');
    const hidden = progress.filter((e) => e.task?.name === 'hidden OM step');
    expect(long[0]).toMatchObject({ kind: 'command', what: 'om-tool shown', lastLine: 'Checking shown', done: false });
    expect(long.at(-1)).toMatchObject({ lastLine: 'done', done: true });
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    expect(hidden.every((e) => e.lastLine === undefined && e.what === 'hidden OM step')).toBe(true);
    expect(JSON.stringify(progress)).not.toContain('@@afo');
  });
});
