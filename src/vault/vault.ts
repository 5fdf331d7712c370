/**
 * Encrypting and decrypting vault texts with the passwords the user gave (docs/architecture.md
 * §8). As in Ansible, a vault id in a 1.2 text only picks which password is tried first: the id
 * is not signed, so every password is tried before giving up.
 */
import { UserError } from '../errors.js';
import { open, seal } from './crypto.js';
import { formatEnvelope, parseEnvelope } from './format.js';

/** One vault password and where it came from (for messages; never the password itself). */
export interface VaultSecret {
  /** The vault id (`default` unless given as `--vault-id label@source`). */
  id: string;
  password: Buffer;
  /** Where the password came from, e.g. `--vault-password-file ~/.vault_pass` or `the prompt`. */
  source: string;
}

export type VaultSecrets = readonly VaultSecret[];

/** The flags that give a vault password, for error messages. */
export const VAULT_PASSWORD_HELP = 'pass --vault-password-file FILE, --vault-id [LABEL@]FILE or --ask-vault-pass (-J), or set AFO_VAULT_PASSWORD_FILE';

/**
 * The plaintext of a vault text. `what` names it in errors (a file, or `file:line` for a `!vault`
 * value). @throws UserError (input) without a password, with a wrong one, or for a damaged text.
 */
export function decryptVault(text: string, secrets: VaultSecrets | undefined, what: string): Buffer {
  return openVault(text, secrets, what).plaintext;
}

/**
 * The vault passwords of one command, and the `!vault` values they opened: those are secrets
 * whatever their variable is called, so runs hide them in their output (docs/architecture.md §8).
 */
export class Vault {
  readonly revealed = new Set<string>();
  constructor(readonly secrets: VaultSecrets) {}

  /** A `!vault` value's plaintext, remembered as a secret. */
  revealValue(text: string, what: string): string {
    const plain = decryptVault(text, this.secrets, what).toString('utf8');
    this.revealed.add(plain);
    return plain;
  }
}

/** {@link decryptVault}, also telling which password opened it (`afo vault edit` re-encrypts with it). */
export function openVault(text: string, secrets: VaultSecrets | undefined, what: string): { plaintext: Buffer; secret: VaultSecret } {
  const env = parseEnvelope(text, what);
  if (env.cipher !== 'AES256') throw new UserError(`${what}: vault cipher ${env.cipher} is not supported (Ansible writes AES256)`);
  if (!secrets || secrets.length === 0) {
    throw new UserError(`${what}: is encrypted with Ansible Vault and no vault password was given: ${VAULT_PASSWORD_HELP}`);
  }
  const ordered = [...secrets.filter((s) => s.id === env.id), ...secrets.filter((s) => s.id !== env.id)];
  for (const s of ordered) {
    const plaintext = open(env, s.password);
    if (plaintext) return { plaintext, secret: s };
  }
  const from = [...new Set(secrets.map((s) => s.source))].join(', ');
  throw new UserError(
    `${what}: Decryption failed${env.id ? ` (vault id '${env.id}')` : ''}: the vault password from ${from} does not open it; give the password it was encrypted with`,
  );
}

/** The vault text of `plaintext`, encrypted with `secret` (version 1.2 with its id unless that is `default`). */
export function encryptVault(plaintext: Buffer | string, secret: VaultSecret): string {
  const sealed = seal(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext, secret.password);
  return formatEnvelope({ cipher: 'AES256', ...(secret.id !== 'default' ? { id: secret.id } : {}), ...sealed });
}
