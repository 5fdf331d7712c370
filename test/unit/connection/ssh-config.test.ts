import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSshConfig, parseSshConfig, resolveSshConfig } from '../../../src/connection/ssh-config.js';
import { UserError } from '../../../src/errors.js';

const resolve = (text: string, host: string, user?: string) => resolveSshConfig(parseSshConfig(text), { host, localUser: 'me', ...(user ? { user } : {}) });

describe('ssh config resolution (first match wins, as OpenSSH)', () => {
  it('applies every matching Host block in file order, the first value of each keyword winning', () => {
    const text = ['Host db1', '  HostName 10.0.0.5', '  Port 2201', 'Host db*', '  Port 2299', '  User dba', 'Host *', '  User nobody', '  Port 22'].join('\n');
    expect(resolve(text, 'db1')).toMatchObject({ hostname: ['10.0.0.5'], port: ['2201'], user: ['dba'] });
    expect(resolve(text, 'db2')).toMatchObject({ port: ['2299'], user: ['dba'] });
    expect(resolve(text, 'web')).toEqual({ user: ['nobody'], port: ['22'] });
  });

  it('matches patterns with *, ? and comma lists; a negated pattern rejects the block', () => {
    const text = ['Host db? !db9 app-*,web', '  User a', 'Host *', '  User z'].join('\n');
    expect(resolve(text, 'db1').user).toEqual(['a']);
    expect(resolve(text, 'db12').user).toEqual(['z']); // ? is exactly one character
    expect(resolve(text, 'db9').user).toEqual(['z']);
    expect(resolve(text, 'app-x').user).toEqual(['a']);
    expect(resolve(text, 'WEB').user).toEqual(['a']); // host names match case-insensitively
  });

  it('keywords are case-insensitive and accept Key=Value; IdentityFile accumulates', () => {
    const text = ['host n', '  IDENTITYFILE ~/.ssh/a', '  hostname=10.1.1.1', 'Host *', '  IdentityFile ~/.ssh/b'].join('\n');
    expect(resolve(text, 'n')).toEqual({ identityfile: ['~/.ssh/a', '~/.ssh/b'], hostname: ['10.1.1.1'] });
  });

  it('expands %h and %% in HostName', () => {
    expect(resolve('Host *.lab\n  HostName %h.example.internal%%', 'db1.lab').hostname).toEqual(['db1.lab.example.internal%']);
  });

  it('Match host sees the HostName set above it; originalhost the name as given; user and negation', () => {
    const text = [
      'Host db1',
      '  HostName 10.0.0.5',
      'Match host 10.0.0.*',
      '  ProxyJump bastion',
      'Match originalhost db1 !user root',
      '  Port 2200',
      'Match all',
      '  User fallback',
    ].join('\n');
    expect(resolve(text, 'db1')).toMatchObject({ proxyjump: ['bastion'], port: ['2200'], user: ['fallback'] });
    expect(resolve(text, 'db1', 'root').port).toBeUndefined();
    expect(resolve(text, '10.0.0.7').proxyjump).toEqual(['bastion']);
    expect(resolve(text, 'web').proxyjump).toBeUndefined();
  });

  it('ProxyJump and ProxyCommand are one setting: the first one set wins', () => {
    const text = ['Host a', '  ProxyCommand ssh -W %h:%p b', 'Host *', '  ProxyJump c'].join('\n');
    expect(resolve(text, 'a')).toEqual({ proxycommand: ['ssh', '-W', '%h:%p', 'b'] });
    expect(resolve(text, 'x')).toEqual({ proxyjump: ['c'] });
  });

  it('refuses Match exec with a clear input error instead of running it', () => {
    expect(() => resolve('Match exec "true"\n  User x', 'a')).toThrow(/Match exec .*does not evaluate/);
    expect(() => resolve('Match exec "true"\n  User x', 'a')).toThrow(UserError);
  });

  it('reads Include files (relative to ~/.ssh, globbed) in place', () => {
    const home = mkdtempSync(join(tmpdir(), 'afo-sshcfg-'));
    mkdirSync(join(home, '.ssh', 'conf.d'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'conf.d', '10-db'), 'Host db*\n  User from-include\n');
    writeFileSync(join(home, '.ssh', 'config'), 'Include conf.d/*\nHost *\n  User last\n');
    const cfg = loadSshConfig(join(home, '.ssh', 'config'), true, home)!;
    expect(resolveSshConfig(cfg, { host: 'db1', localUser: 'me' }).user).toEqual(['from-include']);
    expect(resolveSshConfig(cfg, { host: 'web', localUser: 'me' }).user).toEqual(['last']);
  });

  it('a named file that is missing is an input error; the default one may be missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afo-sshcfg-'));
    expect(() => loadSshConfig(join(dir, 'nope'), true, dir)).toThrow(/does not exist/);
    expect(loadSshConfig(join(dir, 'nope'), false, dir)).toBeUndefined();
  });
});
