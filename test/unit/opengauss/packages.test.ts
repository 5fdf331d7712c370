import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { expectedSha256, findPackageMembers, parseSha256File } from '../../../src/opengauss/package-members.js';
import { knownSha256, resolvePackage } from '../../../src/opengauss/packages.js';

const BASE = 'https://opengauss.obs.cn-south-1.myhuaweicloud.com/';

describe('resolvePackage 5.x', () => {
  it.each([
    [
      'openEuler',
      '22.03',
      'x86_64',
      '5.0.0/x86_openEuler_2203/openGauss-5.0.0-openEuler-64bit-all.tar.gz',
      'eba32db3b0fb70020b7d7da754d898994fbf5f3e8f5f94c35e2fb29898cdc1f4',
    ],
    [
      'openEuler',
      '22.03',
      'aarch64',
      '5.0.0/arm_2203/openGauss-5.0.0-openEuler-64bit-all.tar.gz',
      '589062c8de67ec8b7b00fb58d33331eedb19702ea47c2a55e1bcde06676a5a81',
    ],
    [
      'openEuler',
      '20.03',
      'x86_64',
      '5.0.0/x86_openEuler/openGauss-5.0.0-openEuler-64bit-all.tar.gz',
      'f2d3df77abd8f5a0658d3002cfe53e13c7375203ce3a8f4cfeb727be07e32b1c',
    ],
    [
      'openeuler',
      '20.03',
      'aarch64',
      '5.0.0/arm/openGauss-5.0.0-openEuler-64bit-all.tar.gz',
      '6082b990953b6cfbb2abddb207f803f9fd35db3744bdb45c292418f8fba4979d',
    ],
    ['centos', '7.6', 'x86_64', '5.0.0/x86/openGauss-5.0.0-CentOS-64bit-all.tar.gz', 'aa9fc724c5030f4cc79dad201675183029c8f36a07667028e681169a2f6482f5'],
  ])('5.0.0 on %s %s %s', (osId, osVersion, arch, path, sum) => {
    const p = resolvePackage({ version: '5.0.0', osId, osVersion, arch }, BASE);
    expect(p.url).toBe(BASE + path);
    expect(p.scheme).toBe('5.x');
    expect(p.sha256).toBe(sum);
  });

  it('5.1.0 uses the same layout and has no known sum', () => {
    const p = resolvePackage({ version: '5.1.0', osId: 'openEuler', osVersion: '20.03', arch: 'x86_64' }, BASE);
    expect(p.url).toBe(`${BASE}5.1.0/x86_openEuler/openGauss-5.1.0-openEuler-64bit-all.tar.gz`);
    expect(p.sha256).toBeUndefined();
    expect(p).not.toHaveProperty('sha256');
  });

  it('AFO cache file names', () => {
    expect(resolvePackage({ version: '5.0.0', osId: 'CentOS', osVersion: '7.9', arch: 'x86_64' }, BASE).cacheFileName).toBe(
      'openGauss_5.0.0_CentOS_7.9_x86_64.tar.gz',
    );
    expect(resolvePackage({ version: '5.0.0', osId: 'CentOS', osVersion: '7.9.2009', arch: 'x86_64' }, BASE).cacheFileName).toBe(
      'openGauss_5.0.0_CentOS_7.9_x86_64.tar.gz',
    );
    expect(resolvePackage({ version: '6.0.0', osId: 'openEuler', osVersion: '20.03', arch: 'aarch64' }, BASE).cacheFileName).toBe(
      'openGauss_6.0.0_openEuler_20.03_aarch64.tar.gz',
    );
  });
});

describe('resolvePackage 6.x', () => {
  it.each([
    [
      'openEuler',
      '22.03',
      'aarch64',
      '6.0.0/openEuler22.03/arm/openGauss-All-6.0.0-openEuler22.03-aarch64.tar.gz',
      'a074a81274f457e4343a88640d2fef4d21330eab1e0518b73f0bfaf609b4da01',
    ],
    [
      'openEuler',
      '22.03',
      'x86_64',
      '6.0.0/openEuler22.03/x86/openGauss-All-6.0.0-openEuler22.03-x86_64.tar.gz',
      '96a89b1bbaffdac4829a4290f773e1eae0b73c4942de94016cc70f4ec24faa73',
    ],
    [
      'openEuler',
      '20.03 (LTS-SP3)',
      'aarch64',
      '6.0.0/openEuler20.03/arm/openGauss-All-6.0.0-openEuler20.03-aarch64.tar.gz',
      '7aaf86b9ca3c35a49893a9aa5ab02383039da78c9b0d90bc2e3bd0dbbf7d0384',
    ],
    [
      'openEuler',
      '20.03',
      'x86_64',
      '6.0.0/openEuler20.03/x86/openGauss-All-6.0.0-openEuler20.03-x86_64.tar.gz',
      'f680e742d6ae9354f010e8b5764c044dbc04a4324ce167331a47443229dbea28',
    ],
    [
      'CentOS',
      '7',
      'x86_64',
      '6.0.0/CentOS7/x86/openGauss-All-6.0.0-CentOS7-x86_64.tar.gz',
      '2dad94f35807c0d6945bf84f638693148a2de05b4fe51b420f04fd5d94015977',
    ],
  ])('6.0.0 on %s %s %s', (osId, osVersion, arch, path, sum) => {
    const p = resolvePackage({ version: '6.0.0', osId, osVersion, arch }, BASE);
    expect(p.url).toBe(BASE + path);
    expect(p.fileName).toBe(path.split('/').pop());
    expect(p.scheme).toBe('6.x');
    expect(p.sha256).toBe(sum);
  });

  it('6.0.x and 7.0.0-RC use the 6.x layout; a custom base URL is honoured', () => {
    expect(resolvePackage({ version: '6.0.1', osId: 'openEuler', osVersion: '22.03', arch: 'x86_64' }, 'http://mirror.local/og/').url).toBe(
      'http://mirror.local/og/6.0.1/openEuler22.03/x86/openGauss-All-6.0.1-openEuler22.03-x86_64.tar.gz',
    );
    expect(resolvePackage({ version: '7.0.0-RC1', osId: 'openEuler', osVersion: '22.03', arch: 'aarch64' }, BASE).sha256).toBeUndefined();
  });

  it('combinations outside the docs/opengauss.md table have no known sum', () => {
    expect(knownSha256('5.0.1', 'openEuler', '20.03', 'x86_64')).toBeUndefined();
    expect(knownSha256('6.0.0', 'CentOS', '7', 'aarch64')).toBeUndefined();
  });
});

describe('resolvePackage errors list what is supported', () => {
  it.each([
    [{ version: '3.0.0', osId: 'openEuler', osVersion: '20.03', arch: 'x86_64' }, /version '3.0.0'/],
    [{ version: '5.0.0', osId: 'debian', osVersion: '12', arch: 'x86_64' }, /OS 'debian 12'/],
    [{ version: '5.0.0', osId: 'openEuler', osVersion: '24.03', arch: 'x86_64' }, /openEuler 24.03/],
    [{ version: '5.0.0', osId: 'centos', osVersion: '8.5', arch: 'x86_64' }, /CentOS 8.5/],
    [{ version: '5.0.0', osId: 'centos', osVersion: '7.9', arch: 'aarch64' }, /CentOS 7 on aarch64/],
    [{ version: '6.0.0', osId: 'centos', osVersion: '7.9', arch: 'aarch64' }, /CentOS 7 on aarch64/],
    [{ version: '6.0.0', osId: 'openEuler', osVersion: '22.03', arch: 'riscv64' }, /architecture 'riscv64'/],
  ])('%j', (target, what) => {
    expect(() => resolvePackage(target, BASE)).toThrow(UserError);
    expect(() => resolvePackage(target, BASE)).toThrow(what);
    expect(() => resolvePackage(target, BASE)).toThrow(/Supported: openEuler 20.03 and 22.03/);
  });
});

describe('findPackageMembers', () => {
  it('5.x by suffix, with .sha256 companions', () => {
    const entries = [
      './openGauss-5.0.0-openEuler-64bit.tar.bz2',
      './openGauss-5.0.0-openEuler-64bit.tar.bz2.sha256',
      './openGauss-5.0.0-openEuler-64bit-om.tar.gz',
      './openGauss-5.0.0-openEuler-64bit-om.tar.gz.sha256',
      './openGauss-5.0.0-openEuler-64bit-cm.tar.gz',
      './upgrade_sql.tar.gz',
      './upgrade_sql.sha256',
    ];
    expect(findPackageMembers('5.x', entries)).toEqual({
      server: { name: './openGauss-5.0.0-openEuler-64bit.tar.bz2', sha256File: './openGauss-5.0.0-openEuler-64bit.tar.bz2.sha256' },
      om: { name: './openGauss-5.0.0-openEuler-64bit-om.tar.gz', sha256File: './openGauss-5.0.0-openEuler-64bit-om.tar.gz.sha256' },
      cm: { name: './openGauss-5.0.0-openEuler-64bit-cm.tar.gz' },
    });
  });

  it('finds the .sha256 files named as openGauss ships them (archive suffix dropped)', () => {
    const entries = [
      'openGauss-5.0.0-openEuler-64bit.tar.bz2',
      'openGauss-5.0.0-openEuler-64bit.sha256',
      'openGauss-5.0.0-openEuler-64bit-om.tar.gz',
      'openGauss-5.0.0-openEuler-64bit-om.sha256',
      'openGauss-5.0.0-openEuler-64bit-cm.tar.gz',
      'openGauss-5.0.0-openEuler-64bit-cm.sha256',
    ];
    expect(findPackageMembers('5.x', entries)).toEqual({
      server: { name: 'openGauss-5.0.0-openEuler-64bit.tar.bz2', sha256File: 'openGauss-5.0.0-openEuler-64bit.sha256' },
      om: { name: 'openGauss-5.0.0-openEuler-64bit-om.tar.gz', sha256File: 'openGauss-5.0.0-openEuler-64bit-om.sha256' },
      cm: { name: 'openGauss-5.0.0-openEuler-64bit-cm.tar.gz', sha256File: 'openGauss-5.0.0-openEuler-64bit-cm.sha256' },
    });
    const six = findPackageMembers('6.x', ['openGauss-OM-6.0.0-openEuler20.03-x86_64.tar.gz', 'openGauss-OM-6.0.0-openEuler20.03-x86_64.sha256']);
    expect(six.om?.sha256File).toBe('openGauss-OM-6.0.0-openEuler20.03-x86_64.sha256');
  });

  it('6.x by prefix; .sha256 files and names that merely contain "om.tar.gz" are not members', () => {
    const entries = [
      'openGauss-CM-6.0.0-openEuler22.03-x86_64.tar.gz',
      'openGauss-CM-6.0.0-openEuler22.03-x86_64.tar.gz.sha256',
      'openGauss-OM-6.0.0-openEuler22.03-x86_64.tar.gz',
      'openGauss-OM-6.0.0-openEuler22.03-x86_64.tar.gz.sha256',
      'openGauss-Server-6.0.0-openEuler22.03-x86_64.tar.bz2',
      'openGauss-Server-6.0.0-openEuler22.03-x86_64.tar.bz2.sha256',
      'upgrade_sql.tar.gz',
      'custom-om.tar.gz',
    ];
    const m = findPackageMembers('6.x', entries);
    expect(m.om?.name).toBe('openGauss-OM-6.0.0-openEuler22.03-x86_64.tar.gz');
    expect(m.cm).toEqual({ name: 'openGauss-CM-6.0.0-openEuler22.03-x86_64.tar.gz', sha256File: 'openGauss-CM-6.0.0-openEuler22.03-x86_64.tar.gz.sha256' });
    expect(m.server?.name).toBe('openGauss-Server-6.0.0-openEuler22.03-x86_64.tar.bz2');
    // The same names under 5.x rules: the 6.x CM/OM names do not end in -om/-cm.tar.gz.
    expect(findPackageMembers('5.x', entries).om?.name).toBe('custom-om.tar.gz');
  });

  it('two candidates for one member is an error', () => {
    expect(() => findPackageMembers('5.x', ['a-om.tar.gz', 'b-om.tar.gz'])).toThrow(/two om tarballs/);
  });
});

describe('parseSha256File', () => {
  const hex = 'AA9FC724C5030F4CC79DAD201675183029C8F36A07667028E681169A2F6482F5';
  it('bare sum, with or without newline; lowercased', () => {
    expect(parseSha256File(hex)).toBe(hex.toLowerCase());
    expect(parseSha256File(`${hex}\n`)).toBe(hex.toLowerCase());
  });
  it('empty files give undefined', () => {
    expect(parseSha256File('')).toBeUndefined();
    expect(parseSha256File(' \n')).toBeUndefined();
  });
  it('sha256sum lines, picking the named file', () => {
    const other = 'f'.repeat(64);
    const text = `${other}  a.tar.gz\n${hex.toLowerCase()} *dir/b.tar.gz\n`;
    expect(parseSha256File(text, 'b.tar.gz')).toBe(hex.toLowerCase());
    expect(() => parseSha256File(text, 'c.tar.gz')).toThrow(/none is 'c.tar.gz'/);
  });
  it('refuses non-sums', () => {
    expect(() => parseSha256File('<html>Not Found</html>')).toThrow(/not a SHA-256 file/);
    expect(() => parseSha256File('abc123')).toThrow(UserError);
  });
});

describe('expectedSha256', () => {
  const a = 'a'.repeat(64);
  const b = 'b'.repeat(64);
  it('flag, then .sha256 file, then the known table', () => {
    expect(expectedSha256({ flag: a.toUpperCase(), sidecar: b, known: b }, 'p.tar.gz')).toBe(a);
    expect(expectedSha256({ sidecar: `${a}\n`, known: b }, 'p.tar.gz')).toBe(a);
    expect(expectedSha256({ sidecar: '', known: b }, 'p.tar.gz')).toBe(b);
  });
  it('no sum anywhere: tells the user how to give one', () => {
    expect(() => expectedSha256({}, 'openGauss-5.1.0.tar.gz')).toThrow(/--package-sha256 .*openGauss-5.1.0.tar.gz.sha256/);
    expect(() => expectedSha256({ flag: 'xyz' }, 'p')).toThrow(/not 64 hex digits/);
  });
});
