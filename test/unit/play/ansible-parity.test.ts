/**
 * The run opener against the real thing: the magic variables and the login user afo gives each
 * host, compared with what ansible-core (Debian's, 2.14) gives on the same inventory. Nothing is
 * contacted: ansible runs `debug` only (no connection) and, for the login user, an ssh
 * executable that records its arguments and exits; afo runs on fake transports.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src/engine/events.js';
import { loadInventory } from '../../../src/inventory/load.js';
import { openRun, runHosts } from '../../../src/play/index.js';
import { TaskLoader } from '../../../src/roles/load.js';
import { builtinModules } from '../../../src/tasks/modules/index.js';
import { fsLoader } from '../../../src/inventory/loader.js';
import { FakeHost } from '../engine/fake-transport.js';
import { writeRole } from '../engine/harness.js';

const MAGIC = `{{ {'inventory_hostname': inventory_hostname, 'short': inventory_hostname_short, 'group_names': group_names,
  'groups': groups, 'play_hosts': ansible_play_hosts, 'play_hosts_all': ansible_play_hosts_all,
  'hv_short': hostvars['192.168.56.11'].inventory_hostname_short, 'hv_dotted_short': hostvars['db1.lab.internal'].inventory_hostname_short,
  'hv_groups': hostvars['db1.lab.internal'].group_names, 'user': ansible_user | default('UNDEFINED')} | to_json }}`.replace(/\n\s*/g, ' ');

// An IPv4 host, a DNS name with dots in two groups, a range, a child group of both.
const INVENTORY = `[db]
192.168.56.11
db1.lab.internal ansible_ssh_user=asu
node[01:03]
[web]
db1.lab.internal
node02 ansible_user=webu
[everything:children]
db
web
`;

function tmp(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'afo-parity-'));
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

function ansibleMagic(inventory: string, remoteUser: string): Record<string, unknown> {
  const playbook = tmp('magic.yml', `- hosts: all\n  gather_facts: false\n  tasks:\n    - debug:\n        msg: "${MAGIC}"\n`);
  const out = execFileSync('ansible-playbook', ['-i', inventory, '-c', 'local', '-u', remoteUser, playbook], {
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_NOCOLOR: '1' },
  });
  const hosts = (JSON.parse(out) as { plays: { tasks: { hosts: Record<string, { msg: string }> }[] }[] }).plays[0]!.tasks[0]!.hosts;
  return Object.fromEntries(Object.entries(hosts).map(([h, r]) => [h, JSON.parse(r.msg)]));
}

async function afoMagic(inventory: string, remoteUser: string): Promise<Record<string, unknown>> {
  const loader = new TaskLoader(builtinModules);
  const role = loader.load(writeRole({ 'tasks/main.yml': `- debug:\n    msg: "${MAGIC}"\n` }));
  const opened = openRun({ inventory: loadInventory(inventory, fsLoader), loader, remoteUser, connect: async (c) => new FakeHost(c.name).transport() });
  const events: EngineEvent[] = [];
  try {
    expect((await opened.run(role, { emit: (e) => events.push(e) })).exitCode).toBe(0);
  } finally {
    await opened.close();
  }
  return Object.fromEntries(events.flatMap((e) => (e.type === 'message' ? [[e.host, JSON.parse(e.text)]] : [])));
}

describe('magic variables: afo and ansible-core on the same inventory', () => {
  it('inventory_hostname(_short), group_names, groups, hostvars, play hosts, ansible_user', async () => {
    const inv = tmp('hosts.ini', INVENTORY);
    const theirs = ansibleMagic(inv, 'cli');
    expect(Object.keys(theirs)).toHaveLength(5);
    expect(await afoMagic(inv, 'cli')).toEqual(theirs);
  });
});

/** The user each host's ssh command line logs in as (ssh keeps the first -o User / -l it sees). */
function ansibleLoginUsers(inventory: string, remoteUser: string | undefined): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'afo-fakessh-'));
  const ssh = join(dir, 'ssh');
  writeFileSync(ssh, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${dir}/argv'\nexit 255\n`);
  chmodSync(ssh, 0o755);
  spawnSync('ansible', ['-i', inventory, 'all', '-m', 'ping', ...(remoteUser ? ['-u', remoteUser] : [])], {
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_SSH_EXECUTABLE: ssh, ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_SSH_RETRIES: '0' },
  });
  const users: Record<string, string> = {};
  for (const line of readFileSync(join(dir, 'argv'), 'utf8').split('\n').filter(Boolean)) {
    const address = /\s(127\.0\.0\.\d+)\s/.exec(line)?.[1];
    const first = /-o User="([^"]+)"|-l (\S+)/.exec(line);
    if (address) users[address] = first ? (first[1] ?? first[2]!) : userInfo().username;
  }
  return users;
}

function afoLoginUsers(inventory: string, remoteUser: string | undefined): Record<string, string> {
  const { connections } = runHosts(loadInventory(inventory, fsLoader), remoteUser ? { remoteUser } : {});
  return Object.fromEntries([...connections.values()].map((c) => [c.address, c.user ?? '?']));
}

describe('login user: ansible_ssh_user / ansible_user / remote_user (-u) / ssh args, as ansible-core decides', () => {
  const inv = tmp(
    'users.ini',
    `[db]
h1 ansible_host=127.0.0.11 ansible_user=au ansible_ssh_user=asu
h2 ansible_host=127.0.0.12 ansible_user=au
h3 ansible_host=127.0.0.13
h4 ansible_host=127.0.0.14 ansible_ssh_common_args='-l argu'
[g5]
h5 ansible_host=127.0.0.15 ansible_user=hu
[g5:vars]
ansible_ssh_user=gsu
`,
  );
  it.each([
    ['with -u', 'cli'],
    ['without -u', undefined],
  ])('%s', (_what, remoteUser) => {
    const theirs = ansibleLoginUsers(inv, remoteUser);
    expect(Object.keys(theirs)).toHaveLength(5);
    expect(afoLoginUsers(inv, remoteUser)).toEqual(theirs);
  });
});
