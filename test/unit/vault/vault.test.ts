/**
 * The Ansible Vault format and cipher (docs/architecture.md §8), checked against texts that
 * ansible-vault 2.14 wrote (the differential tests in test/integration/vault run the real tool).
 */
import { describe, expect, it } from 'vitest';
import { decryptVault, encryptVault, formatEnvelope, isVaultText, parseEnvelope, type VaultSecret } from '../../../src/vault/index.js';
import { open, seal } from '../../../src/vault/crypto.js';

const secret = (password: string, id = 'default'): VaultSecret => ({ id, password: Buffer.from(password), source: 'the test' });

/** `ansible-vault encrypt` of "db_pass: s3cr3t\n" with the password hunter2. */
const FILE_11 = `$ANSIBLE_VAULT;1.1;AES256
63393062656137303063366661323632373062663931613836336462613533323035653661303736
6161373866376566646633373661663533313637343562350a346563303135653066636633646137
62373064306564623637393038363039393039643031333863643964333063356264643037646264
6436656262623163320a666239323234363862663333666332336161323162613836623763356661
36333266333439623962363637343763306164333431643435306139303263613165
`;

/** `ansible-vault encrypt_string --vault-id prod@… 'héllo'` (password hunter2), as YAML indents it. */
const STRING_12 = `$ANSIBLE_VAULT;1.2;AES256;prod
          39653936393134616464366636656366656637623364356134303662343631363563623164313065
          3632313439356332356363393130333661333966323630610a613633346539323464373430623562
          30623339363439323666633734613462383264313337396431316263316639366565396531343938
          3234626662313834320a326536333635353335306238613730636239313764313365393437383061
          6661`;

describe('vault format', () => {
  it('reads a 1.1 and a 1.2 header, the salt, HMAC and data', () => {
    const a = parseEnvelope(FILE_11, 'v.yml');
    expect([a.version, a.cipher, a.id, a.salt.length, a.hmac.length, a.ciphertext.length]).toEqual(['1.1', 'AES256', undefined, 32, 32, 32]);
    const b = parseEnvelope(STRING_12, 'x');
    expect([b.version, b.id]).toEqual(['1.2', 'prod']);
  });

  it('writes what it reads, byte for byte, in 80-column lines with a final newline', () => {
    expect(formatEnvelope(parseEnvelope(FILE_11, 'v.yml'))).toBe(FILE_11);
    const text = formatEnvelope(parseEnvelope(STRING_12, 'x'));
    expect(text.startsWith('$ANSIBLE_VAULT;1.2;AES256;prod\n')).toBe(true);
    expect(
      text
        .split('\n')
        .slice(1, -2)
        .every((l) => l.length === 80),
    ).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('tells vault text from other text', () => {
    expect(isVaultText(FILE_11)).toBe(true);
    expect(isVaultText('a: $ANSIBLE_VAULT\n')).toBe(false);
  });

  it('names the file when the text is damaged', () => {
    expect(() => parseEnvelope('$ANSIBLE_VAULT;1.1\n00\n', 'g.yml')).toThrow(/^g\.yml: not an Ansible vault/);
    expect(() => parseEnvelope('$ANSIBLE_VAULT;1.1;AES256\nzz\n', 'g.yml')).toThrow(/^g\.yml: not a valid Ansible vault \(the body is not hex\)/);
    expect(() => parseEnvelope('$ANSIBLE_VAULT;1.1;AES256\n6162\n', 'g.yml')).toThrow(/^g\.yml: not a valid Ansible vault \(the body must hold/);
  });
});

describe('vault cipher', () => {
  it("decrypts ansible-vault's file and string", () => {
    expect(decryptVault(FILE_11, [secret('hunter2')], 'v.yml').toString()).toBe('db_pass: s3cr3t\n');
    expect(decryptVault(STRING_12, [secret('hunter2', 'prod')], 'x').toString()).toBe('héllo');
  });

  it('decrypts a 1.2 text with a password of another id (the id only orders the tries, as in Ansible)', () => {
    expect(decryptVault(STRING_12, [secret('wrong', 'prod'), secret('hunter2', 'dev')], 'x').toString()).toBe('héllo');
  });

  it('round-trips every padding length, and is salted (two encryptions differ)', () => {
    for (let n = 0; n <= 33; n++) {
      const text = 'x'.repeat(n);
      const sealed = encryptVault(text, secret('pw'));
      expect(decryptVault(sealed, [secret('pw')], 'f').toString()).toBe(text);
    }
    expect(encryptVault('same', secret('pw'))).not.toBe(encryptVault('same', secret('pw')));
  });

  it('writes 1.1 for the default id and 1.2 with a label', () => {
    expect(encryptVault('a', secret('pw')).split('\n')[0]).toBe('$ANSIBLE_VAULT;1.1;AES256');
    expect(encryptVault('a', secret('pw', 'prod')).split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;prod');
  });

  it('is deterministic for a given salt (PBKDF2-SHA256 → AES-256-CTR + HMAC-SHA256)', () => {
    const salt = Buffer.alloc(32, 7);
    const a = seal(Buffer.from('data'), Buffer.from('pw'), salt);
    expect(seal(Buffer.from('data'), Buffer.from('pw'), salt)).toEqual(a);
    expect(a.ciphertext.length).toBe(16);
    expect(open(a, Buffer.from('pw'))?.toString()).toBe('data');
    expect(open(a, Buffer.from('other'))).toBeUndefined();
  });

  it('refuses a wrong password and a missing one with what to do, never showing the password', () => {
    const wrong = () => decryptVault(FILE_11, [{ ...secret('nope'), source: '--vault-password-file /p' }], 'group_vars/all.yml');
    expect(wrong).toThrow(/^group_vars\/all\.yml: Decryption failed: the vault password from --vault-password-file \/p does not open it/);
    expect(wrong).not.toThrow(/nope/);
    expect(() => decryptVault(STRING_12, [secret('nope', 'prod')], 'g.yml:3')).toThrow(/^g\.yml:3: Decryption failed \(vault id 'prod'\)/);
    expect(() => decryptVault(FILE_11, undefined, 'g.yml')).toThrow(
      /^g\.yml: is encrypted with Ansible Vault and no vault password was given: pass --vault-password-file FILE.*AFO_VAULT_PASSWORD_FILE/,
    );
  });
});
