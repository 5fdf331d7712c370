/**
 * The vault password flags every command that reads inventory or vars files takes
 * (docs/architecture.md §8): `--vault-password-file FILE` and `--vault-id [LABEL@]FILE|prompt`
 * (repeatable), `-J/--ask-vault-pass`, and `$AFO_VAULT_PASSWORD_FILE`. The passwords are read
 * once, before anything runs; they never appear in argv (a file or the prompt gives them).
 */
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { parseVaultId, readPasswordFile, Vault, type VaultSecret } from '../vault/index.js';
import { promptSecret } from './prompt.js';

export interface VaultFlags {
  vaultPasswordFile?: string[];
  vaultId?: string[];
  askVaultPass?: boolean;
}

/** How passwords are asked (tests pass fakes). */
export interface VaultAsk {
  isTTY: boolean;
  ask(question: string): Promise<string>;
  env: NodeJS.ProcessEnv;
}

export const ENV_VAULT_PASSWORD_FILE = 'AFO_VAULT_PASSWORD_FILE';

const terminal = (): VaultAsk => ({ isTTY: process.stdin.isTTY === true, ask: (q) => promptSecret(q), env: process.env });
const collect = (v: string, acc: string[] = []) => [...acc, v];

/** Adds --vault-password-file, --vault-id and -J/--ask-vault-pass to `cmd`. */
export function withVaultFlags(cmd: Command): Command {
  return cmd
    .option('--vault-password-file <file>', `vault password file, or a script printing it (repeatable; else $${ENV_VAULT_PASSWORD_FILE})`, collect)
    .option('--vault-id <[label@]file|prompt>', 'a vault password with its vault id (repeatable)', collect)
    .option('-J, --ask-vault-pass', 'ask for the vault password (on a terminal, without echo)');
}

async function prompted(id: string, io: VaultAsk, confirm: boolean): Promise<VaultSecret> {
  if (!io.isTTY) {
    throw new UserError(
      `--ask-vault-pass needs a terminal to ask on, and stdin is not one: give the password in a file with --vault-password-file FILE or $${ENV_VAULT_PASSWORD_FILE}`,
    );
  }
  const label = id === 'default' ? '' : ` (${id})`;
  const pw = await io.ask(`${confirm ? 'New ' : ''}Vault password${label}: `);
  if (confirm && (await io.ask(`Confirm ${confirm ? 'New ' : ''}Vault password${label}: `)) !== pw) {
    throw new UserError('the vault passwords do not match; nothing was written');
  }
  if (pw === '') throw new UserError('the vault password is empty');
  return { id, password: Buffer.from(pw, 'utf8'), source: 'the prompt' };
}

/**
 * The vault passwords the flags give, in order (the first encrypts): --vault-id, then
 * --vault-password-file, then the prompt, then $AFO_VAULT_PASSWORD_FILE. Undefined when none.
 * `confirm` asks a prompted password twice (for encrypting).
 */
export async function vaultSecrets(f: VaultFlags, io: VaultAsk = terminal(), confirm = false): Promise<VaultSecret[] | undefined> {
  const out: VaultSecret[] = [];
  for (const spec of f.vaultId ?? []) {
    const { id, source } = parseVaultId(spec);
    out.push(source === 'prompt' ? await prompted(id, io, confirm) : readPasswordFile(source, '--vault-id', id));
  }
  for (const file of f.vaultPasswordFile ?? []) out.push(readPasswordFile(file, '--vault-password-file'));
  if (f.askVaultPass) out.push(await prompted('default', io, confirm));
  const envFile = io.env[ENV_VAULT_PASSWORD_FILE];
  if (envFile) out.push(readPasswordFile(envFile, `$${ENV_VAULT_PASSWORD_FILE}`));
  return out.length > 0 ? out : undefined;
}

/** The command's {@link Vault} (passwords and the values they open), or undefined without a password. */
export async function vaultFrom(f: VaultFlags, io: VaultAsk = terminal()): Promise<Vault | undefined> {
  const secrets = await vaultSecrets(f, io);
  return secrets ? new Vault(secrets) : undefined;
}
