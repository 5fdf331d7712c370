/** Where vault passwords come from (docs/architecture.md §8): files, scripts, the prompt, the environment. */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vaultSecrets, type VaultAsk } from '../../../src/cli/vault-flags.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'afo-vault-flags-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tty = (answers: string[], env: NodeJS.ProcessEnv = {}): VaultAsk & { asked: string[] } => {
  const asked: string[] = [];
  return { isTTY: true, env, asked, ask: async (q) => (asked.push(q), answers.shift() ?? '') };
};
const file = (name: string, text: string, mode = 0o600): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  chmodSync(p, mode);
  return p;
};
const shown = (s: Awaited<ReturnType<typeof vaultSecrets>>) => s?.map((x) => [x.id, x.password.toString(), x.source]);

describe('vaultSecrets', () => {
  it('none without flags or environment', async () => {
    expect(await vaultSecrets({}, tty([]))).toBeUndefined();
  });

  it('reads files (whitespace around the password dropped), --vault-id labels, then the prompt, then the environment', async () => {
    const a = file('a', '  pw-a \n');
    const b = file('b', 'pw-b');
    const e = file('e', 'pw-env\r\n');
    const io = tty(['typed'], { AFO_VAULT_PASSWORD_FILE: e });
    const s = await vaultSecrets({ vaultPasswordFile: [a], vaultId: [`prod@${b}`, 'dev@prompt'], askVaultPass: false }, io);
    expect(shown(s)).toEqual([
      ['prod', 'pw-b', `--vault-id ${b}`],
      ['dev', 'typed', 'the prompt'],
      ['default', 'pw-a', `--vault-password-file ${a}`],
      ['default', 'pw-env', `$AFO_VAULT_PASSWORD_FILE ${e}`],
    ]);
    expect(io.asked).toEqual(['Vault password (dev): ']);
  });

  it('runs an executable file; a *-client script gets --vault-id', async () => {
    const plain = file('pass.sh', '#!/bin/sh\necho from-script\n', 0o700);
    const client = file('vault-client.sh', '#!/bin/sh\necho "client:$2"\n', 0o700);
    expect(shown(await vaultSecrets({ vaultPasswordFile: [plain], vaultId: [`prod@${client}`] }, tty([])))).toEqual([
      ['prod', 'client:prod', `--vault-id ${client}`],
      ['default', 'from-script', `--vault-password-file ${plain}`],
    ]);
    const failing = file('fail.sh', '#!/bin/sh\nexit 3\n', 0o700);
    await expect(vaultSecrets({ vaultPasswordFile: [failing] }, tty([]))).rejects.toThrow(
      `--vault-password-file ${failing}: the vault password script exited with 3`,
    );
  });

  it('refuses a missing file, an empty password, a prompt without a terminal, and a mistyped confirmation', async () => {
    await expect(vaultSecrets({ vaultPasswordFile: [join(dir, 'nope')] }, tty([]))).rejects.toThrow(/nope: the vault password file was not found/);
    await expect(vaultSecrets({ vaultPasswordFile: [file('empty', '\n')] }, tty([]))).rejects.toThrow(/the vault password is empty/);
    await expect(vaultSecrets({ askVaultPass: true }, { ...tty(['x']), isTTY: false })).rejects.toThrow(
      /--ask-vault-pass needs a terminal.*--vault-password-file FILE or \$AFO_VAULT_PASSWORD_FILE/,
    );
    await expect(vaultSecrets({ askVaultPass: true }, tty(['one', 'two']), true)).rejects.toThrow('the vault passwords do not match; nothing was written');
    const io = tty(['same', 'same']);
    expect(shown(await vaultSecrets({ askVaultPass: true }, io, true))).toEqual([['default', 'same', 'the prompt']]);
    expect(io.asked).toEqual(['New Vault password: ', 'Confirm New Vault password: ']);
  });
});
