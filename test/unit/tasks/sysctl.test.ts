import { describe, expect, it } from 'vitest';
import { parseSysctl, sysctlFact, sysctlPath } from '../../../src/facts/sysctl.js';
import { sysctlModule } from '../../../src/tasks/modules/sysctl.js';
import { absent, argError, fileStat, plan, raw } from '../helpers/fake-facts.js';

const F = '/etc/sysctl.d/99-sysctl.conf';
const file = (content: string | null) => ({
  [`content:${F}`]: content === null ? { exists: false, isFile: false, content: '' } : { exists: true, isFile: true, content },
  [`stat-follow:${F}`]: content === null ? absent : fileStat(),
});
const cmds = (r: { changes: { kind: string; command?: string }[] }) => r.changes.map((c) => (c.kind === 'exec' ? c.command : `upload`));

describe('sysctl fact', () => {
  it('parses live output captured on Debian 12 (tabs between fields)', () => {
    expect(parseSysctl('known\n4096\t131072\t33554432\n')).toEqual({ known: true, value: '4096 131072 33554432' });
    expect(parseSysctl('known\n3\n')).toEqual({ known: true, value: '3' });
    expect(parseSysctl('unknown\n')).toEqual({ known: false });
    expect(() => parseSysctl('sysctl: cannot stat')).toThrow(/unreadable/);
  });
  it('maps names to /proc/sys paths as sysctl does', () => {
    expect(sysctlPath('net.ipv4.tcp_retries1')).toBe('/proc/sys/net/ipv4/tcp_retries1');
    expect(sysctlPath('net.ipv4.conf.eth0/100.rp_filter')).toBe('/proc/sys/net/ipv4/conf/eth0.100/rp_filter');
    expect(sysctlFact('kernel.sem').id).toBe('sysctl:kernel.sem');
  });
});

describe('sysctl', () => {
  const rmem = { name: 'net.ipv4.tcp_rmem', value: '8192 250000 16777216' };
  it('nothing to do: file and live agree (whitespace-normalised)', async () => {
    const r = await plan(sysctlModule, rmem, {
      'sysctl:net.ipv4.tcp_rmem': raw('known\n8192\t250000\t16777216\n'),
      ...file('net.ipv4.tcp_rmem = 8192  250000 16777216\n'),
    });
    expect(r.changes).toEqual([]);
  });
  it('live differs only: sysctl -w for this key', async () => {
    const r = await plan(
      sysctlModule,
      { name: 'net.ipv4.tcp_retries1', value: 5 },
      { 'sysctl:net.ipv4.tcp_retries1': { known: true, value: '3' }, ...file('net.ipv4.tcp_retries1=5\n') },
    );
    expect(cmds(r)).toEqual(['sysctl -w net.ipv4.tcp_retries1=5 >/dev/null']);
  });
  it('file differs only: rewrite the first line, drop duplicates, keep comments', async () => {
    const r = await plan(
      sysctlModule,
      { name: 'vm.swappiness', value: '10' },
      { 'sysctl:vm.swappiness': { known: true, value: '10' }, ...file('# c\nvm.swappiness = 60\nx=1\nvm.swappiness=30\n') },
    );
    expect(r.changes).toMatchObject([{ kind: 'upload', dest: F, content: Buffer.from('# c\nvm.swappiness=10\nx=1\n') }]);
  });
  it('both differ and the file is missing: create it and set live', async () => {
    const r = await plan(
      sysctlModule,
      { ...rmem, sysctl_file: '/etc/sysctl.d/50-opengauss.conf' },
      {
        'sysctl:net.ipv4.tcp_rmem': { known: true, value: '4096 131072 6291456' },
        'content:/etc/sysctl.d/50-opengauss.conf': { exists: false, isFile: false, content: '' },
        'stat-follow:/etc/sysctl.d/50-opengauss.conf': absent,
      },
    );
    expect(cmds(r)).toEqual(['mkdir -p -- /etc/sysctl.d', 'upload', `sysctl -w 'net.ipv4.tcp_rmem=8192 250000 16777216' >/dev/null`]);
    expect(r.changes[1]).toMatchObject({ content: Buffer.from('net.ipv4.tcp_rmem=8192 250000 16777216\n') });
  });
  it('an unknown key (tcp_tw_recycle on a new kernel) is satisfied with a warning', async () => {
    const r = await plan(sysctlModule, { name: 'net.ipv4.tcp_tw_recycle', value: 1 }, { 'sysctl:net.ipv4.tcp_tw_recycle': raw('unknown\n'), ...file('') });
    expect(r.changes).toEqual([]);
    expect(r.messages?.[0]).toMatch(/does not exist on this kernel/);
  });
  it('reload: no touches only the file', async () => {
    const r = await plan(sysctlModule, { name: 'a.b', value: '1', reload: false }, { 'sysctl:a.b': { known: true, value: '0' }, ...file('a.b=1\n') });
    expect(r.changes).toEqual([]);
  });
  it('absent removes the line and leaves the live value', async () => {
    const r = await plan(sysctlModule, { name: 'a.b', state: 'absent' }, { 'sysctl:a.b': { known: true, value: '0' }, ...file('a.b=1\nc=2\n') });
    expect(r.changes).toMatchObject([{ kind: 'upload', content: Buffer.from('c=2\n') }]);
    expect((await plan(sysctlModule, { name: 'a.b', state: 'absent' }, { 'sysctl:a.b': { known: false }, ...file(null) })).changes).toEqual([]);
  });
  it('argument errors', () => {
    expect(argError(sysctlModule, { name: 'a.b' })).toMatch(/needs 'value'/);
    expect(argError(sysctlModule, { name: 'a b', value: 1 })).toMatch(/sysctl key/);
    expect(argError(sysctlModule, { key: 'a.b', val: 1 })).toBe('');
  });
});
