import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBatch, isolated } from '../../../src/engine/fact-batch.js';
import { ansibleFactVars, baseFacts, parseBaseFacts } from '../../../src/facts/base.js';

describe('fact batch script', () => {
  it('splits one real sh run back into each fact output and exit code', () => {
    const specs = [
      { id: 'a', command: 'printf "no newline"', parse: (s: string) => s },
      { id: 'b', command: 'echo one; echo two; exit 3', parse: (s: string) => s },
      { id: 'c', command: 'true', parse: (s: string) => s },
      { id: 'd', command: 'cd /; echo "$(pwd)" >&2; echo @@afo-fake:E:0:9', parse: (s: string) => s },
      { id: 'e', command: 'printf "trailing\\n\\n"', parse: (s: string) => s },
    ];
    const batch = buildBatch(specs);
    const r = spawnSync('sh', ['-c', batch.script], { encoding: 'utf8' });
    const parts = batch.split(r.stdout);
    expect(parts.get('a')).toEqual({ stdout: 'no newline', exitCode: 0 });
    expect(parts.get('b')).toEqual({ stdout: 'one\ntwo\n', exitCode: 3 });
    expect(parts.get('c')).toEqual({ stdout: '', exitCode: 0 });
    expect(parts.get('d')).toEqual({ stdout: '@@afo-fake:E:0:9\n', exitCode: 0 });
    expect(parts.get('e')).toEqual({ stdout: 'trailing\n\n', exitCode: 0 });
  });

  it('runs plain commands in the batch shell and the ones that could leak in a subshell of their own', () => {
    const specs = [
      { id: 'cd', command: 'cd /tmp && pwd', parse: (s: string) => s },
      { id: 'after-cd', command: 'pwd', parse: (s: string) => s },
      { id: 'sets', command: 'set -e; false; echo never', parse: (s: string) => s },
      { id: 'src', command: 'printf "ID=leak\\n" > "$afo_tmp_os"; . "$afo_tmp_os"; echo "$ID"', parse: (s: string) => s },
      { id: 'after-src', command: 'echo "id=${ID:-unset}"', parse: (s: string) => s },
      { id: 'plain', command: 'afo_x=1; echo "x=$afo_x"', parse: (s: string) => s },
      { id: 'quits', command: 'echo bye; exit 4', parse: (s: string) => s },
      { id: 'last', command: 'echo still here', parse: (s: string) => s },
    ];
    expect(specs.map((s) => isolated(s.command))).toEqual([true, false, true, true, false, false, true, false]);
    const batch = buildBatch(specs);
    // One `{ }` group per plain command, one `( )` per isolated one: the forks saved.
    expect(batch.script.split('\n').filter((l) => l === '{').length).toBe(4);
    expect(batch.script.split('\n').filter((l) => l === '(').length).toBe(4);
    const dir = mkdtempSync(join(tmpdir(), 'afo-batch-'));
    const r = spawnSync('sh', ['-c', batch.script], { encoding: 'utf8', cwd: '/', env: { ...process.env, ID: '', afo_tmp_os: join(dir, 'os') } });
    const parts = batch.split(r.stdout);
    expect(parts.get('cd')).toEqual({ stdout: '/tmp\n', exitCode: 0 });
    expect(parts.get('after-cd')).toEqual({ stdout: '/\n', exitCode: 0 });
    expect(parts.get('sets')).toEqual({ stdout: '', exitCode: 1 });
    expect(parts.get('src')).toEqual({ stdout: 'leak\n', exitCode: 0 });
    expect(parts.get('after-src')).toEqual({ stdout: 'id=unset\n', exitCode: 0 });
    expect(parts.get('plain')).toEqual({ stdout: 'x=1\n', exitCode: 0 });
    expect(parts.get('quits')).toEqual({ stdout: 'bye\n', exitCode: 4 });
    expect(parts.get('last')).toEqual({ stdout: 'still here\n', exitCode: 0 });
    rmSync(dir, { recursive: true, force: true });
  });

  it('a cut-off run leaves the missing facts undefined', () => {
    const batch = buildBatch([{ id: 'x', command: 'echo x', parse: (s: string) => s }], 'abc');
    expect(batch.split('').get('x')).toBeUndefined();
  });
});

/** What the base facts command prints on a Debian 12 host (hostname HOST). */
const BASE_OUTPUT = [
  'id=debian',
  'id_like=',
  'name=Debian GNU/Linux',
  'version_id=12',
  'debian_version=12.5',
  'uname=6.1.0 x86_64',
  'hostname=HOST',
  'cpus=2',
  'memtotal_kb=2048000',
  'python3=/usr/bin/python3.11',
  'pkg=apt-get',
  'systemctl=1',
  'systemd=1',
  'tz=Etc/UTC',
  'lang=C.UTF-8',
  'user=root',
  'link=lo 65536 unknown',
  'link=eth0 1500 up',
  'route=eth0 0109D50A',
  '@addr',
  '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever',
  '2: eth0    inet 10.213.9.11/24 brd 10.213.9.255 scope global eth0',
  '@locales',
  'C',
  'C.utf8',
  'POSIX',
].join('\n');

describe('base facts', () => {
  it('parse into Ansible-named variables', () => {
    const vars = ansibleFactVars(parseBaseFacts(BASE_OUTPUT.replace('HOST', 'db1.example')));
    expect(vars).toMatchObject({
      ansible_distribution: 'Debian',
      ansible_distribution_version: '12.5',
      ansible_distribution_major_version: '12',
      ansible_os_family: 'Debian',
      ansible_architecture: 'x86_64',
      ansible_hostname: 'db1',
      ansible_processor_vcpus: 2,
      ansible_memtotal_mb: 2000,
      ansible_pkg_mgr: 'apt',
      ansible_interfaces: ['lo', 'eth0'],
      ansible_default_ipv4: { address: '10.213.9.11', interface: 'eth0', gateway: '10.213.9.1', mtu: 1500 },
      ansible_eth0: { mtu: 1500, ipv4: { address: '10.213.9.11', prefix: '24' } },
    });
    expect((vars.ansible_facts as Record<string, unknown>).os_family).toBe('Debian');
  });

  it('maps openEuler, CentOS and Kylin to the RedHat family', () => {
    for (const [id, dist] of [
      ['openEuler', 'openEuler'],
      ['centos', 'CentOS'],
      ['kylin', 'Kylin Linux Advanced Server'],
    ]) {
      const f = parseBaseFacts(`id=${id}\nversion_id=20.03\n`);
      expect([f.family, f.distribution, f.majorVersion]).toEqual(['RedHat', dist, '20']);
    }
  });

  it('the real script runs under sh on this machine and parses', () => {
    const out = execFileSync('sh', ['-c', baseFacts.command], { encoding: 'utf8' });
    const f = baseFacts.parse(out, 0);
    expect(f.cpus).toBeGreaterThan(0);
    expect(f.memtotalMb).toBeGreaterThan(0);
    expect(f.interfaces.some((i) => i.name === 'lo')).toBe(true);
  });
});
