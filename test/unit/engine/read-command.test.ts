/**
 * Read commands as facts (docs/architecture.md §3.3): a command the role marks
 * `changed_when: false` is read in the fact batch, reported and registered as a run in place
 * would be, and never kept across a change of any kind.
 */
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src/engine/events.js';
import type { Module } from '../../../src/tasks/module.js';
import { put, testModules } from './fake-modules.js';
import { makeHosts, messages, run, statuses, writeRole } from './harness.js';

function commandEvents(events: EngineEvent[], name: string) {
  return events.flatMap((e) =>
    e.type === 'command' && e.task?.name === name ? [{ command: e.command, exitCode: e.exitCode, stdout: e.stdout, stderr: e.stderr }] : [],
  );
}

const read = (name: string, cmd: string, extra = '') => `- name: ${name}\n  command: { cmd: "${cmd}" }\n  register: r\n  changed_when: false\n${extra}`;
const show = '- note: { msg: "{{ r | to_json }}" }\n';
/** put with declared effects: tasks after it can join its batch (batch.ts) */
const putx: Module<{ path: string; content: string }> = { ...put, name: 'putx', effects: (a) => [a.path] };
const modules = [...testModules, putx];

describe('engine: a read command is read with the facts', () => {
  it('costs no channel of its own: one round trip for a role that only reads', async () => {
    const hosts = makeHosts(1);
    hosts[0]!.stub('probe', 'echo out; echo err >&2; exit 3');
    const role = read('probe', 'probe', '  failed_when: false\n') + show;
    const r = await run(writeRole({ 'tasks/main.yml': role }), hosts, {});
    expect(r.result.exitCode).toBe(0);
    expect(r.result.hosts.h1!.channels).toBe(1);
    expect(hosts[0]!.execs.map((e) => e.command)).toEqual(['probe']);
    expect(commandEvents(r.events, 'probe')).toEqual([{ command: 'probe', exitCode: 3, stdout: 'out\n', stderr: 'err\n' }]);
  });

  it('registers what a run in place registers, and fails the same way', async () => {
    const outcome = async (extra: string) => {
      const hosts = makeHosts(1);
      hosts[0]!.stub('probe', 'printf "a\\nb\\n"; printf "e1\\ne2\\n" >&2; exit 2');
      const role = read('probe', 'probe', extra) + show;
      const r = await run(writeRole({ 'tasks/main.yml': role }), hosts, {});
      const failures = r.events.flatMap((e) => (e.type === 'failure' ? [{ message: e.message, command: e.command, output: e.output }] : []));
      const changes = r.events.filter((e) => e.type === 'change').length;
      return {
        messages: messages(r.events),
        failures,
        changes,
        status: statuses(r.events, 'probe'),
        channels: r.result.hosts.h1!.channels,
        cmd: commandEvents(r.events, 'probe'),
      };
    };
    // `environment:` makes the task run in place (the fact batch has no environment of its own)
    for (const extra of ['  failed_when: false\n', '', '  failed_when: "r.rc != 2"\n']) {
      const asFact = await outcome(extra);
      const inPlace = await outcome(`${extra}  environment: { AFO_X: "1" }\n`);
      expect(asFact.channels).toBe(1);
      expect(inPlace.channels).toBe(2);
      expect({ ...asFact, channels: 0, cmd: asFact.cmd.map((c) => ({ ...c })) }).toEqual({ ...inPlace, channels: 0 });
    }
    const passed = await outcome('  failed_when: false\n');
    expect(JSON.parse(passed.messages[0]!)).toEqual({
      changed: false,
      failed: false,
      msg: 'probe failed (exit code 2)',
      rc: 2,
      stdout: 'a\nb',
      stderr: 'e1\ne2',
      stdout_lines: ['a', 'b'],
      stderr_lines: ['e1', 'e2'],
    });
  });

  it('is skipped under --check unless check_mode: false, and then read with the facts', async () => {
    const hosts = makeHosts(1);
    hosts[0]!.stub('probe', 'echo seen');
    const skipped = await run(writeRole({ 'tasks/main.yml': read('probe', 'probe') }), hosts, { check: true });
    expect(statuses(skipped.events, 'probe')).toEqual({ h1: 'skipped' });
    expect(hosts[0]!.execs).toEqual([]);
    const role = read('probe', 'probe', '  check_mode: false\n') + show;
    const r = await run(writeRole({ 'tasks/main.yml': role }), hosts, { check: true });
    expect(statuses(r.events, 'probe')).toEqual({ h1: 'ok' });
    expect(JSON.parse(messages(r.events)[0]!).stdout).toBe('seen');
    expect(hosts[0]!.execs.map((e) => e.command)).toEqual(['probe']);
    expect(r.result.hosts.h1!.channels).toBe(1);
  });

  it('until: each retry reads the command again', async () => {
    const hosts = makeHosts(1);
    // prints the number of its run: 1, 2, 3
    hosts[0]!.stub('count', 'n=$(($(cat /count 2>/dev/null || echo 0) + 1)); echo $n > /count; echo $n');
    const role = read('wait', 'count', '  until: r.stdout == "3"\n  retries: 5\n  delay: 0\n') + show;
    const r = await run(writeRole({ 'tasks/main.yml': role }), hosts, {});
    expect(r.result.exitCode).toBe(0);
    expect(hosts[0]!.execs.map((e) => e.command)).toEqual(['count', 'count', 'count']);
    expect(JSON.parse(messages(r.events)[0]!)).toMatchObject({ stdout: '3', attempts: 3 });
    // one fact round trip per attempt, none of the command's own
    expect(r.result.hosts.h1!.channels).toBe(3);
  });

  it('runs in place where the fact batch cannot run it as the task would', async () => {
    for (const extra of ['  become: true\n  become_user: omm\n', '  timeout: 30\n', '  environment: { A: "1" }\n', '  delegate_to: h2\n', '  no_log: true\n']) {
      const hosts = makeHosts(2);
      for (const h of hosts) h.stub('probe', 'echo x');
      const r = await run(writeRole({ 'tasks/main.yml': read('probe', 'probe', extra) }), hosts, { only: ['h1'] });
      expect(statuses(r.events, 'probe'), extra).toEqual({ h1: 'ok' });
      const ran = hosts.flatMap((h) => h.execs.map((e) => e.opts));
      // in place: the command's own exec, with its options (not the fact batch's)
      expect(ran.length, extra).toBe(1);
      expect(
        hosts.reduce((n, h) => n + h.scripts.filter((s) => s === 'probe' || s.endsWith('\nprobe')).length, 0),
        extra,
      ).toBe(1);
    }
  });
});

describe('engine: a read command is never kept across a change', () => {
  /** `cat /etc/x` read before and after `between`: the second read must see what `between` did. */
  async function around(between: string, handlers = '') {
    const hosts = makeHosts(1);
    hosts[0]!.files.set('/etc/x', 'old');
    // (a command whose text names no path: facts about an uploaded path are dropped anyway)
    hosts[0]!.stub('showx', 'cat /etc/x');
    const role = `${read('first', 'showx')}${show}${between}${read('second', 'showx')}${show}`;
    const r = await run(writeRole({ 'tasks/main.yml': role, ...(handlers ? { 'handlers/main.yml': handlers } : {}) }), hosts, { modules });
    expect(r.result.exitCode, JSON.stringify(r.events.filter((e) => e.type === 'failure'))).toBe(0);
    return messages(r.events).map((m) => JSON.parse(m).stdout as string);
  }

  it('a task that runs a command', async () => {
    expect(await around('- put: { path: /etc/x, content: new }\n')).toEqual(['old', 'new']);
  });

  it('an upload (SFTP) and an upload sent inline', async () => {
    const big = 'n'.repeat(17 * 1024);
    expect((await around(`- place: { dest: /etc/x, text: "${big}" }\n`))[1]).toBe(big);
    expect(await around('- place: { dest: /etc/x, text: new }\n')).toEqual(['old', 'new']);
  });

  it('a task planned ahead in a batch', async () => {
    const batch = '- putx: { path: /etc/a, content: "1" }\n- putx: { path: /etc/x, content: new }\n- putx: { path: /etc/b, content: "2" }\n';
    expect(await around(batch)).toEqual(['old', 'new']);
  });

  it('a handler run by a flush', async () => {
    const between = '- put: { path: /etc/y, content: "1" }\n  notify: h\n- meta: flush_handlers\n';
    expect(await around(between, '- name: h\n  put: { path: /etc/x, content: new }\n')).toEqual(['old', 'new']);
  });

  it('a command that changes the host (no changed_when: false)', async () => {
    expect(await around('- command: { cmd: "write /etc/x new" }\n')).toEqual(['old', 'new']);
  });

  it('not a probe or another read command: the output read first is used again', async () => {
    const hosts = makeHosts(1);
    hosts[0]!.stub('probe', 'echo p');
    const role = `${read('first', 'probe')}- waitfor: { what: x }\n${read('other', 'cat /etc/os-release')}${read('second', 'probe')}${show}`;
    const r = await run(writeRole({ 'tasks/main.yml': role }), hosts, {});
    expect(r.result.exitCode).toBe(0);
    expect(hosts[0]!.execs.map((e) => e.command).filter((c) => c === 'probe')).toEqual(['probe']);
  });
});

describe('engine: when a read command is read ahead', () => {
  it('a re-run that changes nothing reads every read command once, in the first fact round trip', async () => {
    const hosts = makeHosts(1);
    hosts[0]!.stub('probe', 'echo p').stub('probe2', 'echo q');
    const role = `${read('a', 'probe')}- put: { path: /etc/f, content: "1" }\n${read('b', 'probe2')}`;
    const dir = writeRole({ 'tasks/main.yml': role });
    await run(dir, hosts, {});
    const before = hosts[0]!.scripts.length;
    const again = await run(dir, hosts, {});
    expect(again.result.hosts.h1!.channels).toBe(1);
    expect(hosts[0]!.scripts.slice(before).join('\n')).toMatch(/probe2/);
  });

  it('after a change, only for a task that nothing which may change the host comes before', async () => {
    const hosts = makeHosts(1);
    hosts[0]!.stub('probe', 'echo p');
    const puts = [1, 2, 3].map((i) => `- put: { path: /etc/f${i}, content: "${i}" }\n  register: p${i}\n`).join('');
    const role = `- put: { path: /etc/f0, content: "0" }\n  register: p0\n${puts}${read('late', 'probe')}`;
    const r = await run(writeRole({ 'tasks/main.yml': role }), hosts, {});
    expect(r.result.exitCode).toBe(0);
    // Read in the first round trip (no change yet: a re-run would use it), then only in the
    // refresh after the last put: the windows after p1 and p2 reach it too, but behind a put.
    const probes = hosts[0]!.scripts.flatMap((s, i) => (s.includes('\nprobe\n') ? [i] : []));
    expect(probes).toEqual([0, hosts[0]!.scripts.length - 1]);
    expect(hosts[0]!.execs.map((e) => e.command).filter((c) => c === 'probe')).toEqual(['probe', 'probe']);
  });

  it('a fact round trip after a change reads none behind a task that may change the host', async () => {
    const hosts = makeHosts(1);
    hosts[0]!.stub('probe', 'echo p');
    for (const i of [1, 2, 3, 4, 5]) hosts[0]!.files.set(`/etc/f${i}`, `${i}`);
    // p0 changes; p1-p3 are read in its refresh; p4's round trip reads p5 too, but not the probe behind it
    const puts = [0, 1, 2, 3, 4, 5].map((i) => `- put: { path: /etc/f${i}, content: "${i}" }\n  register: p${i}\n`).join('');
    const r = await run(writeRole({ 'tasks/main.yml': `${puts}${read('late', 'probe')}` }), hosts, {});
    expect(r.result.exitCode).toBe(0);
    const probes = hosts[0]!.scripts.flatMap((s, i) => (s.includes('\nprobe\n') ? [i] : []));
    // the first round trip (no change yet), then its own
    expect(probes).toEqual([0, hosts[0]!.scripts.length - 1]);
    expect(hosts[0]!.scripts.at(-2)).toContain('/etc/f5');
  });

  it('after a batch too', async () => {
    const hosts = makeHosts(1);
    hosts[0]!.stub('probe', 'echo p');
    for (const i of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) hosts[0]!.files.set(`/etc/f${i}`, `${i}`);
    // a and b change in one batch; its refresh reads f1-f8, f9's round trip reads f10, not the probe behind it
    const seen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => `- put: { path: /etc/f${i}, content: "${i}" }\n  register: p${i}\n`).join('');
    const role = `- putx: { path: /etc/a, content: "1" }\n- putx: { path: /etc/b, content: "2" }\n${seen}${read('late', 'probe')}`;
    const r = await run(writeRole({ 'tasks/main.yml': role }), hosts, { modules });
    // one batch: the two changes share a script
    expect(hosts[0]!.scripts.filter((s) => s.includes('write /etc/a') && s.includes('write /etc/b'))).toHaveLength(1);
    expect(r.result.exitCode).toBe(0);
    const probes = hosts[0]!.scripts.flatMap((s, i) => (s.includes('\nprobe\n') ? [i] : []));
    expect(probes).toEqual([0, hosts[0]!.scripts.length - 1]);
    expect(hosts[0]!.scripts.at(-2)).toContain('/etc/f10');
  });

  it('after a file placed inline, in the same script; after one placed by SFTP, in a round trip after it', async () => {
    for (const [text, sameScript] of [
      ['small', true],
      ['b'.repeat(17 * 1024), false],
    ] as const) {
      const hosts = makeHosts(1);
      hosts[0]!.stub('probe', 'echo p');
      const role = `- place: { dest: /etc/x, text: "${text}" }\n${read('late', 'probe')}`;
      const r = await run(writeRole({ 'tasks/main.yml': role }), hosts, {});
      expect(r.result.exitCode).toBe(0);
      const last = hosts[0]!.scripts.at(-1)!;
      expect(last.includes('\nprobe\n'), text.slice(0, 5)).toBe(true);
      expect(last.includes('/etc/x'), text.slice(0, 5)).toBe(sameScript);
      expect(hosts[0]!.execs.map((e) => e.command).filter((c) => c === 'probe')).toHaveLength(2);
    }
  });

  it('never for a no_log task: its output stays out of the fact batch and the log', async () => {
    const hosts = makeHosts(1);
    hosts[0]!.stub('secret', 'echo s3cr3t-value');
    const r = await run(writeRole({ 'tasks/main.yml': read('hidden', 'secret', '  no_log: true\n') }), hosts, {});
    expect(statuses(r.events, 'hidden')).toEqual({ h1: 'ok' });
    expect(JSON.stringify(r.events)).not.toContain('s3cr3t-value');
  });
});
