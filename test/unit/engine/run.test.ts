import { describe, expect, it } from 'vitest';
import { Concurrency } from './fake-transport.js';
import { makeHosts, messages, run, statuses, writeRole } from './harness.js';

const threeFiles = `
- name: a
  put: { path: /etc/a, content: A }
- name: b
  put: { path: /etc/b, content: "{{ inventory_hostname }}" }
- name: c
  put: { path: /etc/c, content: C }
`;

describe('engine run', () => {
  it('runs tasks in order on every host, applies only the diff, and a re-run changes nothing', async () => {
    const dir = writeRole({ 'tasks/main.yml': threeFiles });
    const hosts = makeHosts(3);
    hosts[0]!.files.set('/etc/a', 'A');
    const first = await run(dir, hosts, { verify: true });
    expect(first.result.exitCode).toBe(0);
    expect(statuses(first.events, 'a')).toEqual({ h1: 'ok', h2: 'changed', h3: 'changed' });
    expect(statuses(first.events, 'b')).toEqual({ h1: 'changed', h2: 'changed', h3: 'changed' });
    expect(hosts[1]!.files.get('/etc/b')).toBe('h2');
    // Task order: all hosts finish a before any starts b.
    const order = first.events.filter((e) => e.type === 'task-start').map((e) => (e.type === 'task-start' ? e.task.name : ''));
    expect(order).toEqual(['a', 'b', 'c']);
    const ends = first.events.flatMap((e) => (e.type === 'host-task-end' ? [e.task.name] : []));
    expect(ends).toEqual(['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c']);

    for (const h of hosts) h.execs.length = 0;
    const again = await run(dir, hosts);
    for (const name of ['a', 'b', 'c']) expect(Object.values(statuses(again.events, name))).toEqual(['ok', 'ok', 'ok']);
    for (const h of hosts) {
      expect(h.execs).toEqual([]);
      // base facts and every task's facts in ONE round trip on a no-op re-run
      expect(h.batches.at(-1)).toEqual(['base', 'content:/etc/a', 'content:/etc/b', 'content:/etc/c']);
    }
    expect(Object.values(again.result.hosts).map((s) => s.channels)).toEqual([1, 1, 1]);
  });

  it('--check plans without applying anything (zero non-fact execs) and reports planned changes', async () => {
    const dir = writeRole({ 'tasks/main.yml': threeFiles + '\n- name: cmd\n  command: touch /x\n' });
    const hosts = makeHosts(2);
    const r = await run(dir, hosts, { check: true });
    expect(statuses(r.events, 'a')).toEqual({ h1: 'changed', h2: 'changed' });
    expect(statuses(r.events, 'cmd')).toEqual({ h1: 'skipped', h2: 'skipped' });
    expect(r.events.some((e) => e.type === 'change' && e.planned && e.change.description === 'write /etc/c')).toBe(true);
    for (const h of hosts) {
      expect(h.execs).toEqual([]);
      expect(h.uploads).toEqual([]);
      expect(h.factBatches).toBe(1);
    }
  });

  it('respects the forks bound', async () => {
    const c = new Concurrency();
    const hosts = makeHosts(7, c);
    for (const h of hosts) h.delayMs = 5;
    const dir = writeRole({ 'tasks/main.yml': threeFiles });
    const r = await run(dir, hosts, { forks: 3 });
    expect(r.result.exitCode).toBe(0);
    expect(c.max).toBe(3);
  });

  it('a failed host drops out, the others finish; an unreachable host fails alone; exit code 4', async () => {
    const hosts = makeHosts(3);
    hosts[1]!.files.dir('/etc/b'); // a directory where b writes a file: the write fails there
    hosts[2]!.unreachable = true;
    const dir = writeRole({ 'tasks/main.yml': threeFiles });
    const r = await run(dir, hosts);
    expect(statuses(r.events, 'b')).toEqual({ h1: 'changed', h2: 'failed' });
    expect(statuses(r.events, 'c')).toEqual({ h1: 'changed' });
    expect(r.result.hosts.h1!.state).toBe('ok');
    expect(r.result.hosts.h2).toMatchObject({ state: 'failed', failure: { task: 'b', line: 4 } });
    expect(r.result.hosts.h3!.state).toBe('unreachable');
    expect(r.result.exitCode).toBe(4);
    const failure = r.events.find((e) => e.type === 'failure' && e.host === 'h2');
    expect(failure).toMatchObject({ command: 'write /etc/b h2' });
    expect(failure?.type === 'failure' && failure.output?.join('\n')).toMatch(/cannot create \/etc\/b: Is a directory/);
  });

  it('verify mode fails a task whose plan is not empty after apply', async () => {
    const dir = writeRole({ 'tasks/main.yml': '- name: nc\n  broken: { path: /p }\n- name: next\n  note: { msg: hi }\n' });
    const hosts = makeHosts(1);
    const r = await run(dir, hosts, { verify: true });
    expect(statuses(r.events, 'nc')).toEqual({ h1: 'failed' });
    expect(r.result.hosts.h1!.failure?.message).toMatch(/did not converge: after applying, the plan still has: poke \/p/);
    expect(statuses(r.events, 'next')).toEqual({});
    const plain = await run(dir, makeHosts(1));
    expect(statuses(plain.events, 'nc')).toEqual({ h1: 'changed' });
  });

  it('exposes base facts under Ansible names and magic variables', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- note: { msg: "{{ ansible_distribution }} {{ ansible_distribution_major_version }} {{ ansible_os_family }} {{ ansible_default_ipv4.address }} {{ ansible_facts.architecture }}" }
- note: { msg: "{{ inventory_hostname }} {{ groups['db'] | join(',') }} {{ play_hosts | length }} {{ hostvars['h2'].color }}" }
`,
    });
    const r = await run(dir, makeHosts(2), { hostVars: { h2: { color: 'red' } }, groups: { all: ['h1', 'h2'], db: ['h2'] } });
    expect(messages(r.events, 'h1')).toEqual(['Debian 12 Debian 10.213.9.11 x86_64', 'h1 h2 2 red']);
  });

  it('facts read before a change are re-read at the end of the same round trip as the change', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- name: a
  put: { path: /etc/a, content: A }
- name: a-again
  put: { path: /etc/a, content: A }
- name: a-other
  put: { path: /etc/a, content: Z }
`,
    });
    const hosts = makeHosts(1);
    const r = await run(dir, hosts, { verify: true });
    // a-again sees the content a wrote (refreshed, not the prefetched "absent"); verify needed no extra trip.
    expect([statuses(r.events, 'a'), statuses(r.events, 'a-again'), statuses(r.events, 'a-other')]).toEqual([
      { h1: 'changed' },
      { h1: 'ok' },
      { h1: 'changed' },
    ]);
    expect(hosts[0]!.files.get('/etc/a')).toBe('Z');
    expect(r.result.hosts.h1!.channels).toBe(3);
  });

  it('a refresh re-reads only facts this task or later ones need, loop items included', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- name: first
  put: { path: /etc/a, content: A }
- name: many
  put: { path: "/d/{{ item }}", content: "{{ item }}" }
  loop: [x, y, z]
`,
    });
    const hosts = makeHosts(1);
    const r = await run(dir, hosts);
    expect(hosts[0]!.files.get('/d/z')).toBe('z');
    expect(hosts[0]!.batches).toEqual([
      ['base', 'content:/etc/a', 'content:/d/x', 'content:/d/y', 'content:/d/z'],
      ['content:/d/x', 'content:/d/y', 'content:/d/z'],
      ['content:/d/x', 'content:/d/y', 'content:/d/z'],
      ['content:/d/x', 'content:/d/y', 'content:/d/z'],
      ['content:/d/x', 'content:/d/y', 'content:/d/z'],
    ]);
    // one gather, then one round trip per applied item (change + refresh together)
    expect(r.result.hosts.h1!.channels).toBe(5);
  });

  it('placing a file forgets only facts about that path (and its directories)', async () => {
    // Over INLINE_MAX, so it goes by SFTP (smaller files are placed by an exec: inline-upload.test.ts).
    const text = 'v1'.repeat(9000);
    const dir = writeRole({
      'tasks/main.yml': `
- name: conf
  place: { dest: /etc/app/app.conf, text: ${text} }
- name: other
  put: { path: /etc/other, content: o }
- name: conf-again
  place: { dest: /etc/app/app.conf, text: ${text} }
`,
    });
    const hosts = makeHosts(1);
    hosts[0]!.files.dir('/etc/app');
    const r = await run(dir, hosts, {});
    expect([statuses(r.events, 'conf'), statuses(r.events, 'other'), statuses(r.events, 'conf-again')]).toEqual([
      { h1: 'changed' },
      { h1: 'changed' },
      { h1: 'ok' },
    ]);
    // gather; the upload forgets only app.conf (/etc/other stays known); other's change fetches
    // conf-again's fact in the same round trip: 1 gather + 1 upload + 1 exec.
    expect(hosts[0]!.batches).toEqual([['base', 'content:/etc/app/app.conf', 'content:/etc/other'], ['content:/etc/app/app.conf']]);
    expect(r.result.hosts.h1!.channels).toBe(3);
  });

  it('base facts of the last run as hints: facts of an OS-specific include come with the first batch', async () => {
    const dir = writeRole({
      'tasks/main.yml': '- include_tasks: "{{ ansible_os_family }}.yml"\n',
      'tasks/Debian.yml': '- name: deb\n  put: { path: /etc/deb, content: d }\n',
    });
    const hosts = makeHosts(1);
    hosts[0]!.files.set('/etc/deb', 'd');
    const cold = await run(dir, hosts);
    expect(cold.result.hosts.h1!.channels).toBe(2);
    const warm = await run(dir, hosts, { factHints: cold.result.baseFacts });
    expect(warm.result.hosts.h1!.channels).toBe(1);
    expect(statuses(warm.events, 'deb')).toEqual({ h1: 'ok' });
  });

  it('lazy facts are read only when their task runs (not prefetched, not refreshed after changes)', async () => {
    const dir = writeRole({
      'tasks/main.yml': `
- name: w
  put: { path: /etc/a, content: A }
- name: sum
  heavy: { path: /big.tar }
`,
    });
    const hosts = makeHosts(1);
    await run(dir, hosts);
    expect(hosts[0]!.batches).toEqual([['base', 'content:/etc/a'], ['content:/big.tar']]);
  });
});
