/**
 * Convergence on this machine, without the engine: each file-system module's plan is applied for
 * real in a temp directory (facts from the real snippets, changes through sh), then re-planned,
 * and the second plan must be empty. Runs as root (chown to nobody). Touches nothing outside its
 * temp directory except a loopback HTTP server for get_url / wait_for.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { authorizedKeyModule } from '../../src/tasks/modules/authorized-key.js';
import { blockinfileModule } from '../../src/tasks/modules/blockinfile.js';
import { commandModule } from '../../src/tasks/modules/command.js';
import { copyModule } from '../../src/tasks/modules/copy.js';
import { cronModule } from '../../src/tasks/modules/cron.js';
import { fileModule } from '../../src/tasks/modules/file.js';
import { getUrlModule } from '../../src/tasks/modules/get-url.js';
import { lineinfileModule } from '../../src/tasks/modules/lineinfile.js';
import { replaceModule } from '../../src/tasks/modules/replace.js';
import { statModule } from '../../src/tasks/modules/stat.js';
import { templateModule } from '../../src/tasks/modules/template.js';
import { unarchiveModule } from '../../src/tasks/modules/unarchive.js';
import { waitForModule } from '../../src/tasks/modules/wait-for.js';
import type { ModuleContext } from '../../src/tasks/module.js';
import { applyChanges, converge, planLocal } from './helpers/local-runner.js';

let dir = '';
let base = '';
let server: Server;
let port = 0;
const PAYLOAD = Buffer.from('openGauss package stand-in\n');

const ctx = (vars: Record<string, unknown> = {}): ModuleContext => ({ host: 'local', vars, check: false, baseDir: base });
const mode = (p: string) => statSync(p).mode & 0o7777;
const owner = (p: string) => lstatSync(p).uid;

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('modules-local.test.ts needs root (it chowns files to nobody)');
  dir = mkdtempSync(join(tmpdir(), 'afo-modules-'));
  base = join(dir, 'role');
  mkdirSync(join(base, 'files'), { recursive: true });
  mkdirSync(join(base, 'templates'));
  writeFileSync(join(base, 'files', 'motd'), 'welcome\n');
  writeFileSync(join(base, 'templates', 'app.conf.hbs'), '# {{name}}\nport={{port}}\n{{#each peers}}peer={{this}}\n{{/each}}');
  // An archive with a top-level directory, like the openGauss packages.
  mkdirSync(join(dir, 'pkgsrc', 'og', 'bin'), { recursive: true });
  writeFileSync(join(dir, 'pkgsrc', 'og', 'bin', 'gaussdb'), '#!/bin/sh\n');
  execFileSync('tar', ['-czf', join(base, 'files', 'og.tar.gz'), '-C', join(dir, 'pkgsrc'), 'og']);
  server = createServer((req, res) => {
    if (req.url === '/pkg.bin') res.end(PAYLOAD);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

describe('file', () => {
  it('directory with owner and mode, then recurse', async () => {
    const d = join(dir, 'data dir');
    const r = await converge(fileModule, { path: d, state: 'directory', mode: '0750', owner: 'nobody' }, ctx());
    expect(r.first.changes.length).toBeGreaterThan(0);
    expect(r.second.changes).toEqual([]);
    expect(mode(d)).toBe(0o750);
    expect(owner(d)).toBe(65534);
    writeFileSync(join(d, 'inner'), 'x');
    const rec = await converge(fileModule, { path: d, state: 'directory', owner: 'nobody', group: 'nogroup', recurse: true }, ctx());
    expect(rec.first.changes.map((c) => c.kind === 'exec' && c.command)).toEqual([`chown -R nobody:nogroup -- '${d}'`]);
    expect(rec.second.changes).toEqual([]);
    expect(owner(join(d, 'inner'))).toBe(65534);
  });
  it('symlink, repointed, then absent', async () => {
    const l = join(dir, 'current');
    const r = await converge(fileModule, { path: l, state: 'link', src: '/opt/a' }, ctx());
    expect(r.second.changes).toEqual([]);
    expect(readlinkSync(l)).toBe('/opt/a');
    const r2 = await converge(fileModule, { path: l, state: 'link', src: '/opt/b' }, ctx());
    expect(r2.first.changes).toHaveLength(1);
    expect(r2.second.changes).toEqual([]);
    expect(readlinkSync(l)).toBe('/opt/b');
    const gone = await converge(fileModule, { path: l, state: 'absent' }, ctx());
    expect(gone.first.changes).toHaveLength(1);
    expect(gone.second.changes).toEqual([]);
  });
  it('touch with a symbolic mode', async () => {
    const f = join(dir, 'touched');
    const r = await converge(fileModule, { path: f, state: 'touch', mode: 'u=rw,g=r,o=' }, ctx());
    expect(r.second.changes).toEqual([]);
    expect(mode(f)).toBe(0o640);
  });
});

describe('copy and template', () => {
  it('copy content with mode/owner, then a content change with backup', async () => {
    const f = join(dir, 'etc', 'x.conf');
    mkdirSync(join(dir, 'etc'));
    const r = await converge(copyModule, { content: 'a=1\n', dest: f, mode: '0600', owner: 'nobody' }, ctx());
    expect(r.first.changes.map((c) => c.kind)).toEqual(['upload']);
    expect(r.second.changes).toEqual([]);
    expect([mode(f), owner(f), readFileSync(f, 'utf8')]).toEqual([0o600, 65534, 'a=1\n']);
    const r2 = await converge(copyModule, { content: 'a=2\n', dest: f, backup: true }, ctx());
    expect(r2.second.changes).toEqual([]);
    expect([mode(f), owner(f), readFileSync(f, 'utf8')]).toEqual([0o600, 65534, 'a=2\n']);
    expect(execFileSync('sh', ['-c', `cat '${f}'.*~`], { encoding: 'utf8' })).toBe('a=1\n');
  });
  it('copy src from files/ into a directory; remote_src', async () => {
    const d = join(dir, 'motd-dir');
    mkdirSync(d);
    const r = await converge(copyModule, { src: 'motd', dest: d }, ctx());
    expect(r.second.changes).toEqual([]);
    expect(readFileSync(join(d, 'motd'), 'utf8')).toBe('welcome\n');
    const r2 = await converge(copyModule, { src: join(d, 'motd'), dest: join(d, 'motd.copy'), remote_src: true, mode: '0400' }, ctx());
    expect(r2.first.changes.length).toBeGreaterThan(0);
    expect(r2.second.changes).toEqual([]);
    expect(mode(join(d, 'motd.copy'))).toBe(0o400);
  });
  it('template renders with the host vars and converges', async () => {
    const f = join(dir, 'app.conf');
    const vars = { name: 'db1', port: 5432, peers: ['og1', 'og2'] };
    const r = await converge(templateModule, { src: 'app.conf.hbs', dest: f, mode: 0o644 }, ctx(vars));
    expect(r.second.changes).toEqual([]);
    expect(readFileSync(f, 'utf8')).toBe('# db1\nport=5432\npeer=og1\npeer=og2\n');
    const r2 = await converge(templateModule, { src: 'app.conf.hbs', dest: f }, ctx({ ...vars, port: 6432 }));
    expect(r2.first.changes).toHaveLength(1);
    expect(r2.second.changes).toEqual([]);
  });
});

describe('line editing', () => {
  const sshd = () => join(dir, 'sshd_config');
  it('lineinfile: replace, insertafter, create, absent', async () => {
    writeFileSync(sshd(), '#PermitRootLogin prohibit-password\nBanner /etc/issue\n', { mode: 0o600 });
    const r = await converge(lineinfileModule, { path: sshd(), regexp: '^#?PermitRootLogin', line: 'PermitRootLogin yes' }, ctx());
    expect(r.second.changes).toEqual([]);
    expect(mode(sshd())).toBe(0o600);
    const r2 = await converge(lineinfileModule, { path: sshd(), line: 'UseDNS no', insertafter: '^PermitRootLogin' }, ctx());
    expect(r2.second.changes).toEqual([]);
    const r3 = await converge(lineinfileModule, { path: sshd(), regexp: '^Banner', state: 'absent' }, ctx());
    expect(r3.second.changes).toEqual([]);
    expect(readFileSync(sshd(), 'utf8')).toBe('PermitRootLogin yes\nUseDNS no\n');
    const created = join(dir, 'new', 'profile');
    const r4 = await converge(lineinfileModule, { path: created, line: 'HISTSIZE=0', create: true }, ctx());
    expect(r4.second.changes).toEqual([]);
    expect(readFileSync(created, 'utf8')).toBe('HISTSIZE=0\n');
  });
  it('lineinfile through a symlink edits the target and keeps the link', async () => {
    const real = join(dir, 'sysctl.conf');
    mkdirSync(join(dir, 'sysctl.d'));
    writeFileSync(real, '# system\n');
    symlinkSync('../sysctl.conf', join(dir, 'sysctl.d', '99-sysctl.conf'));
    const r = await converge(lineinfileModule, { path: join(dir, 'sysctl.d', '99-sysctl.conf'), line: 'vm.swappiness=10' }, ctx());
    expect(r.second.changes).toEqual([]);
    expect(readlinkSync(join(dir, 'sysctl.d', '99-sysctl.conf'))).toBe('../sysctl.conf');
    expect(readFileSync(real, 'utf8')).toBe('# system\nvm.swappiness=10\n');
  });
  it('blockinfile: insert then update the block', async () => {
    const hosts = join(dir, 'hosts');
    writeFileSync(hosts, '127.0.0.1 localhost\n');
    const args = { path: hosts, marker: '# {mark} OPENGAUSS NODES', block: '10.0.0.1 og1\n10.0.0.2 og2\n' };
    const r = await converge(blockinfileModule, args, ctx());
    expect(r.second.changes).toEqual([]);
    const r2 = await converge(blockinfileModule, { ...args, block: '10.0.0.1 og1\n' }, ctx());
    expect(r2.second.changes).toEqual([]);
    expect(readFileSync(hosts, 'utf8')).toBe('127.0.0.1 localhost\n# BEGIN OPENGAUSS NODES\n10.0.0.1 og1\n# END OPENGAUSS NODES\n');
  });
  it('replace: comment out every Banner line', async () => {
    const f = join(dir, 'banner.conf');
    writeFileSync(f, 'Banner a\nX\nBanner b\n');
    const r = await converge(replaceModule, { path: f, regexp: '^(Banner .*)$', replace: '#\\1' }, ctx());
    expect(r.second.changes).toEqual([]);
    expect(readFileSync(f, 'utf8')).toBe('#Banner a\nX\n#Banner b\n');
  });
});

describe('stat, command, cron, authorized_key', () => {
  it('stat registers the real file', async () => {
    const f = join(dir, 'st');
    writeFileSync(f, 'hello\n', { mode: 0o640 });
    const r = await planLocal(statModule, statModule.args.parse({ path: f }), ctx());
    expect(r.changes).toEqual([]);
    expect(r.result).toMatchObject({
      stat: { exists: true, isreg: true, mode: '0640', pw_name: 'root', size: 6, checksum: createHash('sha256').update('hello\n').digest('hex') },
    });
  });
  it('command with creates runs once', async () => {
    const f = join(dir, 'made by command');
    const r = await converge(commandModule, { argv: ['touch', f], creates: f }, ctx());
    expect(r.first.changes).toHaveLength(1);
    expect(r.second.changes).toEqual([]);
    expect(r.second.result).toMatchObject({ skipped: true });
  });
  it('cron in a cron_file', async () => {
    const f = join(dir, 'cron.d', 'afo');
    const args = { name: 'backup', job: '/usr/local/bin/backup', minute: 0, hour: 2, cron_file: f, user: 'nobody' };
    const r = await converge(cronModule, args, ctx());
    expect(r.second.changes).toEqual([]);
    expect(readFileSync(f, 'utf8')).toBe('#Ansible: backup\n0 2 * * * nobody /usr/local/bin/backup\n');
    const gone = await converge(cronModule, { name: 'backup', cron_file: f, state: 'absent' }, ctx());
    expect(gone.second.changes).toEqual([]);
    expect(readFileSync(f, 'utf8')).toBe('');
  });
  it('authorized_key into an explicit path', async () => {
    const f = join(dir, 'authorized_keys');
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBx1 afo@ctl';
    const r = await converge(authorizedKeyModule, { user: 'nobody', key, path: f }, ctx());
    expect(r.second.changes).toEqual([]);
    expect([readFileSync(f, 'utf8'), mode(f), owner(f)]).toEqual([`${key}\n`, 0o600, 65534]);
  });
});

describe('unarchive, get_url, wait_for', () => {
  it('unarchive extracts once, hands the tree to the owner, and re-extracts a new archive', async () => {
    const d = join(dir, 'install');
    mkdirSync(d);
    const args = { src: 'og.tar.gz', dest: d, creates: join(d, 'og', 'bin', 'gaussdb'), owner: 'nobody' };
    const r = await converge(unarchiveModule, args, ctx());
    expect(r.first.changes.map((c) => c.kind)).toEqual(['upload', 'exec']);
    expect(r.second.changes).toEqual([]);
    expect(owner(join(d, 'og', 'bin', 'gaussdb'))).toBe(65534);
    expect(
      spawnSync('sh', ['-c', `ls -A '${d}'`], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter(Boolean)
        .sort(),
    ).toEqual(['.afo-unarchive-og.tar.gz.sha256', 'og']);
    writeFileSync(join(dir, 'pkgsrc', 'og', 'bin', 'gs_om'), '#!/bin/sh\n');
    execFileSync('tar', ['-czf', join(base, 'files', 'og.tar.gz'), '-C', join(dir, 'pkgsrc'), 'og']);
    const r2 = await converge(unarchiveModule, args, ctx());
    expect(r2.first.changes).toHaveLength(2);
    expect(r2.second.changes).toEqual([]);
    expect(statSync(join(d, 'og', 'bin', 'gs_om')).isFile()).toBe(true);
  });
  it('get_url downloads from a loopback server, checks sha256, then is satisfied', async () => {
    const f = join(dir, 'pkg.bin');
    const sum = createHash('sha256').update(PAYLOAD).digest('hex');
    const args = { url: `http://127.0.0.1:${port}/pkg.bin`, dest: f, checksum: `sha256:${sum}`, mode: '0640' };
    const r = await converge(getUrlModule, args, ctx());
    expect(r.second.changes).toEqual([]);
    expect([readFileSync(f).equals(PAYLOAD), mode(f)]).toEqual([true, 0o640]);
    const bad = getUrlModule.args.parse({ ...args, dest: join(dir, 'bad.bin'), checksum: `sha256:${'0'.repeat(64)}` });
    const plan = await planLocal(getUrlModule, bad, ctx());
    await expect(applyChanges(plan.changes)).rejects.toThrow(/rc 1/);
    expect(spawnSync('sh', ['-c', `ls '${dir}' | grep -c bad.bin`], { encoding: 'utf8' }).stdout.trim()).toBe('0');
  });
  it('wait_for: an open loopback port and an existing path pass; a closed port times out', async () => {
    const ok = await planLocal(waitForModule, waitForModule.args.parse({ port, timeout: 5 }), ctx());
    expect((await applyChanges(ok.changes))[0]?.rc).toBe(0);
    const p = await planLocal(waitForModule, waitForModule.args.parse({ path: join(dir, 'hosts'), search_regex: 'og1$', timeout: 2 }), ctx());
    expect((await applyChanges(p.changes))[0]?.rc).toBe(0);
    const closed = await planLocal(waitForModule, waitForModule.args.parse({ port: 1, timeout: 1, connect_timeout: 1 }), ctx());
    await expect(applyChanges(closed.changes)).rejects.toThrow(/Timeout when waiting for port 127\.0\.0\.1:1 to be started/);
  });
});
