/**
 * Every read-only fact snippet run for real on this Debian machine (as root) and parsed: proves
 * the snippets are valid sh, that absence comes back as a value (exit code and stderr noise do
 * not break parsing), and that the parsers read real output. Nothing here changes the machine.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizedKeysFact } from '../../src/facts/authorized-keys.js';
import { crontabFact } from '../../src/facts/cron.js';
import type { FactSpec } from '../../src/facts/fact.js';
import { fileContentFact, pathExistsFact } from '../../src/facts/file-content.js';
import { hostnameFact } from '../../src/facts/hostname.js';
import { packagesFact } from '../../src/facts/packages.js';
import { selinuxFact } from '../../src/facts/selinux.js';
import { serviceFact } from '../../src/facts/service.js';
import { statFact } from '../../src/facts/stat.js';
import { sysctlFact } from '../../src/facts/sysctl.js';
import { treeFact } from '../../src/facts/tree.js';
import { groupFact, userFact } from '../../src/facts/users.js';

function run<T>(spec: FactSpec<T>, env?: NodeJS.ProcessEnv): T {
  const r = spawnSync('sh', ['-c', spec.command], { encoding: 'utf8', ...(env ? { env } : {}) });
  return spec.parse(r.stdout, r.status ?? -1);
}

/** A PATH whose rpm and dnf are small scripts: installed a, b; c provides d; calls logged. */
function fakeRpmPath(broken = false): { env: NodeJS.ProcessEnv; calls: () => string[] } {
  const bin = mkdtempSync(join(tmpdir(), 'afo-fake-rpm-'));
  const log = join(bin, 'calls');
  const rpm = broken
    ? `#!/bin/sh\necho "$*" >> ${log}\necho "error: cannot open Packages database" >&2\nexit 1\n`
    : [
        '#!/bin/sh',
        `echo "$*" >> ${log}`,
        'shift',
        'if [ "$1" = --whatprovides ]; then [ "$2" = d ] && { echo c-1-1.x86_64; exit 0; }; echo "no package provides $2"; exit 1; fi',
        'm=0; for n in "$@"; do case $n in a|b|c) echo "$n-1-1.x86_64" ;; *) echo "package $n is not installed"; m=$((m+1)) ;; esac; done; exit $m',
        '',
      ].join('\n');
  writeFileSync(join(bin, 'rpm'), rpm, { mode: 0o755 });
  writeFileSync(join(bin, 'dnf'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return {
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    calls: () => {
      try {
        return readFileSync(log, 'utf8').trim().split('\n');
      } catch {
        return [];
      }
    },
  };
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'afo-facts-'));
  writeFileSync(join(dir, 'a file'), 'line1\r\nno final newline');
  symlinkSync('a file', join(dir, 'link'));
  mkdirSync(join(dir, 'd', 'e'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('facts on this machine', () => {
  it('stat, file content and exists: present, absent, links, globs', () => {
    const sum = createHash('sha256').update('line1\r\nno final newline').digest('hex');
    expect(run(statFact(join(dir, 'a file')))).toMatchObject({ exists: true, type: 'file', size: 23, owner: 'root', sha256: sum });
    expect(run(statFact(join(dir, 'link'), true))).toMatchObject({ sha256: sum });
    expect(run(statFact(join(dir, 'link')))).toMatchObject({ type: 'link', linkTarget: 'a file' });
    expect(run(statFact(join(dir, 'link'), true))).toMatchObject({ type: 'file', size: 23 });
    expect(run(statFact(join(dir, 'nope')))).toEqual({ exists: false });
    expect(run(fileContentFact(join(dir, 'a file')))).toEqual({ exists: true, isFile: true, content: 'line1\r\nno final newline' });
    expect(run(fileContentFact(join(dir, 'link')))).toMatchObject({ content: 'line1\r\nno final newline', realPath: join(dir, 'a file') });
    expect(run(fileContentFact(join(dir, 'd')))).toEqual({ exists: true, isFile: false, content: '' });
    expect(run(pathExistsFact(join(dir, '*file')))).toBe(true);
    expect(run(pathExistsFact(join(dir, '*.none')))).toBe(false);
  });
  it('tree differences', () => {
    expect(run(treeFact(join(dir, 'd'), { owner: 'root', mode: '0755' }))).toEqual({ owner: false, group: false, mode: false });
    expect(run(treeFact(join(dir, 'd'), { owner: 'nobody' }))).toEqual({ owner: true, group: false, mode: false });
  });
  it('sysctl: a known key and one this kernel lacks', () => {
    const v = run(sysctlFact('net.ipv4.tcp_rmem'));
    expect(v.known && v.value.split(' ')).toHaveLength(3);
    expect(run(sysctlFact('net.ipv4.tcp_tw_recycle'))).toEqual({ known: false });
  });
  it('hostname, selinux, service (no systemd here)', () => {
    expect(run(hostnameFact)).toMatchObject({ live: hostname() });
    expect(run(selinuxFact)).toBeUndefined();
    const s = run(serviceFact('ssh'));
    expect(s.systemd === false || s.loadState !== undefined).toBe(true);
  });
  it('packages (dpkg), users, groups, crontab, authorized_keys', () => {
    expect(run(packagesFact(['bash', 'no-such-package-afo']))).toEqual({ tool: 'dpkg', installed: { bash: true, 'no-such-package-afo': false } });
    expect(run(userFact('root'))).toMatchObject({ exists: true, uid: 0, home: '/root', group: 'root', groups: ['root'] });
    expect(run(userFact('no-such-user-afo'))).toEqual({ exists: false });
    expect(run(groupFact('nogroup'))).toMatchObject({ exists: true, gid: 65534 });
    expect(run(groupFact('no-such-group-afo'))).toEqual({ exists: false });
    const tab = run(crontabFact('root'));
    expect(tab.available === false || typeof tab.content === 'string').toBe(true);
    expect(run(authorizedKeysFact('nobody', join(dir, 'none')))).toEqual({ user: true, home: '/nonexistent', group: 'nogroup', path: join(dir, 'none') });
    expect(run(authorizedKeysFact('no-such-user-afo'))).toEqual({ user: false });
  });
  it('packages (rpm): one query for all names, provides asked only for the missing ones', () => {
    const f = fakeRpmPath();
    expect(run(packagesFact(['b', 'a', 'd', 'e']), f.env)).toEqual({ tool: 'rpm', installed: { a: true, b: true, d: true, e: false } });
    expect(f.calls()).toEqual(['-q a b d e', '-q --whatprovides d', '-q --whatprovides e']);
    const all = fakeRpmPath();
    expect(run(packagesFact(['a', 'b']), all.env).installed).toEqual({ a: true, b: true });
    expect(all.calls()).toEqual(['-q a b']);
  });
  it('packages (rpm): an rpm that fails counts every name as missing, never installed', () => {
    const f = fakeRpmPath(true);
    expect(run(packagesFact(['a', 'b']), f.env)).toEqual({ tool: 'rpm', installed: { a: false, b: false } });
  });
});
