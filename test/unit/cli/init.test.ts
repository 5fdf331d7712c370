/**
 * `afo init DIR`: the example inventory and group_vars/all.yml generated from the role's
 * defaults (every value commented out, so restoring them gives exactly the defaults), and the
 * new inventory's `afo inventory --graph` is ansible-inventory's.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { initInventory } from '../../../src/cli/commands/init.js';
import { UserError } from '../../../src/errors.js';
import { fsLoader, loadInventory } from '../../../src/inventory/index.js';
import { resolveHostVars } from '../../../src/vars/precedence.js';

const root = resolve(import.meta.dirname, '../../..');
const defaultsText = readFileSync(join(root, 'roles/opengauss/defaults/main.yml'), 'utf8');

function init() {
  const dir = join(mkdtempSync(join(tmpdir(), 'afo-init-')), 'inv');
  initInventory(dir, false);
  return dir;
}

describe('afo init', () => {
  it('writes the example inventory as it is', () => {
    const dir = init();
    expect(readFileSync(join(dir, 'hosts.ini'), 'utf8')).toBe(readFileSync(join(root, 'inventories/opengauss/hosts.ini'), 'utf8'));
  });

  it('group_vars/all.yml is the role defaults, every value commented out', () => {
    const text = readFileSync(join(init(), 'group_vars/all.yml'), 'utf8');
    // every line of the defaults (after their own header) is there, in order, as it is or behind a "#"
    const body = defaultsText.split('\n').slice(defaultsText.split('\n').indexOf('') + 1);
    const tail = text.split('\n').slice(-body.length);
    let commented = 0;
    const restored = tail.map((l, i) => {
      const d = body[i]!;
      if (l === d) return l;
      expect(l).toBe(`#${d}`);
      commented++;
      return d;
    });
    expect(commented).toBeGreaterThan(30);
    // restoring them gives exactly the defaults; as written, the file sets nothing
    expect(parse(restored.join('\n'))).toEqual(parse(defaultsText));
    expect(parse(text)).toBeNull();
  });

  it('an uncommented key is a group variable of every host', () => {
    const dir = init();
    const file = join(dir, 'group_vars/all.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('#opengauss_min_disk_mb: 2048', 'opengauss_min_disk_mb: 4096'));
    const inv = loadInventory(join(dir, 'hosts.ini'), fsLoader);
    expect(resolveHostVars(inv, '192.168.56.13', {}).opengauss_min_disk_mb).toBe(4096);
  });

  it('never overwrites without --force', () => {
    const dir = init();
    writeFileSync(join(dir, 'hosts.ini'), '[opengauss_primary]\n10.1.1.1\n');
    expect(() => initInventory(dir, false)).toThrow(UserError);
    const fresh = join(dir, 'fresh');
    initInventory(fresh, false);
    rmSync(join(fresh, 'group_vars'), { recursive: true });
    expect(() => initInventory(fresh, false)).toThrow(/fresh\/hosts.ini already exists: /);
    expect(existsSync(join(fresh, 'group_vars'))).toBe(false);
    expect(() => initInventory(dir, false)).toThrow(
      /inv\/hosts.ini and .*inv\/group_vars\/all.yml already exist: afo init writes new files only \(--force overwrites them\)/,
    );
    expect(readFileSync(join(dir, 'hosts.ini'), 'utf8')).toBe('[opengauss_primary]\n10.1.1.1\n');
    initInventory(dir, true);
    expect(readFileSync(join(dir, 'hosts.ini'), 'utf8')).toContain('[opengauss_cascade]');
  });

  it('afo init then afo inventory --graph prints what ansible-inventory --graph prints', () => {
    const cli = join(root, 'dist/src/cli/main.js');
    if (!existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    const cwd = mkdtempSync(join(tmpdir(), 'afo-init-cli-'));
    const made = spawnSync(process.execPath, [cli, 'init', 'site'], { cwd, encoding: 'utf8' });
    expect(made.status).toBe(0);
    expect(made.stdout).toContain('wrote site/hosts.ini and site/group_vars/all.yml');
    const ours = spawnSync(process.execPath, [cli, 'inventory', '-i', 'site/hosts.ini', '--graph'], { cwd, encoding: 'utf8' });
    const theirs = execFileSync('ansible-inventory', ['-i', 'site/hosts.ini', '--graph'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_INVENTORY_ENABLED: 'ini', ANSIBLE_INVENTORY_UNPARSED_FAILED: 'true' },
    });
    expect(ours.status).toBe(0);
    expect(ours.stdout).toBe(theirs);
    expect(theirs).toContain('|--@opengauss_cascade:');
  });
});
