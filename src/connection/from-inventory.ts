/**
 * The inventory's connection variables (src/inventory/connection.ts) → the transport's
 * HostConnection: ~/.ssh/config applied under them, defaults filled in, `~` expanded, ssh option
 * spellings mapped, jump hosts resolved. Precedence as OpenSSH run by Ansible, see
 * docs/architecture.md §5.2: inventory variables, then ssh args (`ansible_ssh_common_args`),
 * then the first matching value of ~/.ssh/config, then defaults.
 */
import { homedir, userInfo } from 'node:os';
import { UserError } from '../errors.js';
import { hostConnection, type HostConnection as InventoryConnection } from '../inventory/connection.js';
import type { Vars } from '../inventory/types.js';
import { ShlexError, shlexSplit } from '../text/shlex.js';
import { parseProxyJump, portOf, proxyCommandJump, type JumpSpec } from './jump.js';
import type { HostConnection, StrictHostKeyChecking } from './settings.js';
import { resolveSshConfig, type SshConfig, type SshConfigValues } from './ssh-config.js';

export interface ConnectionDefaults {
  /** `--accept-new-host-keys`: record unknown host keys (a changed key is still refused). */
  acceptNewHostKeys?: boolean;
  /** Default 10 s, as a missing `ConnectTimeout` would otherwise wait for the OS (minutes). */
  connectTimeoutMs?: number;
  /** Login user when the inventory names none (ssh's default: the local user). */
  localUser?: string;
  /** Ansible's remote_user (`-u`): below ansible_user/ansible_ssh_user, above the ssh args' user. */
  remoteUser?: string;
  home?: string;
  /** Key file where the inventory names none (afo.cfg private_key_file). */
  privateKeyFile?: string;
  /** false: the default StrictHostKeyChecking is `no` where the inventory sets none (afo.cfg host_key_checking). */
  hostKeyChecking?: boolean;
  /** The parsed ssh config (~/.ssh/config, `--ssh-config`); none: no ssh config. */
  sshConfig?: SshConfig;
}

const MAX_HOPS = 8;

export function toHostConnection(inv: InventoryConnection, d: ConnectionDefaults = {}): HostConnection {
  const home = d.home ?? homedir();
  const localUser = d.localUser ?? userInfo().username;
  const tilde = (p: string) => (p === '~' ? home : p.startsWith('~/') ? `${home}${p.slice(1)}` : p);
  const cfg: SshConfigValues = d.sshConfig ? resolveSshConfig(d.sshConfig, { host: inv.address, ...(inv.user ? { user: inv.user } : {}), localUser }) : {};
  const first = (k: string): string | undefined => inv.sshOptions[k] ?? cfg[k]?.[0];
  const where = `host '${inv.name}'`;
  const timeout = first('connecttimeout');
  const user = inv.user ?? cfg.user?.[0] ?? localUser;
  const address = inv.addressGiven ? inv.address : (cfg.hostname?.[0] ?? inv.address);
  const port = inv.portGiven ? inv.port : cfg.port?.[0] !== undefined ? portOf(where, 'Port in the ssh config', cfg.port[0]) : inv.port;
  const conn: HostConnection = {
    name: inv.name,
    address,
    port,
    user,
    strictHostKeyChecking: strictness(
      inv.strictHostKeyChecking ?? cfg.stricthostkeychecking?.[0] ?? (d.hostKeyChecking === false ? 'no' : undefined),
      d.acceptNewHostKeys === true,
    ),
    connectTimeoutMs: timeout !== undefined && /^\d+$/.test(timeout) ? Number(timeout) * 1000 : (d.connectTimeoutMs ?? 10_000),
  };
  if (inv.password !== undefined) conn.password = inv.password;
  if (inv.privateKeyFile !== undefined) conn.privateKeyFile = tilde(inv.privateKeyFile);
  else if (cfg.identityfile) conn.identityFiles = cfg.identityfile.map((f) => tilde(tokens(f, { home, localUser, host: inv.address, address, port, user })));
  else if (d.privateKeyFile !== undefined) conn.privateKeyFile = tilde(d.privateKeyFile);
  if (inv.becomePassword !== undefined) conn.becomePassword = inv.becomePassword;
  const kh = inv.knownHostsFiles?.[0] ?? cfg.userknownhostsfile?.[0];
  // `/dev/null` (a common "don't check" idiom) stays as it is: nothing is known, nothing recorded.
  if (kh !== undefined) conn.knownHostsFile = tilde(tokens(kh, { home, localUser, host: inv.address, address, port, user }));
  const specs = jumpSpecs(where, inv.sshOptions, cfg);
  if (specs.length > 0) conn.jump = expandHops(specs, conn, d, 0);
  return conn;
}

/** The ssh args' ProxyJump/ProxyCommand (`-o`, `-J`) first, then the ssh config's (its first one wins). */
function jumpSpecs(where: string, options: Record<string, string>, cfg: SshConfigValues): JumpSpec[] {
  if (options.proxyjump !== undefined) return orNone(parseProxyJump(`${where}: ProxyJump in ansible_ssh_common_args`, options.proxyjump));
  if (options.proxycommand !== undefined) return proxyCommandOrNone(`${where}: ansible_ssh_common_args`, commandWords(where, options.proxycommand));
  if (cfg.proxyjump) return orNone(parseProxyJump(`${where}: ProxyJump in the ssh config`, cfg.proxyjump.join(' ')));
  if (cfg.proxycommand) return proxyCommandOrNone(`${where}: the ssh config`, cfg.proxycommand);
  return [];
}

function orNone(j: JumpSpec[] | 'none'): JumpSpec[] {
  return j === 'none' ? [] : j;
}

function proxyCommandOrNone(where: string, words: string[]): JumpSpec[] {
  return words.length === 1 && words[0]!.toLowerCase() === 'none' ? [] : proxyCommandJump(where, words);
}

function commandWords(where: string, text: string): string[] {
  try {
    return shlexSplit(text);
  } catch (e) {
    if (e instanceof ShlexError) throw new UserError(`${where}: cannot read ProxyCommand '${text}': ${e.message}`);
    throw e;
  }
}

/**
 * Each hop as connection settings, nearest first. A hop is resolved through the ssh config as its
 * own destination; the first hop's own ProxyJump (or a ProxyCommand's `-J`) adds hops before it.
 * Known-hosts file, strictness and timeout are the target's unless the hop's config says otherwise.
 */
function expandHops(specs: JumpSpec[], target: HostConnection, d: ConnectionDefaults, depth: number): HostConnection[] {
  const where = `host '${target.name}'`;
  if (depth + specs.length > MAX_HOPS) throw new UserError(`${where}: more than ${MAX_HOPS} jump hosts (a ProxyJump loop in the ssh config?)`);
  const home = d.home ?? homedir();
  const localUser = d.localUser ?? userInfo().username;
  const tilde = (p: string) => (p === '~' ? home : p.startsWith('~/') ? `${home}${p.slice(1)}` : p);
  const hops: HostConnection[] = [];
  specs.forEach((spec, i) => {
    const cfg: SshConfigValues = d.sshConfig ? resolveSshConfig(d.sshConfig, { host: spec.host, ...(spec.user ? { user: spec.user } : {}), localUser }) : {};
    const address = cfg.hostname?.[0] ?? spec.host;
    const port = spec.port ?? (cfg.port?.[0] !== undefined ? portOf(where, `Port of jump host ${spec.host} in the ssh config`, cfg.port[0]) : 22);
    const user = spec.user ?? cfg.user?.[0] ?? localUser;
    const strict = spec.options.stricthostkeychecking ?? cfg.stricthostkeychecking?.[0];
    const hop: HostConnection = {
      name: spec.host,
      address,
      port,
      user,
      strictHostKeyChecking: strict !== undefined ? strictness(strict, d.acceptNewHostKeys === true) : target.strictHostKeyChecking,
      connectTimeoutMs: target.connectTimeoutMs,
    };
    const t = { home, localUser, host: spec.host, address, port, user };
    if (spec.identityFile !== undefined) hop.privateKeyFile = tilde(spec.identityFile);
    else if (cfg.identityfile) hop.identityFiles = cfg.identityfile.map((f) => tilde(tokens(f, t)));
    const fallback = target.privateKeyFile ?? target.fallbackKeyFiles?.[0];
    if (fallback !== undefined) hop.fallbackKeyFiles = [fallback];
    const kh = spec.options.userknownhostsfile?.split(/\s+/)[0] ?? cfg.userknownhostsfile?.[0];
    if (kh !== undefined) hop.knownHostsFile = tilde(tokens(kh, t));
    else if (target.knownHostsFile !== undefined) hop.knownHostsFile = target.knownHostsFile;
    // Only the first hop may bring hops of its own: later ones are reached through the earlier ones.
    const before = i === 0 ? (spec.via ?? jumpSpecs(`jump host '${spec.host}'`, {}, cfg)) : [];
    if (before.length > 0) hops.push(...expandHops(before, target, d, depth + specs.length));
    hops.push(hop);
  });
  return hops;
}

/** ssh_config TOKENS for file names: %d home, %u local user, %h host name, %n original host, %p, %r, %%. */
function tokens(text: string, t: { home: string; localUser: string; host: string; address: string; port: number; user: string }): string {
  return text.replace(/%(.)/g, (m, c: string) => {
    switch (c) {
      case 'd':
        return t.home;
      case 'u':
        return t.localUser;
      case 'h':
        return t.address;
      case 'n':
        return t.host;
      case 'p':
        return String(t.port);
      case 'r':
        return t.user;
      case '%':
        return '%';
      default:
        return m;
    }
  });
}

/**
 * Settings for a host straight from its merged variables, e.g. for the engine's `connect`:
 * `connect: (h) => pool.connect(connectionFromVars(h.name, h.vars as Vars, { acceptNewHostKeys }))`.
 * Throws UserError for malformed connection variables (a bad port, unreadable ssh args).
 */
export function connectionFromVars(name: string, vars: Vars, d: ConnectionDefaults = {}): HostConnection {
  return toHostConnection(hostConnection(name, vars, d.remoteUser), d);
}

/** OpenSSH's values: yes/ask → refuse unknown keys; accept-new; no/off → record unknown keys. */
function strictness(value: string | undefined, acceptNew: boolean): StrictHostKeyChecking {
  const v = value?.toLowerCase();
  if (v === 'no' || v === 'off') return 'no';
  if (v === 'accept-new' || acceptNew) return 'accept-new';
  return 'yes';
}
