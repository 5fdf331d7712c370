/**
 * afo's inventory reading against the real thing: for every fixture inventory, the JSON of
 * `ansible-inventory -i F --list` (Debian's ansible-core, installed by test/lab/setup.sh) must
 * equal afo's listing of the same file, and `afo inventory` on the command line prints it too.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInventory } from '../../../src/cli/commands/inventory.js';
import { loadInventory } from '../../../src/inventory/load.js';
import { readPasswordFile, Vault } from '../../../src/vault/index.js';
import { inventoryListing } from '../../../src/vars/listing.js';

const root = resolve(import.meta.dirname, '../../..');
const fixtureDir = join(root, 'test/fixtures/inventories');
const files = [...readdirSync(fixtureDir).map((d) => join(fixtureDir, d, 'hosts.ini')), join(root, 'inventories/opengauss/hosts.ini')];

function ansibleInventory(args: string[]): unknown {
  let out: string;
  try {
    out = execFileSync('ansible-inventory', args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      // Only the INI plugin, and fail instead of printing an empty inventory when it cannot parse.
      env: { ...process.env, ANSIBLE_INVENTORY_ENABLED: 'ini', ANSIBLE_INVENTORY_UNPARSED_FAILED: 'true', ANSIBLE_NOCOLOR: '1', COLUMNS: '1000' },
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('ansible-inventory is not installed: run `bash test/lab/setup.sh` (it installs ansible-core)');
    }
    throw e;
  }
  return JSON.parse(out);
}

/** JSON round trip: what both sides look like once printed (1000.0 and 1000 are equal). */
const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('afo inventory --list equals ansible-inventory --list', () => {
  it('covers every fixture', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files.map((f) => [f.slice(root.length + 1), f]))('%s', (_name, file) => {
    const theirs = ansibleInventory(['-i', file, '--list']);
    const ours = asJson(inventoryListing(loadInventory(file)));
    expect(ours).toEqual(theirs);
    // a fixture that lost its hosts would compare equal trivially
    expect(Object.keys((theirs as { _meta: { hostvars: object } })._meta.hostvars).length + Object.keys(theirs as object).length).toBeGreaterThan(3);
  });

  it('afo inventory (the CLI) prints the same JSON, and --graph the same tree', () => {
    const cli = join(root, 'dist/src/cli/main.js');
    if (!existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    const file = join(fixtureDir, 'children/hosts.ini');
    const list = spawnSync(process.execPath, [cli, 'inventory', '-i', file, '--list'], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual(ansibleInventory(['-i', file, '--list']));
    const graph = spawnSync(process.execPath, [cli, 'inventory', '-i', file, '--graph'], { encoding: 'utf8' });
    const theirs = execFileSync('ansible-inventory', ['-i', file, '--graph'], { encoding: 'utf8', env: { ...process.env, ANSIBLE_NOCOLOR: '1' } });
    expect(graph.stdout.trim()).toBe(theirs.trim());
  });

  it('afo inventory --host shows the merged vars like ansible-inventory --host', () => {
    const file = join(fixtureDir, 'vars-dirs/hosts.ini');
    const cli = join(root, 'dist/src/cli/main.js');
    const ours = spawnSync(process.execPath, [cli, 'inventory', '-i', file, '--host', 'w1'], { encoding: 'utf8' });
    expect(ours.status).toBe(0);
    expect(JSON.parse(ours.stdout)).toEqual(ansibleInventory(['-i', file, '--host', 'w1']));
  });

  it('inline !vault values print encrypted, as ansible-inventory prints them; a vaulted vars file is read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afo-inv-vault-'));
    const pass = join(dir, 'pass');
    writeFileSync(pass, 'inventory-vault-pw\n');
    writeFileSync(join(dir, 'hosts.ini'), '[db]\nh1\nh2\n');
    mkdirSync(join(dir, 'group_vars'));
    mkdirSync(join(dir, 'host_vars'));
    // both made by Ansible's own tool: an inline value and a whole-file vault
    const inline = execFileSync('ansible-vault', ['encrypt_string', '--vault-password-file', pass, 'db-s3cret', '--name', 'db_pass'], { encoding: 'utf8' });
    writeFileSync(join(dir, 'group_vars/db.yml'), `${inline.trimEnd()}\nplain: visible\n`);
    writeFileSync(join(dir, 'host_vars/h2.yml'), 'h2_token: file-s3cret\n');
    execFileSync('ansible-vault', ['encrypt', '--vault-password-file', pass, join(dir, 'host_vars/h2.yml')], { stdio: 'ignore' });
    const afo = (args: { list?: boolean; host?: string }) => {
      const out: string[] = [];
      runInventory(
        { inventory: join(dir, 'hosts.ini'), extraVars: [], ...args },
        (t) => out.push(t),
        () => {},
        new Vault([readPasswordFile(pass, '--vault-password-file')]),
      );
      return out.join('\n');
    };
    const list = afo({ list: true });
    expect(JSON.parse(list)).toEqual(ansibleInventory(['-i', join(dir, 'hosts.ini'), '--list', '--vault-password-file', pass]));
    expect(JSON.parse(afo({ host: 'h1' }))).toEqual(ansibleInventory(['-i', join(dir, 'hosts.ini'), '--host', 'h1', '--vault-password-file', pass]));
    const h1 = (JSON.parse(list) as { _meta: { hostvars: Record<string, Record<string, unknown>> } })._meta.hostvars.h1!;
    expect(h1.db_pass).toEqual({ __ansible_vault: expect.stringMatching(/^\$ANSIBLE_VAULT;1\.1;AES256\n[0-9a-f\n]+$/) });
    expect(list).not.toContain('db-s3cret');
    expect(list).toContain('file-s3cret');
  });

  it('a bad inventory exits 2 with file:line and no stack trace', () => {
    const cli = join(root, 'dist/src/cli/main.js');
    const bad = join(root, 'test/fixtures/bad-inventories/typo-children.ini');
    const r = spawnSync(process.execPath, [cli, 'inventory', '-i', bad, '--list'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^afo: error: .*typo-children\.ini:14: unknown group 'opengauss_standy' in \[opengauss:children\]/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // Ansible refuses it too (an error there, not a warning)
    let refusal = '';
    try {
      ansibleInventory(['-i', bad, '--list']);
    } catch (e) {
      refusal = String((e as Error).message).replace(/\s+/g, ' '); // ansible wraps warnings at 80 columns
    }
    expect(refusal).toMatch(/includes undefined group: opengauss_standy/);
  });
});
