import { describe, expect, it } from 'vitest';
import { connectionFromVars, toHostConnection } from '../../../src/connection/from-inventory.js';
import { hostConnection } from '../../../src/inventory/connection.js';

describe('toHostConnection', () => {
  it('maps inventory variables, with ssh options from ansible_ssh_common_args', () => {
    const inv = hostConnection('db1', {
      ansible_host: '10.0.0.5',
      ansible_ssh_user: 'admin',
      ansible_ssh_pass: 'pw',
      ansible_ssh_private_key_file: '~/.ssh/deploy',
      ansible_become_pass: 'bpw',
      ansible_ssh_common_args: '-o StrictHostKeyChecking=accept-new -o UserKnownHostsFile=~/kh -o ConnectTimeout=3',
    });
    expect(toHostConnection(inv, { home: '/home/me' })).toEqual({
      name: 'db1',
      address: '10.0.0.5',
      port: 22,
      user: 'admin',
      password: 'pw',
      privateKeyFile: '/home/me/.ssh/deploy',
      becomePassword: 'bpw',
      knownHostsFile: '/home/me/kh',
      strictHostKeyChecking: 'accept-new',
      connectTimeoutMs: 3000,
    });
  });

  it('defaults: strict checking, the local user, 10 s connect timeout', () => {
    const c = toHostConnection(hostConnection('db2', {}), { localUser: 'me' });
    expect(c).toEqual({ name: 'db2', address: 'db2', port: 22, user: 'me', strictHostKeyChecking: 'yes', connectTimeoutMs: 10_000 });
  });

  it('maps StrictHostKeyChecking spellings; --accept-new-host-keys upgrades only a strict setting', () => {
    const strict = (v: string | undefined, acceptNewHostKeys = false) =>
      toHostConnection(hostConnection('h', v ? { ansible_ssh_common_args: `-o StrictHostKeyChecking=${v}` } : {}), { acceptNewHostKeys, localUser: 'u' })
        .strictHostKeyChecking;
    expect([strict('yes'), strict('ask'), strict('accept-new'), strict('no'), strict('off'), strict('No')]).toEqual([
      'yes',
      'yes',
      'accept-new',
      'no',
      'no',
      'no',
    ]);
    expect([strict(undefined, true), strict('yes', true), strict('no', true)]).toEqual(['accept-new', 'accept-new', 'no']);
  });

  it('reads merged variables directly (Ansible original style names, INI-typed numbers)', () => {
    expect(connectionFromVars('db3', { ansible_ssh_user: 'root', ansible_ssh_pass: 123456, ansible_ssh_port: 2222 }, { localUser: 'me' })).toMatchObject({
      user: 'root',
      password: '123456',
      port: 2222,
    });
  });
});
