/**
 * A user's authorized_keys as one fact: the home directory comes from passwd on the host, so the
 * planner does not need a second round trip to learn where the file is.
 */
import { shQuote } from '../text/shlex.js';
import type { FactSpec } from './fact.js';
import { keyValues } from '../text/key-value.js';

export type AuthorizedKeys =
  | { user: false }
  | {
      user: true;
      home: string;
      group: string;
      /** The file's path (the `path` given, else ~/.ssh/authorized_keys). */
      path: string;
      /** `mode owner` of ~/.ssh, or undefined when absent. */
      sshDir?: { mode: number; owner: string };
      file?: { mode: number; owner: string; content: string };
    };

export function authorizedKeysFact(user: string, path?: string): FactSpec<AuthorizedKeys> {
  const u = shQuote(user);
  const f = path !== undefined ? shQuote(path) : '"$afo_home/.ssh/authorized_keys"';
  return {
    id: `authorized_keys:${user}:${path ?? ''}`,
    command:
      `if afo_pw=$(getent passwd ${u}); then afo_home=$(printf '%s' "$afo_pw" | cut -d: -f6); afo_keys=${f}; ` +
      `echo "home=$afo_home"; echo "group=$(id -gn ${u})"; echo "path=$afo_keys"; ` +
      `if [ -d "$afo_home/.ssh" ]; then echo "sshdir=$(stat -c '%a %U' "$afo_home/.ssh")"; fi; ` +
      `if [ -f "$afo_keys" ]; then echo "file=$(stat -c '%a %U' "$afo_keys")"; echo content; base64 < "$afo_keys"; fi; ` +
      `else echo nouser; fi`,
    parse: parseAuthorizedKeys,
  };
}

export function parseAuthorizedKeys(stdout: string): AuthorizedKeys {
  if (stdout.trim() === 'nouser') return { user: false };
  const [head, b64 = ''] = stdout.split(/^content$/m) as [string, string?];
  const kv = keyValues(head);
  const home = kv.get('home');
  const path = kv.get('path');
  if (home === undefined || path === undefined) throw new Error(`unreadable authorized_keys output: ${stdout.slice(0, 200)}`);
  const modeOwner = (v: string | undefined) => {
    if (v === undefined) return undefined;
    const [m = '', o = ''] = v.split(' ');
    return { mode: parseInt(m, 8), owner: o };
  };
  const out: AuthorizedKeys = { user: true, home, group: kv.get('group') ?? '', path };
  const dir = modeOwner(kv.get('sshdir'));
  if (dir) out.sshDir = dir;
  const file = modeOwner(kv.get('file'));
  if (file) out.file = { ...file, content: Buffer.from(b64.replace(/\s+/g, ''), 'base64').toString('utf8') };
  return out;
}
