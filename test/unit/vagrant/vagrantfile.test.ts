/**
 * vagrant/Vagrantfile (README.md, "Real VMs with Vagrant"): `vagrant validate --ignore-provider`
 * accepts it (Debian's vagrant, installed by test/lab/setup.sh; no VM is booted and no address is
 * contacted), it takes its addresses from vagrant/hosts.ini, and that inventory is a valid afo
 * openGauss inventory whose addresses are on the host-only network.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planDeploy } from '../../../src/opengauss/deploy/plan.js';
import { loadDefaults } from '../../../src/opengauss/deploy/role.js';

const root = resolve(import.meta.dirname, '../../..');

function validate(dir: string) {
  // a private VAGRANT_HOME: no state of the machine's user is read or written
  const home = mkdtempSync(join(tmpdir(), 'afo-vagrant-home-'));
  const r = spawnSync('vagrant', ['validate', '--ignore-provider'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, VAGRANT_HOME: home, VAGRANT_CHECKPOINT_DISABLE: '1', VAGRANT_NO_PLUGINS: '1' },
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('vagrant is not installed: run `bash test/lab/setup.sh`');
  return r;
}

function copy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'afo-vagrant-')), 'vagrant');
  cpSync(join(root, 'vagrant'), dir, { recursive: true });
  return dir;
}

describe('vagrant/Vagrantfile', () => {
  it('vagrant validate --ignore-provider accepts it', () => {
    const r = validate(copy());
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Vagrantfile validated successfully.');
  });

  it('reads its addresses from vagrant/hosts.ini (a broken inventory fails validation)', () => {
    const dir = copy();
    const ini = join(dir, 'hosts.ini');
    writeFileSync(ini, readFileSync(ini, 'utf8').replace('[opengauss_primary]\n192.168.56.11\n', '[opengauss_primary]\n'));
    const r = validate(dir);
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toContain('[opengauss_primary] needs exactly one host, it has 0');
  });

  it('vagrant/hosts.ini is a primary, a standby and a cascade on 192.168.56.0/24', async () => {
    const plan = await planDeploy({ inventoryPath: join(root, 'vagrant/hosts.ini'), extraVars: {}, roleDefaults: loadDefaults() });
    expect(plan.nodes.map((n) => [n.address, n.role])).toEqual([
      ['192.168.56.11', 'primary'],
      ['192.168.56.12', 'standby'],
      ['192.168.56.13', 'cascade'],
    ]);
    expect(execFileSync('vagrant', ['--version'], { encoding: 'utf8' })).toMatch(/^Vagrant 2\./);
  });
});
