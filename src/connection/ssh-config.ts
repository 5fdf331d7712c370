/**
 * ~/.ssh/config (ssh_config(5)): read with the `ssh-config` parser, resolved for one destination
 * the way OpenSSH does it: `Host` and `Match` blocks in file order, the FIRST value of each keyword
 * wins (IdentityFile accumulates), `Include` files read in place. `Match` understands `all`,
 * `host`, `originalhost`, `user`, `localuser` (each may be negated with `!`); `Match exec` and
 * `Match canonical/final/tagged` are refused with a clear error rather than guessed.
 * docs/architecture.md §5.2 lists the keywords afo applies.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import SSHConfig, { LineType, type Line } from 'ssh-config';
import { UserError } from '../errors.js';
import { patternListMatches, patternMatches } from './ssh-pattern.js';

/** A parsed config file (its Includes read), ready to resolve destinations against. */
export interface SshConfig {
  /** The file it came from (for messages). */
  file: string;
  lines: readonly Line[];
  /** Included files by the Include line's words, parsed once. */
  includes: Map<string, { file: string; lines: readonly Line[] }[]>;
}

/** Resolved keywords, lower-cased; each value as its words (ProxyCommand, UserKnownHostsFile have several). */
export type SshConfigValues = Record<string, string[]>;

/** Where `~/.ssh/config` is, for the given home. */
export function defaultSshConfigFile(home = homedir()): string {
  return join(home, '.ssh', 'config');
}

/**
 * Read and parse `file` (and its Includes). `required`: a missing file is an input error (a file
 * the user named); otherwise a missing file means no config, as for ssh.
 */
export function loadSshConfig(file: string, required: boolean, home = homedir()): SshConfig | undefined {
  if (!existsSync(file)) {
    if (required)
      throw new UserError(`ssh config file ${file} does not exist (--ssh-config / AFO_SSH_CONFIG); give an existing file, or 'none' for no ssh config`);
    return undefined;
  }
  const lines = parseFile(file);
  const includes = new Map<string, { file: string; lines: readonly Line[] }[]>();
  collectIncludes(lines, file, home, includes, 0);
  return { file, lines, includes };
}

/** Parse config text (tests, and the loader). */
export function parseSshConfig(text: string, file = '<ssh config>'): SshConfig {
  const lines = parseText(text, file);
  const includes = new Map<string, { file: string; lines: readonly Line[] }[]>();
  collectIncludes(lines, file, homedir(), includes, 0);
  return { file, lines, includes };
}

function parseText(text: string, file: string): Line[] {
  try {
    return [...SSHConfig.parse(text)];
  } catch (e) {
    throw new UserError(`cannot read the ssh config file ${file}: ${(e as Error).message}`);
  }
}

function parseFile(file: string): Line[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read the ssh config file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseText(text, file);
}

function words(value: string | { val: string }[]): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return value.map((v) => v.val);
}

/** Include: relative paths are under ~/.ssh (as for the user's config); `*`/`?` glob the last part. */
function collectIncludes(lines: readonly Line[], from: string, home: string, out: SshConfig['includes'], depth: number): void {
  for (const line of lines) {
    if (line.type !== LineType.DIRECTIVE) continue;
    if ('config' in line) collectIncludes(line.config, from, home, out, depth);
    if (line.param.toLowerCase() !== 'include') continue;
    if (depth >= 16) throw new UserError(`ssh config ${from}: Include nested too deeply (a loop?)`);
    const key = words(line.value).join(' ');
    if (out.has(key)) continue;
    const files: { file: string; lines: readonly Line[] }[] = [];
    out.set(key, files);
    for (const w of words(line.value)) {
      const path = w.startsWith('~/') ? join(home, w.slice(2)) : isAbsolute(w) ? w : join(home, '.ssh', w);
      for (const f of expandGlob(path)) {
        const included = parseFile(f);
        files.push({ file: f, lines: included });
        collectIncludes(included, f, home, out, depth + 1);
      }
    }
  }
}

function expandGlob(path: string): string[] {
  const name = basename(path);
  if (!/[*?]/.test(name)) return existsSync(path) ? [path] : [];
  const dir = dirname(path);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => patternMatches(name, f))
    .sort()
    .map((f) => join(dir, f));
}

/** What a destination is resolved with. */
export interface ResolveInput {
  /** The destination as given (ansible_host, else the inventory name; or a jump host). */
  host: string;
  /** The user already decided by higher-precedence settings, if any (for `Match user`). */
  user?: string;
  localUser?: string;
}

/**
 * The config's values for a destination, first value per keyword (IdentityFile: all, in order).
 * `HostName` has its `%h`/`%%` tokens expanded; other tokens are left to the caller.
 */
export function resolveSshConfig(cfg: SshConfig, input: ResolveInput): SshConfigValues {
  const localUser = input.localUser ?? userInfo().username;
  const out: SshConfigValues = {};
  const state = { hostName: input.host, user: input.user };
  const set = (param: string, value: string[]) => {
    const key = param.toLowerCase();
    if (key === 'identityfile') {
      out.identityfile = [...(out.identityfile ?? []), ...value];
      return;
    }
    if (Object.hasOwn(out, key)) return;
    // ProxyJump and ProxyCommand are one setting: whichever comes first wins.
    if ((key === 'proxyjump' && out.proxycommand) || (key === 'proxycommand' && out.proxyjump)) return;
    if (key === 'hostname' && value[0] !== undefined) {
      const expanded = value[0].replace(/%(.)/g, (m, t: string) => (t === 'h' ? input.host : t === '%' ? '%' : m));
      out.hostname = [expanded];
      state.hostName = expanded;
      return;
    }
    if (key === 'user' && value[0] !== undefined) state.user ??= value[0];
    out[key] = value;
  };
  const walk = (lines: readonly Line[], file: string) => {
    for (const line of lines) {
      if (line.type !== LineType.DIRECTIVE) continue;
      const param = line.param.toLowerCase();
      if (param === 'host') {
        if (patternListMatches(words(line.value), input.host)) walk((line as { config: Line[] }).config, file);
      } else if (param === 'match') {
        if (matchLine(words(line.value), file, { ...state, originalHost: input.host, localUser })) walk((line as { config: Line[] }).config, file);
      } else if (param === 'include') {
        for (const inc of cfgIncludes(cfg, words(line.value))) walk(inc.lines, inc.file);
      } else set(line.param, words(line.value));
    }
  };
  walk(cfg.lines, cfg.file);
  return out;
}

function cfgIncludes(cfg: SshConfig, w: string[]) {
  return cfg.includes.get(w.join(' ')) ?? [];
}

interface MatchState {
  hostName: string;
  originalHost: string;
  user: string | undefined;
  localUser: string;
}

function matchLine(w: string[], file: string, s: MatchState): boolean {
  let all = true;
  for (let i = 0; i < w.length; i++) {
    const raw = w[i]!;
    const negated = raw.startsWith('!');
    const crit = (negated ? raw.slice(1) : raw).toLowerCase();
    let ok: boolean;
    if (crit === 'all') ok = true;
    else if (crit === 'host' || crit === 'originalhost' || crit === 'user' || crit === 'localuser') {
      const arg = w[++i];
      if (arg === undefined) throw new UserError(`ssh config ${file}: 'Match ${w.join(' ')}': '${raw}' needs a pattern list`);
      const subject = crit === 'host' ? s.hostName : crit === 'originalhost' ? s.originalHost : crit === 'user' ? (s.user ?? s.localUser) : s.localUser;
      ok = patternListMatches([arg], subject, crit === 'host' || crit === 'originalhost');
    } else {
      throw new UserError(
        `ssh config ${file}: 'Match ${w.join(' ')}' uses '${crit}', which afo does not evaluate (it understands all, host, originalhost, user, localuser). ` +
          `Give afo its own file with --ssh-config (or AFO_SSH_CONFIG), or 'none'.`,
      );
    }
    if (negated) ok = !ok;
    all &&= ok;
  }
  return all;
}
