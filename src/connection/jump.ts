/**
 * Jump hosts as users write them: `ProxyJump [user@]host[:port][,...]` (or `-J`, or `none`), and
 * the older Ansible idiom `ProxyCommand ssh -W %h:%p [options] [user@]bastion`, which is the
 * same thing spelled as a command. Any other ProxyCommand is refused: afo does not run local
 * proxy commands (docs/architecture.md §5.2).
 */
import { UserError } from '../errors.js';
import { portNumber } from '../inventory/connection.js';

/** One hop as written, before ~/.ssh/config is applied to it. */
export interface JumpSpec {
  host: string;
  user?: string;
  port?: number;
  identityFile?: string;
  /** `-o Key=Value` of a ProxyCommand's ssh, keys lower-cased. */
  options: Record<string, string>;
  /** Hops before this one (`-J` inside a ProxyCommand). */
  via?: JumpSpec[];
}

/** A port of a jump host, or an input error saying where it was written. */
export function portOf(where: string, what: string, v: string): number {
  const n = portNumber(v);
  if (n === undefined) throw new UserError(`${where}: ${what} must be a port number 1-65535, got '${v}'`);
  return n;
}

/** `[user@]host[:port]` or `ssh://[user@]host[:port]`; IPv6 as `[addr]:port`. */
export function parseJumpHost(where: string, text: string): JumpSpec {
  let t = text.trim();
  if (t.startsWith('ssh://')) t = t.slice(6).replace(/\/$/, '');
  const at = t.lastIndexOf('@');
  const user = at >= 0 ? t.slice(0, at) : undefined;
  const rest = at >= 0 ? t.slice(at + 1) : t;
  const m = /^\[([^\]]+)\](?::(.*))?$/.exec(rest) ?? /^([^:]+)(?::(.*))?$/.exec(rest);
  if (!m || m[1] === '' || user === '') throw new UserError(`${where}: cannot read jump host '${text}' (expected [user@]host[:port])`);
  const spec: JumpSpec = { host: m[1]!, options: {} };
  if (user !== undefined) spec.user = user;
  if (m[2] !== undefined) spec.port = portOf(where, 'jump host port', m[2]);
  return spec;
}

/** A ProxyJump value: the hops in order, or 'none' (no jump, overriding later settings). */
export function parseProxyJump(where: string, value: string): JumpSpec[] | 'none' {
  if (value.trim().toLowerCase() === 'none') return 'none';
  const hops = value.split(',').filter((h) => h.trim() !== '');
  if (hops.length === 0) throw new UserError(`${where}: ProxyJump is empty`);
  return hops.map((h) => parseJumpHost(where, h));
}

const FLAGS_WITHOUT_VALUE = /^-[qvTtAaxXCNn46kKgY]+$/;

/**
 * The jump a ProxyCommand describes, when it is `ssh [options] -W %h:%p [user@]host` (in any
 * order); otherwise an input error saying what afo accepts.
 */
export function proxyCommandJump(where: string, words: readonly string[]): JumpSpec[] {
  const refuse = (why: string) =>
    new UserError(
      `${where}: ProxyCommand '${words.join(' ')}' is not supported (${why}). afo connects through jump hosts itself: ` +
        `use '-o ProxyJump=user@bastion' (or ProxyJump in ~/.ssh/config), or the form 'ssh -W %h:%p user@bastion'.`,
    );
  if (words.length === 0 || !/(^|\/)ssh$/.test(words[0]!)) throw refuse('only an ssh -W command is understood');
  let dest: string | undefined;
  let forward: string | undefined;
  let via: JumpSpec[] | undefined;
  const options: Record<string, string> = {};
  let user: string | undefined;
  let port: number | undefined;
  let identity: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (FLAGS_WITHOUT_VALUE.test(w)) continue;
    const m = /^-([WJoplis])(.*)$/s.exec(w);
    if (m) {
      const v = m[2] !== '' ? m[2]! : words[++i];
      if (v === undefined) throw refuse(`'${w}' needs a value`);
      if (m[1] === 'W') forward = v;
      else if (m[1] === 'J') {
        const j = parseProxyJump(where, v);
        if (j !== 'none') via = j;
      } else if (m[1] === 'o') {
        const kv = /^\s*([A-Za-z0-9]+)\s*(?:=|\s)\s*(.*)$/s.exec(v);
        if (!kv) throw refuse(`'-o ${v}' is not Key=Value`);
        const key = kv[1]!.toLowerCase();
        if (!Object.hasOwn(options, key)) options[key] = kv[2]!.trim();
      } else if (m[1] === 'p') port ??= portOf(where, 'jump host port', v);
      else if (m[1] === 'l') user ??= v;
      else if (m[1] === 'i') identity ??= v;
      else throw refuse(`'-s' runs a subsystem`);
      continue;
    }
    if (w.startsWith('-')) throw refuse(`option '${w}' is not understood there`);
    if (dest !== undefined) throw refuse('it runs a command on the jump host');
    dest = w;
  }
  if (forward === undefined || !/^(%h|\[%h\]):%p$/.test(forward)) throw refuse('it has no -W %h:%p');
  if (dest === undefined) throw refuse('it names no jump host');
  const spec = parseJumpHost(where, dest);
  spec.options = options;
  spec.user ??= user ?? options.user;
  if (spec.user === undefined) delete spec.user;
  const p = port ?? (options.port !== undefined ? portOf(where, 'jump host port', options.port) : undefined);
  if (spec.port === undefined && p !== undefined) spec.port = p;
  const id = identity ?? options.identityfile;
  if (id !== undefined) spec.identityFile = id;
  if (via) spec.via = via;
  return [spec];
}
