/**
 * Connection variables -> a typed HostConnection. Where Ansible accepts several names for one
 * setting, the later name in the ssh/sudo plugins' lists wins when both are set, as in Ansible
 * (e.g. `ansible_ssh_port` over `ansible_port`). `ansible_ssh_common_args` and
 * `ansible_ssh_extra_args` are read for the options afo's SSH client understands; anything else
 * there is kept in `unsupportedArgs` so the transport can warn. `ansible_python_interpreter` and
 * other ansible_* variables are ignored.
 */
import { UserError } from '../errors.js';
import { shlexSplit, ShlexError } from '../text/shlex.js';
import type { VarValue, Vars } from './types.js';

export interface HostConnection {
  /** Inventory name of the host. */
  name: string;
  /** Address to connect to: ansible_host, else the inventory name. */
  address: string;
  /** True when ansible_host/ansible_ssh_host set the address (else it is the inventory name). */
  addressGiven: boolean;
  port: number;
  /** True when the port was set (ansible_port, `-p`, `-o Port`); else 22 is only the default. */
  portGiven: boolean;
  /** Login user; undefined = the user running afo (ssh's default). */
  user?: string;
  /** SSH password (never log it). */
  password?: string;
  privateKeyFile?: string;
  /** sudo password (never log it). */
  becomePassword?: string;
  /** From `-o UserKnownHostsFile=...` (ssh allows several, space separated). */
  knownHostsFiles?: string[];
  /** From `-o StrictHostKeyChecking=...`, lower-cased (yes, no, accept-new, ask, off). */
  strictHostKeyChecking?: string;
  /** Every `-o Key=Value` from the args, keys lower-cased as ssh treats them. */
  sshOptions: Record<string, string>;
  /** Words from the ssh args afo does not interpret. */
  unsupportedArgs: string[];
}

/** The value of the last of `names` that is set (not null), as Ansible's option lookup does. */
function pick(vars: Vars, names: readonly string[]): VarValue | undefined {
  let found: VarValue | undefined;
  for (const n of names) if (vars[n] !== undefined && vars[n] !== null) found = vars[n];
  return found;
}

function text(host: string, names: readonly string[], v: VarValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  // INI typing turns `ansible_ssh_pass=123456` into a number; the password is still "123456".
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new UserError(`host '${host}': ${names.join('/')} must be a string, not ${Array.isArray(v) ? 'a list' : 'a mapping'}`);
}

/** A TCP port number 1-65535 from text or a number; undefined when it is not one. */
export function portNumber(v: string | number): number | undefined {
  const n = typeof v === 'number' ? v : /^[0-9]+$/.test(v.trim()) ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : undefined;
}

function port(host: string, what: string, v: string | number): number {
  const n = portNumber(v);
  if (n === undefined) throw new UserError(`host '${host}': ${what} must be a port number 1-65535, got '${v}'`);
  return n;
}

interface SshArgs {
  options: Record<string, string>;
  port?: number;
  user?: string;
  identity?: string;
  unsupported: string[];
}

/** Reads `-o K=V`, `-oK=V`, `-o "K V"`, `-p N`, `-l U`, `-i F`, `-J JUMP` from ssh argument text. */
export function parseSshArgs(host: string, argText: string): SshArgs {
  let words: string[];
  try {
    words = shlexSplit(argText);
  } catch (e) {
    if (e instanceof ShlexError) throw new UserError(`host '${host}': cannot read ansible_ssh_common_args '${argText}': ${e.message}`);
    throw e;
  }
  const out: SshArgs = { options: {}, unsupported: [] };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const m = /^-([opliJ])(.*)$/s.exec(w);
    if (!m) {
      out.unsupported.push(w);
      continue;
    }
    const value = m[2] !== '' ? m[2]! : words[++i];
    if (value === undefined) throw new UserError(`host '${host}': '${w}' in the ssh args needs a value`);
    if (m[1] === 'o') {
      const kv = /^\s*([A-Za-z0-9]+)\s*(?:=|\s)\s*(.*)$/s.exec(value);
      if (!kv) throw new UserError(`host '${host}': ssh option '-o ${value}' is not Key=Value`);
      const key = kv[1]!.toLowerCase();
      // ssh keeps the first value it sees for an option
      if (!Object.hasOwn(out.options, key)) out.options[key] = kv[2]!.trim();
    } else if (m[1] === 'p') out.port ??= port(host, '-p in the ssh args', value);
    else if (m[1] === 'l') out.user ??= value;
    else if (m[1] === 'J') out.options.proxyjump ??= value;
    else out.identity ??= value;
  }
  return out;
}

/**
 * Builds the connection settings for `host` from its merged variables. `remoteUser` is Ansible's
 * remote_user (`-u`): below the user variables, above a `-l`/`-o User` in the ssh args (Ansible
 * puts its `-o User=` first and ssh keeps the first value).
 */
export function hostConnection(host: string, vars: Vars, remoteUser?: string): HostConnection {
  const get = (names: readonly string[]): string | undefined => text(host, names, pick(vars, names));
  const argText = [get(['ansible_ssh_common_args']), get(['ansible_ssh_extra_args'])].filter(Boolean).join(' ');
  const args = parseSshArgs(host, argText);
  const portVar = pick(vars, ['ansible_port', 'ansible_ssh_port']);
  const rawPort = typeof portVar === 'number' || typeof portVar === 'string' ? portVar : undefined;
  if (portVar !== undefined && rawPort === undefined) throw new UserError(`host '${host}': ansible_port must be a port number`);
  const optPort = args.options.port;
  const address = get(['ansible_host', 'ansible_ssh_host']);
  const conn: HostConnection = {
    name: host,
    address: address ?? host,
    addressGiven: address !== undefined,
    port: rawPort !== undefined ? port(host, 'ansible_port', rawPort) : (args.port ?? (optPort ? port(host, '-o Port', optPort) : 22)),
    portGiven: rawPort !== undefined || args.port !== undefined || optPort !== undefined,
    sshOptions: args.options,
    unsupportedArgs: args.unsupported,
  };
  const user = get(['ansible_user', 'ansible_ssh_user']) ?? remoteUser ?? args.user ?? args.options.user;
  if (user !== undefined) conn.user = user;
  const password = get(['ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password']);
  if (password !== undefined) conn.password = password;
  const key = get(['ansible_private_key_file', 'ansible_ssh_private_key_file']) ?? args.identity ?? args.options.identityfile;
  if (key !== undefined) conn.privateKeyFile = key;
  const become = get(['ansible_become_password', 'ansible_become_pass', 'ansible_sudo_pass']);
  if (become !== undefined) conn.becomePassword = become;
  const kh = args.options.userknownhostsfile;
  if (kh !== undefined) conn.knownHostsFiles = kh.split(/\s+/).filter(Boolean);
  const strict = args.options.stricthostkeychecking;
  if (strict !== undefined) conn.strictHostKeyChecking = strict.toLowerCase();
  return conn;
}
