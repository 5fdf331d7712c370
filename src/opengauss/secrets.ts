/**
 * The control machine's secrets file for a cluster (docs/opengauss.md §2.3, §7.6): generated
 * passwords are kept in `<inventory dir>/credentials/opengauss.yml` (mode 0600, directory
 * 0700) and reused by later runs; values the user gives in variables win and are recorded, so
 * the file always holds what the cluster was installed with. Where the file has no value, the
 * Ansible original's password files beside it are read (original-credentials.ts). With a vault
 * password the file is kept as an Ansible vault (docs/architecture.md §8): it is read either way,
 * and written (or rewritten, when it was plain) encrypted with the first vault password.
 */
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { UserError } from '../errors.js';
import { decryptVault, encryptVault, isVaultText, type Vault } from '../vault/index.js';
import { readOriginalCredentials } from './original-credentials.js';
import { generateCaPassword, generateDbPassword, generateOsPassword, validateCaPassword, validateDbPassword, validateOsPassword } from './passwords.js';

/** The three openGauss secrets. File keys are AFO's variable leaf names. */
export interface OpenGaussSecrets {
  /** OS user (omm) password: `opengauss_env.user_pass`. */
  user_pass: string;
  /** DB initial-user password: `opengauss_db_set.root_pass`. */
  root_pass: string;
  /** CM CA certificate password: `opengauss_env.ca_file_pass`. */
  ca_file_pass: string;
}

export type SecretKey = keyof OpenGaussSecrets;

/** The variable each secret can be given with, for messages. */
export const SECRET_VARS: Readonly<Record<SecretKey, string>> = {
  user_pass: 'opengauss_env.user_pass',
  root_pass: 'opengauss_db_set.root_pass',
  ca_file_pass: 'opengauss_env.ca_file_pass',
};

const KEYS: SecretKey[] = ['user_pass', 'root_pass', 'ca_file_pass'];

export interface SecretsOptions {
  /** Directory of the inventory file; the secrets live in `<dir>/credentials/opengauss.yml`. */
  inventoryDir: string;
  /** The OS user, which is also the DB initial user (`omm`). */
  userName: string;
  /** Values from variables; they win over the file and are written to it. */
  given?: Partial<OpenGaussSecrets>;
  /** Vault passwords: the file is read with them and written encrypted with the first. */
  vault?: Vault;
  /** False under --check: the values are read or drawn for this run only and nothing is written (docs/opengauss.md §2.3). */
  write?: boolean;
}

export interface SecretsResult {
  secrets: OpenGaussSecrets;
  /** The file's path (print it: it is where the user finds the passwords). */
  path: string;
  /** Keys generated in this call. */
  generated: SecretKey[];
  /** Keys taken from the Ansible original's password files, with the file read. */
  fromOriginal: Partial<Record<SecretKey, string>>;
  /** True when the file was written (created or changed). */
  written: boolean;
}

/** `<inventoryDir>/credentials/opengauss.yml`. */
export function secretsPath(inventoryDir: string): string {
  return join(inventoryDir, 'credentials', 'opengauss.yml');
}

/**
 * openGauss refuses such a password, so nothing was installed with it: a file the Ansible
 * original's lookup('password') drew can be deleted and drawn again (docs/opengauss.md §2.3).
 */
const REDRAW_ADVICE =
  '.\nIf it came from a credentials file (the Ansible original draws its passwords into' +
  " credentials/ with lookup('password')), delete that file and run afo again: afo draws a new" +
  ' password that meets the rule. Otherwise set a password that does.';

function problem(key: SecretKey, value: string, userName: string): string | undefined {
  if (key === 'root_pass') return validateDbPassword(value, userName);
  if (key === 'ca_file_pass') return validateCaPassword(value);
  return validateOsPassword(value);
}

function generate(key: SecretKey, userName: string): string {
  if (key === 'root_pass') return generateDbPassword(userName);
  if (key === 'ca_file_pass') return generateCaPassword();
  return generateOsPassword(userName);
}

interface Stored {
  values: Partial<OpenGaussSecrets>;
  encrypted: boolean;
}

async function readStored(path: string, vault: Vault | undefined): Promise<Stored | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(`cannot read the secrets file ${path}: ${(e as Error).message}`);
  }
  const encrypted = isVaultText(text);
  if (encrypted) text = decryptVault(text, vault?.secrets, path).toString('utf8');
  return { values: parseStored(path, text), encrypted };
}

function parseStored(path: string, text: string): Partial<OpenGaussSecrets> {
  let data: unknown;
  try {
    data = parse(text);
  } catch (e) {
    throw new UserError(`${path}: not valid YAML (${(e as Error).message.split('\n')[0]}); fix or delete it`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new UserError(`${path}: expected a mapping of ${KEYS.join(', ')}`);
  const stored: Partial<OpenGaussSecrets> = {};
  for (const key of KEYS) {
    const v = (data as Record<string, unknown>)[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new UserError(`${path}: ${key} must be a string (quote it)`);
    stored[key] = v;
  }
  return stored;
}

/** Writes via a 0600 temp file and rename, so the secrets are never readable by others, even briefly. */
async function writeSecrets(path: string, secrets: OpenGaussSecrets, vault: Vault | undefined): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const header =
    '# openGauss secrets for this inventory, kept by afo (mode 0600). Reused by later runs;\n' +
    '# variables (opengauss_env.user_pass, opengauss_db_set.root_pass, opengauss_env.ca_file_pass) win.\n';
  const tmp = `${path}.${process.pid}.tmp`;
  const text = header + stringify(secrets);
  await writeFile(tmp, vault?.secrets[0] ? encryptVault(text, vault.secrets[0]) : text, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

/**
 * Returns the cluster's secrets: given values, else stored ones, else freshly generated; writes
 * the file when anything changed and keeps it at mode 0600.
 * @throws UserError when a given or stored value breaks openGauss's password rules, or the file is unreadable.
 */
export async function loadOrCreateSecrets(opts: SecretsOptions): Promise<SecretsResult> {
  const path = secretsPath(opts.inventoryDir);
  const read = await readStored(path, opts.vault);
  const stored = read?.values;
  const original = readOriginalCredentials(opts.inventoryDir);
  const secrets = {} as OpenGaussSecrets;
  const generated: SecretKey[] = [];
  const fromOriginal: SecretsResult['fromOriginal'] = {};
  for (const key of KEYS) {
    const given = opts.given?.[key];
    const kept = given ?? stored?.[key];
    const value = kept ?? original.values[key];
    if (kept === undefined && value !== undefined) fromOriginal[key] = original.files[key]!;
    if (value === undefined) {
      secrets[key] = generate(key, opts.userName);
      generated.push(key);
      continue;
    }
    const bad = problem(key, value, opts.userName);
    if (bad !== undefined) {
      const where = given !== undefined ? `variable ${SECRET_VARS[key]}` : (fromOriginal[key] ?? `${path}: ${key}`);
      throw new UserError(`${where}: the password ${bad}${key === 'user_pass' ? '' : REDRAW_ADVICE}`);
    }
    secrets[key] = value;
  }
  // A plain file is encrypted as soon as a vault password is given (docs/architecture.md §8).
  const due = stored === undefined || KEYS.some((k) => stored[k] !== secrets[k]) || (opts.vault !== undefined && !read?.encrypted);
  const written = due && opts.write !== false;
  if (written) await writeSecrets(path, secrets, opts.vault);
  else if (read !== undefined && opts.write !== false && ((await stat(path)).mode & 0o777) !== 0o600) await chmod(path, 0o600);
  return { secrets, path, generated, fromOriginal, written };
}
