import { describe, expect, it } from 'vitest';
import { packagesFact, upgradableFact } from '../../../src/facts/packages.js';
import { parseService } from '../../../src/facts/service.js';
import { packageModules } from '../../../src/tasks/modules/package.js';
import { serviceModules } from '../../../src/tasks/modules/service.js';
import { argError, plan, raw } from '../helpers/fake-facts.js';

const [packageModule, yumModule] = packageModules as [(typeof packageModules)[0], (typeof packageModules)[0]];
const [serviceModule] = serviceModules as [(typeof serviceModules)[0]];
const cmds = (r: { changes: { kind: string; command?: string }[] }) => r.changes.map((c) => (c.kind === 'exec' ? c.command : 'upload'));

const base = (pkgMgr: string | undefined, distribution = 'openEuler', version = '22.03') => ({ distribution, version, family: 'RedHat', pkgMgr });
const euler = base('dnf');

describe('packages facts', () => {
  it('parse installed flags captured on Debian 12 (dpkg-query)', () => {
    const f = packagesFact(['no-such-pkg-xyz', 'bash', 'coreutils']);
    expect(f.id).toBe('packages:bash,coreutils,no-such-pkg-xyz');
    expect(f.parse('tool=dpkg\nbash=1\ncoreutils=1\nno-such-pkg-xyz=0\n', 0)).toEqual({
      tool: 'dpkg',
      installed: { bash: true, coreutils: true, 'no-such-pkg-xyz': false },
    });
    expect(upgradableFact(['a']).parse('a\n\n', 0)).toEqual(['a']);
  });
});

describe('package', () => {
  const facts = (installed: Record<string, boolean>, os = euler) => ({ base: os, [packagesFact(Object.keys(installed)).id]: { tool: 'rpm', installed } });
  it('nothing to do when all are installed', async () => {
    expect((await plan(packageModule, { name: ['bzip2', 'expect'] }, facts({ bzip2: true, expect: true }))).changes).toEqual([]);
  });
  it('installs all missing packages in ONE command', async () => {
    const r = await plan(
      packageModule,
      { name: 'bzip2,expect,libaio-devel', state: 'installed' },
      facts({ bzip2: true, expect: false, 'libaio-devel': false }),
    );
    expect(r.changes).toEqual([{ kind: 'exec', description: 'dnf install expect libaio-devel', command: 'dnf -y install expect libaio-devel' }]);
    expect(r.result).toMatchObject({ results: ['expect', 'libaio-devel'], manager: 'dnf' });
  });
  it('apt on Debian, with update_cache', async () => {
    const r = await plan(
      packageModule,
      { name: ['htop'], update_cache: true },
      { base: base('apt', 'Debian', '12'), 'packages:htop': { tool: 'dpkg', installed: { htop: false } } },
    );
    expect(cmds(r)).toEqual(['apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get -y -q install htop']);
  });
  it('zypper hosts', async () => {
    expect(cmds(await plan(packageModule, { name: ['a'] }, facts({ a: false }, base('zypper', 'SLES', '15'))))).toEqual(['zypper -n install a']);
  });
  it('absent removes only installed ones; yum alias uses the host manager', async () => {
    expect(cmds(await plan(yumModule, { name: ['a', 'b'], state: 'absent' }, facts({ a: true, b: false })))).toEqual(['dnf -y remove a']);
    expect((await plan(yumModule, { name: ['b'], state: 'removed' }, facts({ b: false }))).changes).toEqual([]);
  });
  it('latest also upgrades installed packages with updates', async () => {
    const r = await plan(packageModule, { name: ['a', 'b', 'c'], state: 'latest' }, { ...facts({ a: true, b: true, c: false }), 'upgradable:a,b,c': ['b'] });
    expect(cmds(r)).toEqual(['dnf -y install c b']);
  });
  it('fails clearly without a package manager; argument errors', async () => {
    const r = await plan(packageModule, { name: 'x' }, { base: base(undefined, 'Alpine', '3.20'), 'packages:x': raw('tool=none\n') });
    expect(r.fail).toBe('h1 (Alpine 3.20) has no dnf, yum, apt-get or zypper; cannot manage packages');
    expect(argError(packageModule, { name: [] })).toMatch(/no package/);
    expect(argError(packageModule, { name: 'a;rm' })).toMatch(/package name/);
    expect(argError(packageModule, { name: 'a', state: 'gone' })).toMatch(/state/);
  });
});

describe('service', () => {
  const unit = (activeState: string, unitFileState: string, loadState = 'loaded') => ({
    'service:sshd': { systemd: true, loadState, activeState, unitFileState },
  });
  it('parses systemctl show, and the no-systemd message captured on Debian 12 without systemd', () => {
    expect(parseService('LoadState=loaded\nActiveState=active\nUnitFileState=enabled\n')).toEqual({
      systemd: true,
      loadState: 'loaded',
      activeState: 'active',
      unitFileState: 'enabled',
    });
    expect(parseService("System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down\n")).toEqual({
      systemd: false,
      reason: "systemctl cannot be used: System has not been booted with systemd as init system (PID 1). Can't operate.",
    });
    expect(parseService('nosystemctl\n')).toMatchObject({ systemd: false });
  });
  it('nothing to do', async () => {
    expect((await plan(serviceModule, { name: 'sshd', state: 'started', enabled: true }, unit('active', 'enabled'))).changes).toEqual([]);
    expect((await plan(serviceModule, { name: 'sshd', enabled: true }, unit('inactive', 'static'))).changes).toEqual([]);
  });
  it('start/enable, stop/disable, restart always, reload a stopped unit starts it', async () => {
    expect(cmds(await plan(serviceModule, { name: 'sshd', state: 'started', enabled: 'yes' }, unit('inactive', 'disabled')))).toEqual([
      'systemctl enable sshd',
      'systemctl start sshd',
    ]);
    expect(cmds(await plan(serviceModule, { name: 'sshd', state: 'stopped', enabled: false }, unit('active', 'enabled')))).toEqual([
      'systemctl disable sshd',
      'systemctl stop sshd',
    ]);
    expect(cmds(await plan(serviceModule, { name: 'sshd', state: 'restarted' }, {}))).toEqual(['systemctl restart sshd']);
    // reloaded: the host decides (a stopped unit is started, as Ansible does)
    expect(cmds(await plan(serviceModule, { name: 'sshd', state: 'reloaded' }, {}))).toEqual([
      'if systemctl is-active --quiet sshd; then systemctl reload sshd; else systemctl start sshd; fi',
    ]);
    expect(cmds(await plan(serviceModule, { name: 'sshd', state: 'restarted', daemon_reload: true }, {}))).toEqual([
      'systemctl daemon-reload',
      'systemctl restart sshd',
    ]);
  });
  it('restarted/reloaded alone read no facts (they may follow a command in a batch); with enabled they do', () => {
    for (const state of ['restarted', 'reloaded'] as const) {
      expect(serviceModule.facts(serviceModule.args.parse({ name: 'sshd', state }), {} as never)).toEqual([]);
      expect(serviceModule.facts(serviceModule.args.parse({ name: 'sshd', state, daemon_reload: true }), {} as never)).toEqual([]);
      expect(serviceModule.facts(serviceModule.args.parse({ name: 'sshd', state, enabled: true }), {} as never).map((f) => f.id)).toEqual(['service:sshd']);
    }
  });
  it('reloaded starts a stopped unit and reloads a running one, on the host', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, writeFileSync, chmodSync, readFileSync } = await import('node:fs');
    const dir = mkdtempSync('/tmp/afo-svc-');
    const script = cmds(await plan(serviceModule, { name: 'sshd', state: 'reloaded' }, {}))[0]!;
    for (const [active, did] of [
      [0, 'reload'],
      [3, 'start'],
    ] as const) {
      writeFileSync(`${dir}/systemctl`, `#!/bin/sh\n[ "$1" = is-active ] && exit ${active}\necho "$1 $2" >> ${dir}/log\n`);
      chmodSync(`${dir}/systemctl`, 0o755);
      writeFileSync(`${dir}/log`, '');
      execFileSync('/bin/sh', ['-c', script], { env: { PATH: `${dir}:/usr/bin:/bin` } });
      expect(readFileSync(`${dir}/log`, 'utf8')).toBe(`${did} sshd\n`);
    }
  });
  it('a missing unit is fine to stop/disable, not to start', async () => {
    const missing = { 'service:firewalld': { systemd: true, loadState: 'not-found', activeState: 'inactive', unitFileState: '' } };
    const r = await plan(serviceModule, { name: 'firewalld', state: 'stopped', enabled: false }, missing);
    expect(r.changes).toEqual([]);
    expect(r.fail).toBeUndefined();
    expect((await plan(serviceModule, { name: 'firewalld', state: 'started' }, missing)).fail).toMatch(/not found on host h1/);
  });
  it('no systemd on the host: an error naming the host', async () => {
    const r = await plan(serviceModule, { name: 'sshd', state: 'started' }, { 'service:sshd': { systemd: false, reason: 'there is no systemctl' } });
    expect(r.fail).toBe('host h1 has no usable systemd (there is no systemctl); the service module cannot manage sshd');
  });
  it('argument errors', () => {
    expect(argError(serviceModule, { name: 'sshd' })).toMatch(/state/);
    expect(argError(serviceModule, {})).toMatch(/name/);
    expect(argError(serviceModule, { name: 'a b', state: 'started' })).toMatch(/unit name/);
    expect(argError(serviceModule, { name: 'a', state: 'running' })).toMatch(/state/);
  });
});
