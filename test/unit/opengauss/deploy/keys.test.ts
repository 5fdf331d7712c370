import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureKeyPair } from '../../../../src/opengauss/deploy/keys.js';

describe('ensureKeyPair', () => {
  it('write=false (--check): a usable key pair, nothing left in the credentials directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afo-keys-'));
    const cred = join(dir, 'credentials');
    const k = await ensureKeyPair(cred, 'opengauss_id_om', 'afo-test', false);
    expect(k.publicKey).toMatch(/^ssh-ed25519 \S+ afo-test$/);
    expect(k.privateKey).toContain('OPENSSH PRIVATE KEY');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('write=true: created once, then reused', async () => {
    const cred = join(mkdtempSync(join(tmpdir(), 'afo-keys-')), 'credentials');
    const a = await ensureKeyPair(cred, 'k', 'afo-test');
    expect(readdirSync(cred).sort()).toEqual(['k', 'k.pub']);
    const b = await ensureKeyPair(cred, 'k', 'afo-test', false);
    expect(b).toEqual(a);
  });
});
