import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { UserError } from '../../../src/errors.js';
import { validateCaPassword, validateDbPassword } from '../../../src/opengauss/passwords.js';
import { loadOrCreateSecrets, secretsPath } from '../../../src/opengauss/secrets.js';
import { decryptVault, Vault } from '../../../src/vault/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'afo-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

describe('loadOrCreateSecrets', () => {
  it('creates credentials/opengauss.yml with mode 0600 (dir 0700) and valid generated values', async () => {
    const r = await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm' });
    expect(r.path).toBe(join(dir, 'credentials', 'opengauss.yml'));
    expect(r.path).toBe(secretsPath(dir));
    expect(r.written).toBe(true);
    expect(r.generated).toEqual(['user_pass', 'root_pass', 'ca_file_pass']);
    expect(mode(r.path)).toBe(0o600);
    expect(mode(join(dir, 'credentials'))).toBe(0o700);
    expect(parse(readFileSync(r.path, 'utf8'))).toEqual(r.secrets);
    expect(validateDbPassword(r.secrets.root_pass, 'omm')).toBeUndefined();
    expect(validateCaPassword(r.secrets.ca_file_pass)).toBeUndefined();
  });

  it('check mode (write: false) writes nothing beside the inventory: drawn values are for that run only; stored ones are read (issue 12)', async () => {
    const r = await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm', write: false });
    expect(r.generated).toEqual(['user_pass', 'root_pass', 'ca_file_pass']);
    expect(r.written).toBe(false);
    expect(existsSync(join(dir, 'credentials'))).toBe(false);
    const kept = await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm' });
    const given = await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm', given: { root_pass: 'Given_Pass1' }, write: false });
    expect(given.secrets).toEqual({ ...kept.secrets, root_pass: 'Given_Pass1' });
    expect(parse(readFileSync(kept.path, 'utf8'))).toEqual(kept.secrets);
  });

  it('reuses the stored values on the next run and does not rewrite the file', async () => {
    const first = await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm' });
    const before = readFileSync(first.path, 'utf8');
    const second = await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm' });
    expect(second.secrets).toEqual(first.secrets);
    expect(second.generated).toEqual([]);
    expect(second.written).toBe(false);
    expect(readFileSync(first.path, 'utf8')).toBe(before);
  });

  it('user-given values win, are recorded, and missing keys are filled in', async () => {
    const first = await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm' });
    const r = await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm', given: { root_pass: 'Given_Pass1' } });
    expect(r.secrets).toEqual({ ...first.secrets, root_pass: 'Given_Pass1' });
    expect(r.written).toBe(true);
    expect(parse(readFileSync(r.path, 'utf8')).root_pass).toBe('Given_Pass1');

    // through the YAML writer: a generated password may start with '@' or '%', which plain YAML refuses
    writeFileSync(r.path, stringify({ user_pass: first.secrets.user_pass }));
    const filled = await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm' });
    expect(filled.secrets.user_pass).toBe(first.secrets.user_pass);
    expect(filled.generated).toEqual(['root_pass', 'ca_file_pass']);
  });

  it('given values with YAML/shell metacharacters survive the file round trip', async () => {
    const odd = `@x: #y 'q' "d" $v \\ -`;
    await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm', given: { user_pass: odd } });
    expect((await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm' })).secrets.user_pass).toBe(odd);
  });

  it('tightens a file that became group/world readable', async () => {
    const r = await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm' });
    chmodSync(r.path, 0o644);
    await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm' });
    expect(mode(r.path)).toBe(0o600);
  });

  it('a weak given value is a UserError naming the variable', async () => {
    await expect(loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm', given: { ca_file_pass: 'abcdefgh' } })).rejects.toThrow(
      /variable opengauss_env.ca_file_pass: the password needs at least 3/,
    );
  });

  it('a broken or hand-edited file is a UserError naming the file', async () => {
    mkdirSync(join(dir, 'credentials'));
    writeFileSync(secretsPath(dir), 'root_pass: [1, 2\n');
    await expect(loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm' })).rejects.toThrow(UserError);
    writeFileSync(secretsPath(dir), 'root_pass: omm\n');
    await expect(loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm' })).rejects.toThrow(
      /opengauss.yml: root_pass: the password must not be the user name/,
    );
    writeFileSync(secretsPath(dir), 'root_pass: 12345678\n');
    await expect(loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm' })).rejects.toThrow(/root_pass must be a string/);
  });
});

describe('the secrets file as an Ansible vault (docs/architecture.md §8)', () => {
  const key = { id: 'default', password: Buffer.from('vault-pw'), source: '--vault-password-file p' };
  const vault = new Vault([key]);

  it('is written encrypted with a vault password, read back with it, and refused without it', async () => {
    const first = await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm', vault });
    const text = readFileSync(first.path, 'utf8');
    expect(text.startsWith('$ANSIBLE_VAULT;1.1;AES256\n')).toBe(true);
    expect(text).not.toContain(first.secrets.root_pass);
    expect(mode(first.path)).toBe(0o600);
    expect(parse(decryptVault(text, vault.secrets, first.path).toString())).toEqual(first.secrets);
    const second = await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm', vault });
    expect(second.secrets).toEqual(first.secrets);
    expect(second.written).toBe(false);
    expect(readFileSync(first.path, 'utf8')).toBe(text);
    await expect(loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm' })).rejects.toThrow(
      /opengauss\.yml: is encrypted with Ansible Vault and no vault password was given/,
    );
    const wrong = new Vault([{ ...key, password: Buffer.from('nope') }]);
    await expect(loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm', vault: wrong })).rejects.toThrow(/opengauss\.yml: Decryption failed/);
    expect(readFileSync(first.path, 'utf8')).toBe(text);
  });

  it('encrypts a plain file once a vault password is given, keeping its values', async () => {
    const plain = await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm' });
    expect(readFileSync(plain.path, 'utf8')).toContain(plain.secrets.root_pass);
    const again = await loadOrCreateSecrets({ inventoryDir: dir, userName: 'omm', vault });
    expect(again.secrets).toEqual(plain.secrets);
    expect(again.written).toBe(true);
    expect(readFileSync(plain.path, 'utf8').startsWith('$ANSIBLE_VAULT;')).toBe(true);
  });
});
