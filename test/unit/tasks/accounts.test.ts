import { describe, expect, it } from 'vitest';
import { parseAuthorizedKeys } from '../../../src/facts/authorized-keys.js';
import { groupFact, parseUser } from '../../../src/facts/users.js';
import { sha256 } from '../../../src/tasks/lib/put-file.js';
import { authorizedKeyModule } from '../../../src/tasks/modules/authorized-key.js';
import { groupModule } from '../../../src/tasks/modules/group.js';
import { userModule } from '../../../src/tasks/modules/user.js';
import { argError, plan, raw } from '../helpers/fake-facts.js';

const HASH = '$6$salt$abcdefghijklmnopqrstuvwxyz0123456789';
const cmds = (r: { changes: { kind: string; command?: string }[] }) => r.changes.map((c) => (c.kind === 'exec' ? c.command : 'upload'));

// Captured on Debian 12 from the userFact snippet.
const NOBODY =
  'passwd=nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\ngroup=nogroup\ngroups=nogroup\npwsha=684888c0ebb17f374298b65ee2807526c066094c701bcc7ebbe1c1095f494fc1\n';
const omm = (over: Record<string, unknown> = {}) => ({
  exists: true,
  name: 'omm',
  uid: 1001,
  gid: 1001,
  comment: '',
  home: '/home/omm',
  shell: '/bin/bash',
  group: 'dbgrp',
  groups: ['dbgrp'],
  passwordSha256: sha256(HASH),
  ...over,
});

describe('user and group facts', () => {
  it('parse real getent/id output', () => {
    expect(parseUser(NOBODY)).toEqual({
      exists: true,
      name: 'nobody',
      uid: 65534,
      gid: 65534,
      comment: 'nobody',
      home: '/nonexistent',
      shell: '/usr/sbin/nologin',
      group: 'nogroup',
      groups: ['nogroup'],
      passwordSha256: '684888c0ebb17f374298b65ee2807526c066094c701bcc7ebbe1c1095f494fc1',
    });
    expect(parseUser('absent\n')).toEqual({ exists: false });
    expect(groupFact('nogroup').parse('nogroup:x:65534:\n', 0)).toEqual({ exists: true, name: 'nogroup', gid: 65534, members: [] });
    expect(groupFact('x').parse('absent\n', 2)).toEqual({ exists: false });
    expect(() => parseUser('garbage')).toThrow(/unreadable/);
  });
});

describe('group', () => {
  it('nothing to do / create / change gid / remove', async () => {
    expect((await plan(groupModule, { name: 'dbgrp', gid: 1001 }, { 'group:dbgrp': raw('dbgrp:x:1001:omm\n') })).changes).toEqual([]);
    expect(cmds(await plan(groupModule, { name: 'dbgrp', gid: '1001' }, { 'group:dbgrp': raw('absent\n') }))).toEqual(['groupadd -g 1001 dbgrp']);
    expect(cmds(await plan(groupModule, { name: 'dbgrp', gid: 1002 }, { 'group:dbgrp': raw('dbgrp:x:1001:\n') }))).toEqual(['groupmod -g 1002 dbgrp']);
    expect(cmds(await plan(groupModule, { name: 'dbgrp', state: 'absent' }, { 'group:dbgrp': raw('dbgrp:x:1001:\n') }))).toEqual(['groupdel dbgrp']);
    expect((await plan(groupModule, { name: 'dbgrp', state: 'absent' }, { 'group:dbgrp': raw('absent\n') })).changes).toEqual([]);
  });
  it('argument errors', () => {
    expect(argError(groupModule, {})).toMatch(/name/);
    expect(argError(groupModule, { name: 'g', gid: 'x' })).toMatch(/gid/);
  });
});

describe('user', () => {
  const want = { name: 'omm', group: 'dbgrp', shell: '/bin/bash', password: HASH };
  it('nothing to do when the account matches (password only set at creation)', async () => {
    const r = await plan(userModule, want, { 'user:omm': omm({ passwordSha256: sha256('$6$other$x') }) });
    expect(r.changes).toEqual([]);
    expect(r.result).toMatchObject({ name: 'omm', uid: 1001, group: 'dbgrp', home: '/home/omm', shell: '/bin/bash' });
  });
  it('creates with useradd and sets the hash through chpasswd stdin', async () => {
    const r = await plan(userModule, { ...want, uid: 1001, groups: 'wheel,adm' }, { 'user:omm': { exists: false } });
    expect(r.changes).toEqual([
      { kind: 'exec', description: 'useradd omm', command: 'useradd -u 1001 -g dbgrp -G wheel,adm -s /bin/bash -m omm' },
      { kind: 'exec', description: 'set the password of omm', command: 'chpasswd -e', stdin: `omm:${HASH}\n` },
    ]);
    expect(JSON.stringify(r.changes.map((c) => [c.description, c.kind === 'exec' && c.command]))).not.toContain('$6$');
  });
  it('fixes only what differs with one usermod', async () => {
    const r = await plan(userModule, { name: 'omm', shell: '/bin/sh', uid: 1005, group: 'dbgrp' }, { 'user:omm': omm() });
    expect(cmds(r)).toEqual(['usermod -u 1005 -s /bin/sh omm']);
  });
  it('groups: append adds only the missing ones; exact mode sets the list', async () => {
    const u = omm({ groups: ['dbgrp', 'adm'] });
    expect(cmds(await plan(userModule, { name: 'omm', groups: ['adm', 'wheel'], append: true }, { 'user:omm': u }))).toEqual(['usermod -a -G wheel omm']);
    expect((await plan(userModule, { name: 'omm', groups: ['adm'], append: true }, { 'user:omm': u })).changes).toEqual([]);
    expect(cmds(await plan(userModule, { name: 'omm', groups: ['wheel'] }, { 'user:omm': u }))).toEqual(['usermod -G wheel omm']);
    expect(cmds(await plan(userModule, { name: 'omm', groups: [] }, { 'user:omm': u }))).toEqual([`usermod -G '' omm`]);
    expect((await plan(userModule, { name: 'omm', groups: 'adm' }, { 'user:omm': u })).changes).toEqual([]);
  });
  it('update_password: always compares the hash by sha256', async () => {
    const a = { ...want, update_password: 'always' };
    expect((await plan(userModule, a, { 'user:omm': omm() })).changes).toEqual([]);
    expect(cmds(await plan(userModule, a, { 'user:omm': omm({ passwordSha256: 'x' }) }))).toEqual(['chpasswd -e']);
  });
  it('absent', async () => {
    expect(cmds(await plan(userModule, { name: 'omm', state: 'absent', remove: true }, { 'user:omm': omm() }))).toEqual(['userdel -r omm']);
    expect((await plan(userModule, { name: 'omm', state: 'absent' }, { 'user:omm': { exists: false } })).changes).toEqual([]);
  });
  it('argument errors', () => {
    expect(argError(userModule, { name: 'omm', password: 'plain' })).toMatch(/crypt hash/);
    expect(argError(userModule, { name: 'bad name' })).toMatch(/user name/);
    expect(argError(userModule, { name: 'omm', update_password: 'never' })).toMatch(/update_password/);
    expect(argError(userModule, { name: 'omm', createhome: 'no' })).toBe('');
  });
});

describe('authorized_key', () => {
  const K1 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBx1 afo@ctl';
  const K2 = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQAB other@x';
  const fact = (file?: { content: string; mode?: number; owner?: string }, sshDir: { mode: number; owner: string } | null = { mode: 0o700, owner: 'omm' }) => ({
    'authorized_keys:omm:': {
      user: true,
      home: '/home/omm',
      group: 'dbgrp',
      path: '/home/omm/.ssh/authorized_keys',
      ...(sshDir ? { sshDir } : {}),
      ...(file ? { file: { mode: 0o600, owner: 'omm', ...file } } : {}),
    },
  });
  it('parses the fact output captured on Debian 12 (root without a key file)', () => {
    expect(parseAuthorizedKeys('home=/root\ngroup=root\npath=/root/.ssh/authorized_keys\n')).toEqual({
      user: true,
      home: '/root',
      group: 'root',
      path: '/root/.ssh/authorized_keys',
    });
    const b64 = Buffer.from(`${K1}\n`).toString('base64');
    expect(parseAuthorizedKeys(`home=/h\ngroup=g\npath=/h/.ssh/authorized_keys\nsshdir=700 u\nfile=600 u\ncontent\n${b64}\n`)).toMatchObject({
      sshDir: { mode: 0o700, owner: 'u' },
      file: { mode: 0o600, owner: 'u', content: `${K1}\n` },
    });
    expect(parseAuthorizedKeys('nouser\n')).toEqual({ user: false });
  });
  it('nothing to do when the key is there', async () => {
    expect((await plan(authorizedKeyModule, { user: 'omm', key: K1 }, fact({ content: `${K2}\n${K1}\n` }))).changes).toEqual([]);
  });
  it('creates ~/.ssh and the file', async () => {
    const r = await plan(authorizedKeyModule, { user: 'omm', key: K1 }, fact(undefined, null));
    expect(cmds(r)).toEqual([`mkdir -m 0700 -- /home/omm/.ssh && chown omm:dbgrp -- /home/omm/.ssh`, 'upload']);
    expect(r.changes[1]).toMatchObject({ dest: '/home/omm/.ssh/authorized_keys', mode: '0600', owner: 'omm', group: 'dbgrp', content: Buffer.from(`${K1}\n`) });
  });
  it('updates a changed comment in place instead of duplicating', async () => {
    const r = await plan(authorizedKeyModule, { user: 'omm', key: K1 }, fact({ content: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBx1 old\n${K2}\n` }));
    expect(r.changes).toMatchObject([{ kind: 'upload', content: Buffer.from(`${K1}\n${K2}\n`) }]);
  });
  it('absent, exclusive, and fixing modes', async () => {
    expect((await plan(authorizedKeyModule, { user: 'omm', key: K1, state: 'absent' }, fact({ content: `${K1}\n${K2}\n` }))).changes).toMatchObject([
      { content: Buffer.from(`${K2}\n`) },
    ]);
    expect((await plan(authorizedKeyModule, { user: 'omm', key: K1, exclusive: true }, fact({ content: `# c\n${K2}\n${K1}\n` }))).changes).toMatchObject([
      { content: Buffer.from(`${K1}\n`) },
    ]);
    expect(cmds(await plan(authorizedKeyModule, { user: 'omm', key: K1 }, fact({ content: `${K1}\n`, mode: 0o644 }, { mode: 0o755, owner: 'omm' })))).toEqual([
      'chmod 0700 -- /home/omm/.ssh',
      'chmod 0600 -- /home/omm/.ssh/authorized_keys',
    ]);
  });
  it('a missing user fails on the host; argument errors', async () => {
    expect((await plan(authorizedKeyModule, { user: 'omm', key: K1 }, { 'authorized_keys:omm:': { user: false } })).fail).toMatch(
      /user omm does not exist on h1/,
    );
    expect(argError(authorizedKeyModule, { user: 'omm', key: 'not a key' })).toMatch(/no SSH public key/);
    expect(argError(authorizedKeyModule, { key: K1 })).toMatch(/user/);
  });
});
