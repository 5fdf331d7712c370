import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { runPlay, type PlayIO, type PlayOptions } from '../../../src/cli/play/run-play.js';
import type { EngineEvent } from '../../../src/engine/events.js';
import { FakeHost } from '../engine/fake-transport.js';
import { writeRole } from '../engine/harness.js';
import { encryptVault } from '../../../src/vault/index.js';

function inventory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'afo-inv-'));
  const file = join(dir, 'hosts.ini');
  writeFileSync(file, '[db]\ndb1 ansible_host=127.0.0.2 role=primary\ndb2 ansible_host=127.0.0.3\n[web]\nweb1 ansible_host=127.0.0.4\n');
  return file;
}

async function play(role: string, opts: Partial<PlayOptions>, hosts: Map<string, FakeHost>): Promise<{ code: number; events: EngineEvent[]; err: string }> {
  let out = '';
  let err = '';
  const io: PlayIO = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTTY: false,
    askSecret: async () => 'pw',
    env: {},
    connect: async (c) => {
      const h = hosts.get(c.name) ?? new FakeHost(c.name);
      hosts.set(c.name, h);
      return h.transport();
    },
  };
  const code = await runPlay(role, { inventory: inventory(), extraVars: [], json: true, logDir: mkdtempSync(join(tmpdir(), 'afo-logs-')), ...opts }, io);
  const events = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as EngineEvent);
  return { code, events, err };
}

const role = () =>
  writeRole({
    'tasks/main.yml': `
- name: hello
  ansible.builtin.debug:
    msg: "{{ inventory_hostname }} {{ role | default('replica') }} {{ greeting }}"
`,
  });

describe('afo play (CLI path, fake transports)', () => {
  it('runs on all hosts with -e vars; --limit and --hosts select hosts', async () => {
    const hosts = new Map<string, FakeHost>();
    const r = await play(role(), { extraVars: ['greeting=hi'] }, hosts);
    expect(r.code).toBe(0);
    const msgs = r.events.flatMap((e) => (e.type === 'message' ? [`${e.host}: ${e.text}`] : []));
    expect(msgs.sort()).toEqual(['db1: db1 primary hi', 'db2: db2 replica hi', 'web1: web1 replica hi']);
    expect(r.err).toMatch(/^run log: /);

    const limited = await play(role(), { extraVars: ['greeting=x'], hosts: 'db', limit: '!db2' }, new Map());
    const start = limited.events.find((e) => e.type === 'run-start');
    expect(start).toMatchObject({ hosts: ['db1'] });
  });

  it('a broken role is an input error before any host is contacted', async () => {
    const hosts = new Map<string, FakeHost>();
    const bad = writeRole({ 'tasks/main.yml': '- name: x\n  no_such_module: {}\n' });
    await expect(play(bad, {}, hosts)).rejects.toThrow(UserError);
    await expect(play(bad, {}, hosts)).rejects.toThrow(/tasks\/main\.yml:1: unknown module 'no_such_module'/);
    expect(hosts.size).toBe(0);
  });

  it('a host that fails makes the exit code 4', async () => {
    const hosts = new Map<string, FakeHost>([['db2', Object.assign(new FakeHost('db2'), { unreachable: true })]]);
    const r = await play(role(), { extraVars: ['greeting=x'] }, hosts);
    expect(r.code).toBe(4);
  });

  it('reads a !vault value of -e @file with --vault-password-file and hides it in the output, whatever its name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afo-vault-play-'));
    const pw = join(dir, 'pw');
    writeFileSync(pw, 'vault-pw\n');
    const vaulted = encryptVault('hush-hush', { id: 'default', password: Buffer.from('vault-pw'), source: 'test' });
    const extra = join(dir, 'extra.yml');
    writeFileSync(extra, `greeting: !vault |\n${vaulted.replace(/^(?=.)/gm, '  ')}`);
    const r = await play(role(), { extraVars: [`@${extra}`], vaultPasswordFile: [pw], hosts: 'db1' }, new Map());
    expect(r.code).toBe(0);
    const msgs = r.events.flatMap((e) => (e.type === 'message' ? [e.text] : []));
    expect(msgs).toEqual(['db1 primary ********']);
    await expect(play(role(), { extraVars: [`@${extra}`], hosts: 'db1' }, new Map())).rejects.toThrow(
      `${extra}:1: is encrypted with Ansible Vault and no vault password was given`,
    );
  });
});
