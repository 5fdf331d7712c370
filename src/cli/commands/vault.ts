/**
 * `afo vault encrypt|decrypt|view|edit|encrypt_string`: Ansible Vault files and values, readable
 * by ansible-vault and the other way round (docs/architecture.md §8). Every input is read and
 * converted before anything is written, so a wrong password or a bad file changes nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { shlexSplit } from '../../text/shlex.js';
import { encryptVault, isVaultText, openVault, readVaultInput, VAULT_PASSWORD_HELP, writeFileKeepingMode, type VaultSecret } from '../../vault/index.js';
import { vaultSecrets, withVaultFlags, type VaultFlags } from '../vault-flags.js';
import type { SetExit } from './index.js';

interface Flags extends VaultFlags {
  output?: string;
  name?: string;
}

const note = (t: string) => process.stderr.write(`${t}\n`);

async function passwords(f: Flags, what: string, confirm = false): Promise<VaultSecret[]> {
  const s = await vaultSecrets(f, undefined, confirm);
  if (!s) throw new UserError(`afo vault ${what}: no vault password was given: ${VAULT_PASSWORD_HELP}`);
  return s;
}

function vaulted(data: Buffer): boolean {
  return isVaultText(data.subarray(0, 64).toString('latin1'));
}

/** Writes each (file, data) to --output (`-` is stdout) or in place; only after all were converted. */
function writeAll(results: Array<[string, Buffer | string]>, output: string | undefined): void {
  for (const [file, data] of results) {
    if (output === '-') process.stdout.write(data);
    else writeFileKeepingMode(output ?? file, data);
  }
}

function oneOutput(files: string[], f: Flags, what: string): void {
  if (f.output !== undefined && files.length !== 1) throw new UserError(`afo vault ${what}: --output takes exactly one input file`);
}

async function encrypt(files: string[], f: Flags): Promise<number> {
  oneOutput(files, f, 'encrypt');
  const [secret] = await passwords(f, 'encrypt', true);
  const results = files.map((file): [string, string] => {
    const data = readVaultInput(file);
    if (vaulted(data)) throw new UserError(`${file}: is already vault-encrypted; nothing was written`);
    return [file, encryptVault(data, secret!)];
  });
  writeAll(results, f.output);
  note('Encryption successful');
  return 0;
}

async function decrypt(files: string[], f: Flags): Promise<number> {
  oneOutput(files, f, 'decrypt');
  const secrets = await passwords(f, 'decrypt');
  const results = files.map((file): [string, Buffer] => {
    const data = readVaultInput(file);
    if (!vaulted(data)) throw new UserError(`${file}: is not a vault-encrypted file; nothing was written`);
    return [file, openVault(data.toString('utf8'), secrets, file).plaintext];
  });
  writeAll(results, f.output);
  if (f.output !== '-') note('Decryption successful');
  return 0;
}

async function view(file: string, f: Flags): Promise<number> {
  const secrets = await passwords(f, 'view');
  process.stdout.write(openVault(readVaultInput(file).toString('utf8'), secrets, file).plaintext);
  return 0;
}

/** Decrypts into a private temp directory, runs $EDITOR on it, re-encrypts with the password that opened it. */
async function edit(file: string, f: Flags): Promise<number> {
  const secrets = await passwords(f, 'edit');
  const { plaintext, secret } = openVault(readVaultInput(file).toString('utf8'), secrets, file);
  const dir = mkdtempSync(join(tmpdir(), 'afo-vault-'));
  try {
    const tmp = join(dir, basename(file));
    writeFileSync(tmp, plaintext, { mode: 0o600 });
    const editor = shlexSplit(process.env.EDITOR || 'vi');
    const r = spawnSync(editor[0]!, [...editor.slice(1), tmp], { stdio: 'inherit' });
    if (r.error || r.status !== 0) {
      throw new UserError(
        `afo vault edit: the editor ${editor[0]} ${r.error ? `could not run (${(r.error as NodeJS.ErrnoException).code})` : `exited with ${r.status}`}; ${file} is unchanged`,
      );
    }
    const edited = readFileSync(tmp);
    if (edited.equals(plaintext)) {
      note(`no change; ${file} is unchanged`);
      return 0;
    }
    writeFileKeepingMode(file, encryptVault(edited, secret));
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function encryptString(value: string | undefined, f: Flags): Promise<number> {
  const [secret] = await passwords(f, 'encrypt_string', true);
  if (value === undefined && process.stdin.isTTY) note('Reading the value from stdin (end with Ctrl-D twice, or Ctrl-D on an empty line)');
  const text = value ?? readFileSync(0, 'utf8');
  const lines = encryptVault(text, secret!)
    .trimEnd()
    .split('\n')
    .map((l) => `          ${l}`);
  process.stdout.write(`${f.name ? `${f.name}: ` : ''}!vault |\n${lines.join('\n')}\n`);
  note('Encryption successful');
  return 0;
}

export function registerVaultCommand(program: Command, setExit: SetExit): void {
  const vault = program.command('vault').description('Ansible Vault files and values (same format as ansible-vault: either tool reads what the other writes)');
  const sub = (name: string, args: string, what: string) => withVaultFlags(vault.command(`${name} ${args}`.trim()).description(what));
  const output = '--output <file>';
  sub('encrypt', '<files...>', 'encrypt files in place (or to --output; - is stdout)')
    .option(output, 'write here instead (one input file; - for stdout)')
    .action(async (files: string[], f: Flags) => setExit(await encrypt(files, f)));
  sub('decrypt', '<files...>', 'decrypt files in place (or to --output; - is stdout)')
    .option(output, 'write here instead (one input file; - for stdout)')
    .action(async (files: string[], f: Flags) => setExit(await decrypt(files, f)));
  sub('view', '<file>', 'print the decrypted file').action(async (file: string, f: Flags) => setExit(await view(file, f)));
  sub('edit', '<file>', 'decrypt, open in $EDITOR, encrypt again').action(async (file: string, f: Flags) => setExit(await edit(file, f)));
  sub('encrypt_string', '[value]', 'print a `!vault |` value for a YAML vars file (the value from stdin when not given: keeps it out of the shell history)')
    .option('-n, --name <name>', 'the variable name to print before the value')
    .action(async (value: string | undefined, f: Flags) => setExit(await encryptString(value, f)));
}
