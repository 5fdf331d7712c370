import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/tasks/lib/put-file.js';
import { getUrlModule } from '../../../src/tasks/modules/get-url.js';
import { unarchiveModule } from '../../../src/tasks/modules/unarchive.js';
import { absent, argError, ctx, dirStat, fileStat, plan } from '../helpers/fake-facts.js';

let base = '';
const ARCHIVE = Buffer.from('not really a tarball');
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'afo-unarchive-'));
  mkdirSync(join(base, 'files'));
  writeFileSync(join(base, 'files', 'pkg.tar.gz'), ARCHIVE);
});
const c = () => ctx({ baseDir: base });
const SHA = sha256(ARCHIVE);
const marker = (sha: string | null) => ({
  'content:/opt/og/.afo-unarchive-pkg.tar.gz.sha256':
    sha === null ? { exists: false, isFile: false, content: '' } : { exists: true, isFile: true, content: `${sha}\n` },
});

describe('unarchive', () => {
  it('nothing to do when creates exists and the marker matches', async () => {
    const r = await plan(
      unarchiveModule,
      { src: 'pkg.tar.gz', dest: '/opt/og', creates: '/opt/og/bin' },
      { 'stat-follow:/opt/og': dirStat(), ...marker(SHA), 'exists:/opt/og/bin': true },
      c(),
    );
    expect(r.changes).toEqual([]);
    expect(r.result).toMatchObject({ checksum: SHA, extracted: false });
  });
  it('creates exists and no marker (extracted by someone else): nothing to do', async () => {
    expect(
      (
        await plan(
          unarchiveModule,
          { src: 'pkg.tar.gz', dest: '/opt/og', creates: '/opt/og/bin' },
          { 'stat-follow:/opt/og': dirStat(), ...marker(null), 'exists:/opt/og/bin': true },
          c(),
        )
      ).changes,
    ).toEqual([]);
  });
  it('uploads and extracts when creates is missing, then writes the marker', async () => {
    const r = await plan(
      unarchiveModule,
      { src: 'pkg.tar.gz', dest: '/opt/og', creates: '/opt/og/bin', owner: 'omm', group: 'dbgrp' },
      { 'stat-follow:/opt/og': dirStat(), ...marker(null), 'exists:/opt/og/bin': false },
      c(),
    );
    expect(r.changes[0]).toMatchObject({ kind: 'upload', dest: '/opt/og/.afo-upload-pkg.tar.gz', content: ARCHIVE });
    const script = r.changes[1]!.kind === 'exec' ? r.changes[1]!.command : '';
    expect(script.split('\n')).toEqual([
      'set -e',
      'tar -xf /opt/og/.afo-upload-pkg.tar.gz -C /opt/og',
      `tar -tf /opt/og/.afo-upload-pkg.tar.gz | sed -e 's#^\\./##' -e 's#/.*##' | sort -u | while IFS= read -r f; do if [ -n "$f" ]; then chown -R omm:dbgrp -- /opt/og/"$f"; fi; done`,
      `printf '%s\\n' ${SHA} > /opt/og/.afo-unarchive-pkg.tar.gz.sha256`,
      'rm -f -- /opt/og/.afo-upload-pkg.tar.gz',
    ]);
  });
  it('a different archive (marker sha differs) is extracted again', async () => {
    const r = await plan(
      unarchiveModule,
      { src: 'pkg.tar.gz', dest: '/opt/og', creates: '/opt/og/bin' },
      { 'stat-follow:/opt/og': dirStat(), ...marker('0'.repeat(64)), 'exists:/opt/og/bin': true },
      c(),
    );
    expect(r.changes.map((x) => x.kind)).toEqual(['upload', 'exec']);
  });
  it('remote_src uses the remote sha256 and uploads nothing; zip uses unzip', async () => {
    const facts = {
      'stat-follow:/opt/og': dirStat(),
      'content:/opt/og/.afo-unarchive-p.zip.sha256': { exists: false, isFile: false, content: '' },
      'stat-follow:/tmp/p.zip': fileStat({ sha256: 'ab'.repeat(32) }),
    };
    const r = await plan(unarchiveModule, { src: '/tmp/p.zip', dest: '/opt/og', remote_src: true }, facts, c());
    expect(r.changes).toHaveLength(1);
    expect(r.changes[0]).toMatchObject({ kind: 'exec', command: expect.stringContaining('unzip -o -q /tmp/p.zip -d /opt/og') });
  });
  it('dest must be a directory; argument errors', async () => {
    expect((await plan(unarchiveModule, { src: 'pkg.tar.gz', dest: '/opt/og' }, { 'stat-follow:/opt/og': absent, ...marker(null) }, c())).fail).toMatch(
      /existing directory on h1/,
    );
    expect(argError(unarchiveModule, { src: 'x' })).toMatch(/dest/);
  });
});

describe('get_url', () => {
  const url = 'https://opengauss.obs.cn-south-1.myhuaweicloud.com/5.0.0/x86_openEuler/openGauss-5.0.0-openEuler-64bit-all.tar.gz';
  const dest = '/opt/pkg/og.tar.gz';
  const sum = 'ab'.repeat(32);
  const facts = (st: unknown) => ({ [`stat-follow:${dest}`]: st, [`stat-follow:${dest}/openGauss-5.0.0-openEuler-64bit-all.tar.gz`]: absent });
  it('nothing to do when the checksum matches, or the file exists and there is no checksum', async () => {
    expect((await plan(getUrlModule, { url, dest, checksum: `sha256:${sum}` }, facts(fileStat({ sha256: sum })))).changes).toEqual([]);
    expect((await plan(getUrlModule, { url, dest }, facts(fileStat({ sha256: 'cd'.repeat(32) })))).changes).toEqual([]);
  });
  it('downloads when missing or different, checks the sha256, then sets mode', async () => {
    const r = await plan(getUrlModule, { url, dest, checksum: `sha256:${sum.toUpperCase()}`, mode: '0600' }, facts(fileStat({ sha256: 'cd'.repeat(32) })));
    const script = r.changes[0]!.kind === 'exec' ? r.changes[0]!.command : '';
    expect(script).toContain(`curl -fsSL --retry 3 --connect-timeout 10 -o /opt/pkg/og.tar.gz.afo-part ${url}`);
    expect(script).toContain(`printf '%s  %s\\n' ${sum} /opt/pkg/og.tar.gz.afo-part | sha256sum -c --quiet`);
    expect(script).toContain('mv -f -- /opt/pkg/og.tar.gz.afo-part /opt/pkg/og.tar.gz');
    expect(r.changes[1]).toMatchObject({ command: 'chmod 0600 -- /opt/pkg/og.tar.gz' });
  });
  it('a directory dest gets the file under the URL name', async () => {
    const r = await plan(
      getUrlModule,
      { url, dest: '/opt/pkg' },
      { 'stat-follow:/opt/pkg': dirStat(), 'stat-follow:/opt/pkg/openGauss-5.0.0-openEuler-64bit-all.tar.gz': absent },
    );
    expect(r.result).toMatchObject({ dest: '/opt/pkg/openGauss-5.0.0-openEuler-64bit-all.tar.gz' });
    expect(r.changes).toHaveLength(1);
  });
  it('argument errors', () => {
    expect(argError(getUrlModule, { url: 'file:///etc/passwd', dest })).toMatch(/URL/);
    expect(argError(getUrlModule, { url, dest, checksum: 'md5:abc' })).toMatch(/sha256:/);
  });
});
