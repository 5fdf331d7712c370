/**
 * The package is verified on the control machine before anything else happens: a wrong sum
 * stops the run with no host contacted and no file written beside the inventory. Sums come from
 * --package-sha256, <package>.sha256 or SHA256SUMS beside it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../../src/errors.js';
import type { EngineEvent } from '../../../../src/engine/events.js';
import { givenPackage, sha256File } from '../../../../src/opengauss/deploy/package.js';
import { runDeploy } from '../../../../src/opengauss/deploy/run.js';

/** A tiny 5.x-shaped "all" tarball (an -om.tar.gz member inside). */
function fakePackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'afo-pkg-'));
  const stage = join(dir, 'stage');
  mkdirSync(stage);
  writeFileSync(join(stage, 'openGauss-5.0.0-openEuler-64bit-om.tar.gz'), 'om');
  writeFileSync(join(stage, 'openGauss-5.0.0-openEuler-64bit.tar.bz2'), 'server');
  const out = join(dir, 'openGauss-5.0.0-openEuler-64bit-all.tar.gz');
  execFileSync('tar', ['-czf', out, '-C', stage, '.']);
  return out;
}

const opts = (dir: string) => ({ cacheDir: join(dir, 'cache'), packageDir: join(dir, 'packages') });

describe('package verification', () => {
  it('accepts the right sum from --package-sha256 and finds the OM member', async () => {
    const p = fakePackage();
    const pkg = await givenPackage({ package: p, sha256: await sha256File(p), ...opts(tmpdir()) });
    expect(pkg.members.om?.name).toMatch(/-om\.tar\.gz$/);
  });

  it('reads SHA256SUMS beside the package', async () => {
    const p = fakePackage();
    writeFileSync(join(p, '..', 'SHA256SUMS'), `${'0'.repeat(64)}  other.tar.gz\n${await sha256File(p)}  openGauss-5.0.0-openEuler-64bit-all.tar.gz\n`);
    await expect(givenPackage({ package: p, ...opts(tmpdir()) })).resolves.toMatchObject({ fileName: 'openGauss-5.0.0-openEuler-64bit-all.tar.gz' });
  });

  it('without any sum: says how to give one', async () => {
    await expect(givenPackage({ package: fakePackage(), ...opts(tmpdir()) })).rejects.toThrow(/--package-sha256/);
  });

  it('a mismatch stops afo deploy before any connection or file', async () => {
    const p = fakePackage();
    const dir = mkdtempSync(join(tmpdir(), 'afo-inv-'));
    writeFileSync(join(dir, 'hosts.ini'), '[opengauss_primary]\n192.0.2.10\n');
    const events: EngineEvent[] = [];
    const err = await runDeploy({
      inventory: join(dir, 'hosts.ini'),
      extraVars: {},
      package: p,
      packageSha256: 'a'.repeat(64),
      check: false,
      diff: false,
      progress: (e) => events.push(e),
      say: () => {},
      cacheDir: join(dir, 'cache'),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/SHA-256 mismatch/);
    expect(events).toEqual([]);
    expect(existsSync(join(dir, 'credentials'))).toBe(false);
  });
});
