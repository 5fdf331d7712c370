import { describe, expect, it } from 'vitest';
import { crontabFact } from '../../../src/facts/cron.js';
import { hostnameFact } from '../../../src/facts/hostname.js';
import { selinuxFact } from '../../../src/facts/selinux.js';
import { cronEdit, cronModule } from '../../../src/tasks/modules/cron.js';
import { hostnameModule } from '../../../src/tasks/modules/hostname.js';
import { selinuxModule } from '../../../src/tasks/modules/selinux.js';
import { absent, argError, fileStat, plan, raw } from '../helpers/fake-facts.js';

const cmds = (r: { changes: { kind: string; command?: string }[] }) => r.changes.map((c) => (c.kind === 'exec' ? c.command : 'upload'));
const content = (path: string, text: string | null) => ({
  [`content:${path}`]: text === null ? { exists: false, isFile: false, content: '' } : { exists: true, isFile: true, content: text },
  [`stat-follow:${path}`]: text === null ? absent : fileStat(),
});

describe('hostname', () => {
  it('parses output captured on Debian 12 (no systemd running)', () => {
    expect(hostnameFact.parse('live=dev1\nfile=dev1\nhostnamectl=no\n', 0)).toEqual({ live: 'dev1', file: 'dev1', hostnamectl: false });
    expect(hostnameFact.parse('live=x\nhostnamectl=yes\n', 0)).toEqual({ live: 'x', hostnamectl: true });
  });
  it('nothing to do when live and file agree', async () => {
    expect(
      (await plan(hostnameModule, { name: 'og3232249867' }, { hostname: { live: 'og3232249867', file: 'og3232249867', hostnamectl: true } })).changes,
    ).toEqual([]);
  });
  it('uses hostnamectl when systemd runs', async () => {
    expect(cmds(await plan(hostnameModule, { name: 'og1' }, { hostname: { live: 'og1', file: 'old', hostnamectl: true } }))).toEqual([
      'hostnamectl set-hostname og1',
    ]);
  });
  it('without systemd: writes the file in place and sets the kernel name, only what differs', async () => {
    expect(cmds(await plan(hostnameModule, { name: 'og1' }, { hostname: { live: 'th1', hostnamectl: false } }))).toEqual([
      `printf '%s\\n' og1 > /etc/hostname`,
      `hostname og1 2>/dev/null || printf '%s' og1 > /proc/sys/kernel/hostname`,
    ]);
    expect(cmds(await plan(hostnameModule, { name: 'og1' }, { hostname: { live: 'og1', file: 'th1', hostnamectl: false } }))).toEqual([
      `printf '%s\\n' og1 > /etc/hostname`,
    ]);
  });
  it('argument errors', () => {
    expect(argError(hostnameModule, { name: 'bad name' })).toMatch(/host name/);
    expect(argError(hostnameModule, {})).toMatch(/name/);
  });
});

describe('selinux', () => {
  const CFG = '/etc/selinux/config';
  const enforcingCfg = '# c\nSELINUX=enforcing\nSELINUXTYPE=targeted\n';
  it('absent SELinux is satisfied', async () => {
    const r = await plan(selinuxModule, { state: 'disabled' }, { selinux: raw('none\n'), ...content(CFG, null) });
    expect(r.changes).toEqual([]);
    expect(r.result).toMatchObject({ msg: 'SELinux is not present on this host' });
  });
  it('nothing to do when config and live agree', async () => {
    expect(
      (await plan(selinuxModule, { state: 'disabled' }, { selinux: raw('Disabled\n'), ...content(CFG, 'SELINUX=disabled\nSELINUXTYPE=targeted\n') })).changes,
    ).toEqual([]);
  });
  it('enforcing -> disabled: config + setenforce 0 + reboot note', async () => {
    const r = await plan(selinuxModule, { state: 'disabled' }, { selinux: raw('Enforcing\n'), ...content(CFG, enforcingCfg) });
    expect(cmds(r)).toEqual(['upload', 'setenforce 0']);
    expect(r.changes[0]).toMatchObject({ content: Buffer.from('# c\nSELINUX=disabled\nSELINUXTYPE=targeted\n') });
    expect(r.result).toMatchObject({ reboot_required: true });
  });
  it('permissive -> enforcing with policy', async () => {
    const r = await plan(selinuxModule, { state: 'enforcing', policy: 'targeted' }, { selinux: raw('Permissive\n'), ...content(CFG, enforcingCfg) });
    expect(cmds(r)).toEqual(['setenforce 1']);
  });
  it('argument errors', () => {
    expect(argError(selinuxModule, { state: 'off' })).toMatch(/state/);
    expect(argError(selinuxModule, { state: 'enforcing' })).toMatch(/needs 'policy'/);
    expect(() => selinuxFact.parse('garbage', 0)).toThrow(/unreadable/);
  });
});

describe('cron', () => {
  const job = { name: 'backup', job: '/usr/local/bin/backup', minute: 0, hour: '2' };
  const tab = '#Ansible: backup\n0 2 * * * /usr/local/bin/backup\n';
  it('parses crontab output (base64 of `crontab -l`) and its absence', () => {
    const f = crontabFact('omm');
    expect(f.parse(`ok\n${Buffer.from(tab).toString('base64')}\n`, 0)).toEqual({ available: true, content: tab });
    expect(f.parse('ok\n', 0)).toEqual({ available: true, content: '' });
    expect(f.parse('nocrontab\n', 0)).toEqual({ available: false });
  });
  it('nothing to do when the marked job is there', async () => {
    expect((await plan(cronModule, job, { 'crontab:root': { available: true, content: `MAILTO=x\n${tab}` } })).changes).toEqual([]);
  });
  it('adds or replaces the job through crontab stdin', async () => {
    const r = await plan(cronModule, { ...job, user: 'omm' }, { 'crontab:omm': { available: true, content: 'MAILTO=x\n' } });
    expect(r.changes).toEqual([{ kind: 'exec', description: 'cron job backup (crontab of omm)', command: 'crontab -u omm -', stdin: `MAILTO=x\n${tab}` }]);
    expect(cronEdit(tab, cronModule.args.parse({ ...job, hour: 3 })).text).toBe('#Ansible: backup\n0 3 * * * /usr/local/bin/backup\n');
    expect(cronEdit('', cronModule.args.parse({ name: 'r', job: 'x', special_time: 'reboot', disabled: true })).text).toBe('#Ansible: r\n#@reboot x\n');
  });
  it('absent removes marker and job; a host without crontab fails only when it must change', async () => {
    expect(
      (await plan(cronModule, { name: 'backup', state: 'absent' }, { 'crontab:root': { available: true, content: `A=1\n${tab}` } })).changes,
    ).toMatchObject([{ stdin: 'A=1\n' }]);
    expect((await plan(cronModule, { name: 'backup', state: 'absent' }, { 'crontab:root': { available: false } })).changes).toEqual([]);
    expect((await plan(cronModule, job, { 'crontab:root': { available: false } })).fail).toMatch(/no crontab command/);
  });
  it('cron_file: /etc/cron.d with a user column', async () => {
    const r = await plan(cronModule, { ...job, cron_file: 'afo', user: 'omm' }, content('/etc/cron.d/afo', null));
    expect(r.changes).toMatchObject([
      { kind: 'exec' },
      { kind: 'upload', dest: '/etc/cron.d/afo', mode: '0644', content: Buffer.from('#Ansible: backup\n0 2 * * * omm /usr/local/bin/backup\n') },
    ]);
  });
  it('argument errors', () => {
    expect(argError(cronModule, { name: 'x' })).toMatch(/needs 'job'/);
    expect(argError(cronModule, { name: 'x', job: 'y', special_time: 'sometimes' })).toMatch(/special_time/);
  });
});
