/**
 * afo vault against the real ansible-vault (Debian's ansible-core, installed by
 * test/lab/setup.sh): what one encrypts the other decrypts, files and `!vault` strings, 1.1 and
 * 1.2 with a vault id, and a wrong password is a clear error on both sides with the file unchanged.
 * Runs the built CLI (dist/), as a user does.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const cli = join(root, 'dist/src/cli/main.js');
let dir: string;
let pw: string;
let wrong: string;

const env: NodeJS.ProcessEnv = { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_INVENTORY_UNPARSED_WARNING: 'false' };
delete env.AFO_VAULT_PASSWORD_FILE;

function afo(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  if (!existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  return spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', input: opts.input ?? '', env: opts.env ?? env });
}

function ansible(cmd: string, args: string[], input = ''): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', input, env });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
    throw new Error(`${cmd} is not installed: run \`bash test/lab/setup.sh\` (it installs ansible-core)`);
  return r;
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'afo-vault-'));
  pw = file('pw', 'correct horse\n');
  wrong = file('wrong', 'battery staple\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('files: ansible-vault and afo vault read each other', () => {
  it('ansible-vault encrypt → afo vault view and decrypt (in place, mode kept)', () => {
    const f = file('a.yml', 'db_pass: "s3cr3t"\nport: 5432\n');
    chmodSync(f, 0o640);
    expect(ansible('ansible-vault', ['encrypt', '--vault-password-file', pw, f]).status).toBe(0);
    expect(readFileSync(f, 'utf8').startsWith('$ANSIBLE_VAULT;1.1;AES256\n')).toBe(true);
    const v = afo(['vault', 'view', f, '--vault-password-file', pw]);
    expect([v.status, v.stdout]).toEqual([0, 'db_pass: "s3cr3t"\nport: 5432\n']);
    const mode = statSync(f).mode & 0o777;
    expect(afo(['vault', 'decrypt', f, '--vault-password-file', pw]).status).toBe(0);
    expect(readFileSync(f, 'utf8')).toBe('db_pass: "s3cr3t"\nport: 5432\n');
    expect(statSync(f).mode & 0o777).toBe(mode);
  });

  it('afo vault encrypt → ansible-vault view and decrypt', () => {
    const f = file('b.yml', 'token: "ünïcode ✓"\n');
    const r = afo(['vault', 'encrypt', f, '--vault-password-file', pw]);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(f, 'utf8');
    expect(text).toMatch(/^\$ANSIBLE_VAULT;1\.1;AES256\n([0-9a-f]{80}\n)*[0-9a-f]{1,80}\n$/);
    expect(ansible('ansible-vault', ['view', '--vault-password-file', pw, f]).stdout).toBe('token: "ünïcode ✓"\n');
    expect(ansible('ansible-vault', ['decrypt', '--vault-password-file', pw, f]).status).toBe(0);
    expect(readFileSync(f, 'utf8')).toBe('token: "ünïcode ✓"\n');
  });

  it('1.2 with a vault id, both ways (--vault-id label@file)', () => {
    const a = file('c.yml', 'x: 1\n');
    expect(ansible('ansible-vault', ['encrypt', '--vault-id', `prod@${pw}`, a]).status).toBe(0);
    expect(readFileSync(a, 'utf8').split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;prod');
    expect(afo(['vault', 'view', a, '--vault-id', `prod@${pw}`]).stdout).toBe('x: 1\n');
    // the id is a hint, as in Ansible: a plain password file opens it too
    expect(afo(['vault', 'view', a, '--vault-password-file', pw]).stdout).toBe('x: 1\n');
    const b = file('d.yml', 'y: 2\n');
    expect(afo(['vault', 'encrypt', b, '--vault-id', `prod@${pw}`]).status).toBe(0);
    expect(readFileSync(b, 'utf8').split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;prod');
    expect(ansible('ansible-vault', ['view', '--vault-id', `prod@${pw}`, b]).stdout).toBe('y: 2\n');
  });

  it('afo vault edit runs $EDITOR on the plaintext and re-encrypts with the same vault id; no change leaves the file as it was', () => {
    const f = file('edit.yml', 'colour: old\n');
    expect(ansible('ansible-vault', ['encrypt', '--vault-id', `prod@${pw}`, f]).status).toBe(0);
    const before = readFileSync(f, 'utf8');
    const same = afo(['vault', 'edit', f, '--vault-id', `prod@${pw}`], { env: { ...env, EDITOR: 'true' } });
    expect([same.status, same.stderr]).toEqual([0, `no change; ${f} is unchanged\n`]);
    expect(readFileSync(f, 'utf8')).toBe(before);
    const r = afo(['vault', 'edit', f, '--vault-id', `prod@${pw}`], { env: { ...env, EDITOR: "sed -i 's/old/new/'" } });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(f, 'utf8').split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;prod');
    expect(ansible('ansible-vault', ['view', '--vault-id', `prod@${pw}`, f]).stdout).toBe('colour: new\n');
  });

  it('a wrong password: a clear error on both sides, the file unchanged', () => {
    const a = file('e.yml', 'k: v\n');
    expect(ansible('ansible-vault', ['encrypt', '--vault-password-file', pw, a]).status).toBe(0);
    const before = readFileSync(a, 'utf8');
    const r = afo(['vault', 'decrypt', a, '--vault-password-file', wrong]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `afo: error: ${a}: Decryption failed: the vault password from --vault-password-file ${wrong} does not open it; give the password it was encrypted with\n`,
    );
    expect(r.stderr).not.toContain('battery');
    expect(readFileSync(a, 'utf8')).toBe(before);

    const b = file('f.yml', 'k: v\n');
    expect(afo(['vault', 'encrypt', b, '--vault-password-file', pw]).status).toBe(0);
    const ours = readFileSync(b, 'utf8');
    const t = ansible('ansible-vault', ['decrypt', '--vault-password-file', wrong, b]);
    expect(t.status).not.toBe(0);
    expect(t.stderr).toMatch(/Decryption failed/);
    expect(readFileSync(b, 'utf8')).toBe(ours);
  });

  it('several files: one wrong password leaves all of them as they were', () => {
    const a = file('g1.yml', 'a: 1\n');
    const b = file('g2.yml', 'b: 2\n');
    expect(afo(['vault', 'encrypt', a, '--vault-password-file', pw]).status).toBe(0);
    expect(afo(['vault', 'encrypt', b, '--vault-password-file', wrong]).status).toBe(0);
    const [ta, tb] = [readFileSync(a, 'utf8'), readFileSync(b, 'utf8')];
    const r = afo(['vault', 'decrypt', a, b, '--vault-password-file', pw]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${b}: Decryption failed`);
    expect([readFileSync(a, 'utf8'), readFileSync(b, 'utf8')]).toEqual([ta, tb]);
  });

  it('an executable password file is run and its output is the password; $AFO_VAULT_PASSWORD_FILE is read', () => {
    const script = file('pw-script.sh', "#!/bin/sh\nprintf 'correct horse\\n'\n");
    chmodSync(script, 0o700);
    const a = file('h.yml', 'h: 1\n');
    expect(ansible('ansible-vault', ['encrypt', '--vault-password-file', script, a]).status).toBe(0);
    expect(afo(['vault', 'view', a, '--vault-password-file', script]).stdout).toBe('h: 1\n');
    expect(afo(['vault', 'view', a], { env: { ...env, AFO_VAULT_PASSWORD_FILE: pw } }).stdout).toBe('h: 1\n');
  });

  it('--ask-vault-pass without a terminal is an error naming AFO_VAULT_PASSWORD_FILE; no password is an error naming the flags', () => {
    const a = file('i.yml', 'i: 1\n');
    const r = afo(['vault', 'encrypt', a, '--ask-vault-pass']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--ask-vault-pass needs a terminal.*AFO_VAULT_PASSWORD_FILE/);
    const n = afo(['vault', 'encrypt', a]);
    expect(n.status).toBe(2);
    expect(n.stderr).toMatch(/no vault password was given: pass --vault-password-file FILE/);
    expect(readFileSync(a, 'utf8')).toBe('i: 1\n');
  });
});

describe('!vault strings in group_vars and -e @file', () => {
  const inventory = (name: string, groupVars: string): string => {
    const d = join(dir, name);
    mkdirSync(join(d, 'group_vars'), { recursive: true });
    writeFileSync(join(d, 'hosts.ini'), '[app]\nh1\n');
    writeFileSync(join(d, 'group_vars', 'all.yml'), groupVars);
    return join(d, 'hosts.ini');
  };

  it('afo vault encrypt_string → Ansible reads it from group_vars and -e @file', () => {
    const r = afo(['vault', 'encrypt_string', '--name', 'db_pass', '--vault-password-file', pw], { input: 'from afo: ✓' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^db_pass: !vault \|\n {10}\$ANSIBLE_VAULT;1\.1;AES256\n( {10}[0-9a-f]{1,80}\n)+$/);
    const inv = inventory('inv-afo', `plain: 1\n${r.stdout}`);
    const seen = ansible('ansible', ['all', '-i', inv, '-m', 'debug', '-a', 'var=db_pass', '--vault-password-file', pw]);
    expect(seen.stdout, seen.stderr).toContain('"db_pass": "from afo: ✓"');
    const extra = file('extra.yml', r.stdout);
    const e = ansible('ansible', ['localhost', '-m', 'debug', '-a', 'var=db_pass', '-e', `@${extra}`, '--vault-password-file', pw]);
    expect(e.stdout, e.stderr).toContain('"db_pass": "from afo: ✓"');
  });

  // afo inventory --list/--host print inline values as ansible-inventory does (still encrypted:
  // test/unit/inventory/ansible-compat.test.ts); afo config is where they are decrypted and used.
  const ogInventory = (name: string, clusterName: string): string => {
    const d = join(dir, name);
    mkdirSync(join(d, 'group_vars'), { recursive: true });
    writeFileSync(
      join(d, 'hosts.ini'),
      '[opengauss_primary]\n192.168.56.11\n[opengauss_standby]\n192.168.56.12\n[opengauss:children]\nopengauss_primary\nopengauss_standby\n',
    );
    writeFileSync(
      join(d, 'group_vars', 'all.yml'),
      `opengauss_env:\n  user_name: omm\n  user_group: dbgrp\n${clusterName.trimEnd().replace(/^/gm, '  ')}
  dataPortBase: 15400\n  cmServerPortBase: 15300\n  azName: AZ1\n  azPriority: 1\n  syncNum: 0\n`,
    );
    return join(d, 'hosts.ini');
  };

  it('ansible-vault encrypt_string (1.2 with an id) → afo config decrypts it from group_vars (--vault-id) and -e @file', () => {
    const r = ansible('ansible-vault', ['encrypt_string', '--vault-id', `prod@${pw}`, '--name', 'clusterName', 'fromAnsible12']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\$ANSIBLE_VAULT;1\.2;AES256;prod/);
    const inv = ogInventory('og-12', r.stdout);
    const c = afo(['config', '-i', inv, '--vault-id', `prod@${pw}`]);
    expect(c.status, c.stderr).toBe(0);
    expect(c.stdout).toContain('<PARAM name="clusterName" value="fromAnsible12"/>');
    const home = ansible('ansible-vault', ['encrypt_string', '--vault-id', `prod@${pw}`, '--name', 'opengauss_home', '/srv/from-extra']);
    const extra = file('extra2.yml', home.stdout);
    const e = afo(['config', '-i', inv, '-e', `@${extra}`, '--vault-password-file', pw]);
    expect(e.status, e.stderr).toBe(0);
    expect(e.stdout).toContain('value="/srv/from-extra/install/app"');
  });

  it('without a password, or with a wrong one: afo config names the file and line and what to pass', () => {
    const r = ansible('ansible-vault', ['encrypt_string', '--vault-password-file', pw, '--name', 'clusterName', 'v']);
    const inv = ogInventory('og-nopw', r.stdout);
    const gv = join(dir, 'og-nopw', 'group_vars', 'all.yml');
    const none = afo(['config', '-i', inv]);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(
      `afo: error: ${gv}:4: is encrypted with Ansible Vault and no vault password was given: pass --vault-password-file FILE, --vault-id [LABEL@]FILE or --ask-vault-pass (-J), or set AFO_VAULT_PASSWORD_FILE\n`,
    );
    const bad = afo(['config', '-i', inv, '--vault-password-file', wrong]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`^afo: error: ${gv}:4: Decryption failed`));
    expect(bad.stdout).toBe('');
  });
});

describe('afo config reads a vaulted group_vars file and an inline !vault value', () => {
  it('renders the XML with the decrypted values, and refuses without the password', () => {
    const d = join(dir, 'og');
    mkdirSync(join(d, 'group_vars'), { recursive: true });
    writeFileSync(
      join(d, 'hosts.ini'),
      '[opengauss_primary]\n192.168.56.11\n[opengauss_standby]\n192.168.56.12\n[opengauss:children]\nopengauss_primary\nopengauss_standby\n',
    );
    const whole = join(d, 'group_vars', 'opengauss.yml');
    writeFileSync(whole, 'opengauss_home: /srv/vaulted-home\n');
    expect(ansible('ansible-vault', ['encrypt', '--vault-password-file', pw, whole]).status).toBe(0);
    const name = ansible('ansible-vault', ['encrypt_string', '--vault-password-file', pw, '--name', 'clusterName', 'vaultedCluster']).stdout;
    writeFileSync(
      join(d, 'group_vars', 'all.yml'),
      `opengauss_env:\n  user_name: omm\n  user_group: dbgrp\n${name.trimEnd().replace(/^/gm, '  ')}
  dataPortBase: 15400\n  cmServerPortBase: 15300\n  azName: AZ1\n  azPriority: 1\n  syncNum: 0\n`,
    );
    const inv = join(d, 'hosts.ini');
    const r = afo(['config', '-i', inv, '--vault-password-file', pw]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('<PARAM name="clusterName" value="vaultedCluster"/>');
    expect(r.stdout).toContain('value="/srv/vaulted-home/install/app"');
    const none = afo(['config', '-i', inv]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/group_vars\/all\.yml:4: is encrypted with Ansible Vault and no vault password was given: pass --vault-password-file/);
    expect(none.stdout).toBe('');
  });
});
