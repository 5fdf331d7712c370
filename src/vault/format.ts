/**
 * The Ansible Vault text format (docs/architecture.md §8): a header line
 * `$ANSIBLE_VAULT;1.1;AES256` (or `1.2;AES256;<vault id>`), then the body, hex, in lines of 80
 * columns. The body's bytes are three lines: the salt, the HMAC and the ciphertext, each in hex
 * again (the double hex is Ansible's format, kept for compatibility).
 */
import { UserError } from '../errors.js';

export const VAULT_HEADER = '$ANSIBLE_VAULT';

/** The parts of one vault text. */
export interface VaultEnvelope {
  /** '1.1' or '1.2' (1.2 carries a vault id). */
  version: string;
  /** 'AES256' (the only cipher Ansible writes or reads). */
  cipher: string;
  /** The vault id of a 1.2 text (a label, not checked cryptographically). */
  id?: string;
  salt: Buffer;
  /** The HMAC-SHA256 of the ciphertext. */
  hmac: Buffer;
  ciphertext: Buffer;
}

/** True when `text` is vault-encrypted data (Ansible's is_encrypted: it starts with the header). */
export function isVaultText(text: string): boolean {
  return text.trimStart().startsWith(VAULT_HEADER);
}

function unhex(hex: string, what: string, part: string): Buffer {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new UserError(`${what}: not a valid Ansible vault (the ${part} is not hex); the file is damaged or was edited by hand`);
  }
  return Buffer.from(hex, 'hex');
}

/** Splits a vault text into its parts. @throws UserError naming `what` when the text is not a vault. */
export function parseEnvelope(text: string, what: string): VaultEnvelope {
  const lines = text.trim().split(/\r\n|\r|\n/);
  const header = (lines[0] ?? '').trim().split(';');
  if (header[0] !== VAULT_HEADER || header.length < 3) {
    throw new UserError(`${what}: not an Ansible vault (the first line must be ${VAULT_HEADER};1.1;AES256 or ${VAULT_HEADER};1.2;AES256;<vault id>)`);
  }
  const version = header[1]!.trim();
  const cipher = header[2]!.trim();
  const id = header[3]?.trim();
  const body = unhex(
    lines
      .slice(1)
      .map((l) => l.trim())
      .join(''),
    what,
    'body',
  ).toString('latin1');
  const first = body.indexOf('\n');
  const second = first < 0 ? -1 : body.indexOf('\n', first + 1);
  if (second < 0) throw new UserError(`${what}: not a valid Ansible vault (the body must hold the salt, the HMAC and the data); the file is damaged`);
  return {
    version,
    cipher,
    ...(id ? { id } : {}),
    salt: unhex(body.slice(0, first), what, 'salt'),
    hmac: unhex(body.slice(first + 1, second), what, 'HMAC'),
    ciphertext: unhex(body.slice(second + 1), what, 'data'),
  };
}

/**
 * The vault text of `env`, as ansible-vault writes it: version 1.2 when there is a vault id other
 * than `default`, else 1.1; the body in 80-column lines; a final newline.
 */
export function formatEnvelope(env: Omit<VaultEnvelope, 'version'>): string {
  const withId = env.id !== undefined && env.id !== '' && env.id !== 'default';
  const header = [VAULT_HEADER, withId ? '1.2' : '1.1', env.cipher, ...(withId ? [env.id] : [])].join(';');
  const inner = [env.salt.toString('hex'), env.hmac.toString('hex'), env.ciphertext.toString('hex')].join('\n');
  const hex = Buffer.from(inner, 'latin1').toString('hex');
  const lines = [header];
  for (let i = 0; i < hex.length; i += 80) lines.push(hex.slice(i, i + 80));
  return `${lines.join('\n')}\n`;
}
