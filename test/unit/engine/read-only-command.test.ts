import { describe, expect, it } from 'vitest';
import { makeHosts, run, statuses, writeRole } from './harness.js';

const files = [1, 2, 3].map((i) => `- name: t${i}\n  put: { path: /etc/f${i}, content: "${i}" }\n`).join('');

describe('engine: a command marked changed_when: false keeps the facts read before it', () => {
  it('a no-op re-run around a read-only command takes one fact round trip, not one per command', async () => {
    const hosts = makeHosts(1);
    const role = `- name: probe\n  command: { cmd: echo probe }\n  register: p\n  changed_when: false\n${files}`;
    const dir = writeRole({ 'tasks/main.yml': role });
    await run(dir, hosts, {});
    const before = hosts[0]!.batches.length;
    const again = await run(dir, hosts, {});
    expect(again.result.hosts.h1!.changed).toBe(0);
    expect(statuses(again.events, 'probe')).toEqual({ h1: 'ok' });
    // One fact batch, which reads the probe's command too (read-command.ts); nothing re-read after it.
    expect(hosts[0]!.batches.length - before).toBe(1);
    expect(again.result.hosts.h1!.channels).toBe(1);
  });

  it('a command without changed_when: false still makes later facts stale (they are read again)', async () => {
    const hosts = makeHosts(1);
    const role = `- name: writes\n  command: { cmd: sh -c 'echo 2 > /etc/f2' }\n${files}`;
    const r = await run(writeRole({ 'tasks/main.yml': role }), hosts, { verify: true });
    expect(r.result.exitCode).toBe(0);
    // t2 plans from what the command wrote, not from the facts read before it.
    expect(statuses(r.events, 't2')).toEqual({ h1: 'ok' });
    expect(statuses(r.events, 't1')).toEqual({ h1: 'changed' });
  });

  it('changed_when: false on a module that places files does not skip the re-read', async () => {
    const hosts = makeHosts(1);
    const role = `- name: quiet put\n  put: { path: /etc/f2, content: "2" }\n  changed_when: false\n${files}`;
    const r = await run(writeRole({ 'tasks/main.yml': role }), hosts, { verify: true });
    expect(r.result.exitCode).toBe(0);
    expect(statuses(r.events, 'quiet put')).toEqual({ h1: 'ok' });
    expect(statuses(r.events, 't2')).toEqual({ h1: 'ok' });
  });
});
