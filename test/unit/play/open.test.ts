/**
 * The run opener: one transport per host however many roles run on it, the login user from the
 * connection settings, -e values never in host vars, and a user error inside a task (a template's
 * undefined variable) as that task's failure with its file:line, exit code 4.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPlay, type PlayIO } from '../../../src/cli/play/run-play.js';
import type { EngineEvent } from '../../../src/engine/events.js';
import { loadInventory } from '../../../src/inventory/load.js';
import { openCommandRun } from '../../../src/play/choices.js';
import { openRun } from '../../../src/play/open.js';
import { TaskLoader } from '../../../src/roles/load.js';
import { builtinModules } from '../../../src/tasks/modules/index.js';
import { fsLoader } from '../../../src/inventory/loader.js';
import { FakeHost } from '../engine/fake-transport.js';
import { writeRole } from '../engine/harness.js';

function inventoryFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'afo-open-'));
  writeFileSync(join(dir, 'hosts.ini'), text);
  return join(dir, 'hosts.ini');
}

describe('openRun', () => {
  it('connects each host once for several runs (roles, tags) and says so in every run-end', async () => {
    const inv = loadInventory(inventoryFile('[db]\ndb1 ansible_host=127.0.0.2\ndb2 ansible_host=127.0.0.3\n'), fsLoader);
    const hosts = new Map<string, FakeHost>();
    const connects: string[] = [];
    const loader = new TaskLoader(builtinModules);
    const role = loader.load(writeRole({ 'tasks/main.yml': '- debug: {msg: one}\n  tags: [a]\n- debug: {msg: two}\n  tags: [b]\n' }));
    const events: EngineEvent[] = [];
    const opened = openRun({
      inventory: inv,
      loader,
      connect: async (c) => {
        connects.push(c.name);
        const h = hosts.get(c.name) ?? new FakeHost(c.name);
        hosts.set(c.name, h);
        return h.transport();
      },
    });
    try {
      for (const tag of ['a', 'b', 'a']) expect((await opened.run(role, { emit: (e) => events.push(e), tags: [tag] })).exitCode).toBe(0);
    } finally {
      await opened.close();
    }
    expect(connects.sort()).toEqual(['db1', 'db2']);
    const ends = events.filter((e) => e.type === 'run-end');
    expect(ends).toHaveLength(3);
    for (const e of ends) if (e.type === 'run-end') expect(Object.values(e.hosts).map((h) => h.connections)).toEqual([1, 1]);
    expect(opened.connections()).toEqual({ db1: 1, db2: 1 });
  });

  it('host vars hold the inventory only (no -e values) and the login user comes from the SSH settings', async () => {
    const inv = loadInventory(inventoryFile('[db]\ndb1 ansible_host=127.0.0.2 ansible_ssh_user=ops\ndb2 ansible_host=127.0.0.3\n'), fsLoader);
    const opened = openRun({ inventory: inv, loader: new TaskLoader(builtinModules), remoteUser: 'deployer' });
    expect(opened.hosts.map((h) => h.loginUser)).toEqual(['ops', 'deployer']);
    expect(opened.hosts.map((h) => h.vars.ansible_user)).toEqual(['ops', 'deployer']);
    expect(opened.hosts.every((h) => !('greeting' in h.vars))).toBe(true);
    expect(opened.connection('db1')).toMatchObject({ address: '127.0.0.2', user: 'ops' });
    await opened.close();
  });
});

describe('a user error inside a task', () => {
  it('openCommandRun hands every given command choice to the run, and leaves the defaults when none is given', async () => {
    const inv = loadInventory(inventoryFile('[db]\ndb1 ansible_host=127.0.0.2\n'), fsLoader);
    const loader = new TaskLoader(builtinModules);
    const bare = openCommandRun(inv, loader, { inventory: inv.file, extraVars: {} });
    const given = openCommandRun(inv, loader, {
      inventory: inv.file,
      extraVars: {},
      remoteUser: 'deployer',
      acceptNewHostKeys: true,
      ssh: { privateKeyFile: '/keys/afo', connectTimeoutMs: 1234 },
      sshConfigFile: 'none',
    });
    try {
      expect(bare.connection('db1')).toMatchObject({ user: 'root', strictHostKeyChecking: 'yes' });
      expect(bare.connection('db1').privateKeyFile).toBeUndefined();
      expect(given.connection('db1')).toMatchObject({
        user: 'deployer',
        strictHostKeyChecking: 'accept-new',
        privateKeyFile: '/keys/afo',
        connectTimeoutMs: 1234,
      });
    } finally {
      await bare.close();
      await given.close();
    }
  });

  it("a template's undefined variable fails that task with file:line, exit 4, never 'internal error'", async () => {
    const role = writeRole({
      'tasks/main.yml': '- name: net config\n  template: {src: x.conf.hbs, dest: /etc/x.conf}\n',
      'templates/x.conf.hbs': 'mtu={{ net.mtu }}\n',
    });
    let out = '';
    const io: PlayIO = {
      out: (t) => void (out += t),
      err: () => undefined,
      isTTY: false,
      askSecret: async () => '',
      env: {},
      connect: async (c) => new FakeHost(c.name).transport(),
    };
    const code = await runPlay(
      role,
      { inventory: inventoryFile('db1 ansible_host=127.0.0.2\n'), extraVars: [], json: true, logDir: mkdtempSync(join(tmpdir(), 'afo-logs-')) },
      io,
    );
    expect(code).toBe(4);
    const failures = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as EngineEvent)
      .filter((e) => e.type === 'failure');
    expect(failures).toHaveLength(1);
    const f = failures[0]!;
    expect(f.type === 'failure' && f.message).toMatch(/x\.conf\.hbs:1: variable "net\.mtu" is not defined/);
    expect(f.type === 'failure' && f.message).not.toMatch(/internal error/);
    expect(f.type === 'failure' && `${f.task.file}:${f.task.line}`).toMatch(/tasks\/main\.yml:1$/);
  });
});
