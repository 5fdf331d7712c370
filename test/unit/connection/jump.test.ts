import { describe, expect, it } from 'vitest';
import { connectionFromVars } from '../../../src/connection/from-inventory.js';
import { parseProxyJump, proxyCommandJump } from '../../../src/connection/jump.js';
import { parseSshConfig } from '../../../src/connection/ssh-config.js';
import { UserError } from '../../../src/errors.js';

const d = { localUser: 'me', home: '/home/me' };

describe('jump host specs', () => {
  it('reads ProxyJump lists, ports, users, ssh:// and IPv6, and none', () => {
    expect(parseProxyJump('t', 'ops@b1:2222,ssh://b2,[fd00::1]:23')).toEqual([
      { host: 'b1', user: 'ops', port: 2222, options: {} },
      { host: 'b2', options: {} },
      { host: 'fd00::1', port: 23, options: {} },
    ]);
    expect(parseProxyJump('t', 'none')).toBe('none');
    expect(() => parseProxyJump('t', 'b:99999')).toThrow(/jump host port must be a port number 1-65535, got '99999'/);
  });

  it('recognises the ssh -W %h:%p ProxyCommand in any order, with its options', () => {
    expect(proxyCommandJump('t', ['ssh', '-W', '%h:%p', '-q', 'ops@bastion'])).toEqual([{ host: 'bastion', user: 'ops', options: {} }]);
    expect(
      proxyCommandJump('t', ['/usr/bin/ssh', '-p', '2022', '-i', '~/.ssh/jump', '-o', 'StrictHostKeyChecking=accept-new', 'bastion', '-W', '[%h]:%p']),
    ).toEqual([{ host: 'bastion', port: 2022, identityFile: '~/.ssh/jump', options: { stricthostkeychecking: 'accept-new' } }]);
  });

  it('refuses other ProxyCommands, saying what to write instead', () => {
    expect(() => proxyCommandJump('t', ['nc', '-X', '5', '%h', '%p'])).toThrow(/not supported .*ProxyJump=user@bastion/);
    expect(() => proxyCommandJump('t', ['ssh', 'bastion', 'nc', '%h', '%p'])).toThrow(/runs a command on the jump host/);
    expect(() => proxyCommandJump('t', ['ssh', '-W', 'other:22', 'bastion'])).toThrow(/no -W %h:%p/);
    expect(() => proxyCommandJump('t', ['ssh', '-W', '%h:%p', 'bastion'])).not.toThrow();
  });
});

describe('ansible_ssh_common_args jump hosts', () => {
  it('-o ProxyJump=user@bastion: the hop inherits known_hosts, strictness and, as a fallback, the key', () => {
    const c = connectionFromVars(
      'db1',
      {
        ansible_host: '10.0.0.5',
        ansible_user: 'root',
        ansible_ssh_private_key_file: '~/k',
        ansible_ssh_common_args: '-o ProxyJump=ops@10.0.0.1 -o UserKnownHostsFile=/kh -o StrictHostKeyChecking=yes',
      },
      d,
    );
    expect(c.jump).toEqual([
      {
        name: '10.0.0.1',
        address: '10.0.0.1',
        port: 22,
        user: 'ops',
        strictHostKeyChecking: 'yes',
        connectTimeoutMs: 10_000,
        knownHostsFile: '/kh',
        fallbackKeyFiles: ['/home/me/k'],
      },
    ]);
    expect(c).toMatchObject({ address: '10.0.0.5', user: 'root' });
  });

  it('-o ProxyCommand="ssh -W %h:%p -q user@bastion" is the same jump; -J too', () => {
    const pc = connectionFromVars('db1', { ansible_ssh_common_args: `-o ProxyCommand="ssh -W %h:%p -q ops@bastion"` }, d);
    const j = connectionFromVars('db1', { ansible_ssh_common_args: '-J ops@bastion' }, d);
    expect(pc.jump?.map((h) => `${h.user}@${h.address}:${h.port}`)).toEqual(['ops@bastion:22']);
    expect(j.jump).toEqual(pc.jump);
  });

  it('another ProxyCommand is an input error naming the host', () => {
    const bad = () => connectionFromVars('db1', { ansible_ssh_common_args: `-o ProxyCommand='nc -x proxy:1080 %h %p'` }, d);
    expect(bad).toThrow(UserError);
    expect(bad).toThrow(/host 'db1'.*ProxyCommand 'nc -x proxy:1080 %h %p' is not supported/);
  });

  it('the inventory beats ~/.ssh/config; the config fills what the inventory leaves out', () => {
    const sshConfig = parseSshConfig(
      [
        'Host db1',
        '  HostName 10.9.9.9',
        '  Port 2222',
        '  User cfguser',
        '  IdentityFile ~/.ssh/%n_key',
        '  ProxyJump jump1,jump2',
        'Host jump1',
        '  HostName 10.0.0.1',
        '  User hop',
        '  Port 2022',
      ].join('\n'),
    );
    const fromCfg = connectionFromVars('db1', {}, { ...d, sshConfig });
    expect(fromCfg).toMatchObject({ address: '10.9.9.9', port: 2222, user: 'cfguser', identityFiles: ['/home/me/.ssh/db1_key'] });
    expect(fromCfg.jump?.map((h) => `${h.name}=${h.user}@${h.address}:${h.port}`)).toEqual(['jump1=hop@10.0.0.1:2022', 'jump2=me@jump2:22']);
    const inv = connectionFromVars(
      'db1',
      { ansible_host: '10.1.1.1', ansible_port: 22, ansible_user: 'root', ansible_ssh_private_key_file: '/k', ansible_ssh_common_args: '-o ProxyJump=none' },
      { ...d, sshConfig },
    );
    expect(inv).toMatchObject({ address: '10.1.1.1', port: 22, user: 'root', privateKeyFile: '/k' });
    expect(inv.identityFiles).toBeUndefined();
    expect(inv.jump).toBeUndefined();
  });

  it("a jump host's own ProxyJump in the config comes before it; a loop is an input error", () => {
    const chain = parseSshConfig('Host outer\n  ProxyJump gate\nHost db*\n  ProxyJump outer');
    expect(connectionFromVars('db1', {}, { ...d, sshConfig: chain }).jump?.map((h) => h.name)).toEqual(['gate', 'outer']);
    const loop = parseSshConfig('Host *\n  ProxyJump b');
    expect(() => connectionFromVars('db1', {}, { ...d, sshConfig: loop })).toThrow(/more than 8 jump hosts/);
  });
});
