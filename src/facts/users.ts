/**
 * Account facts: a user's passwd entry with its groups, and a group's entry. The password hash
 * never leaves the host: the fact carries only its sha256, which the planner compares with the
 * sha256 of the wanted hash (update_password: always).
 */
import { shQuote } from '../text/shlex.js';
import type { FactSpec } from './fact.js';
import { keyValues } from '../text/key-value.js';

export type UserInfo =
  | { exists: false }
  | {
      exists: true;
      name: string;
      uid: number;
      gid: number;
      comment: string;
      home: string;
      shell: string;
      /** Primary group name. */
      group: string;
      /** Every group the user is in, primary included (`id -Gn`). */
      groups: string[];
      /** sha256 of the shadow password field ('!', '*' or a crypt hash). */
      passwordSha256: string;
    };

export function userFact(name: string): FactSpec<UserInfo> {
  const n = shQuote(name);
  return {
    id: `user:${name}`,
    command:
      `if afo_pw=$(getent passwd ${n}); then echo "passwd=$afo_pw"; echo "group=$(id -gn ${n} 2>/dev/null)"; ` +
      `echo "groups=$(id -Gn ${n} 2>/dev/null)"; ` +
      `echo "pwsha=$(getent shadow ${n} | cut -d: -f2 | tr -d '\\n' | sha256sum | cut -d' ' -f1)"; else echo absent; fi`,
    parse: parseUser,
  };
}

export function parseUser(stdout: string): UserInfo {
  const text = stdout.trim();
  if (text === 'absent') return { exists: false };
  const kv = keyValues(text);
  const f = (kv.get('passwd') ?? '').split(':');
  if (f.length < 7) throw new Error(`unreadable user output: ${text.slice(0, 200)}`);
  return {
    exists: true,
    name: f[0]!,
    uid: Number(f[2]),
    gid: Number(f[3]),
    comment: f[4]!,
    home: f[5]!,
    shell: f.slice(6).join(':'),
    group: kv.get('group') ?? '',
    groups: (kv.get('groups') ?? '').split(/\s+/).filter((g) => g !== ''),
    passwordSha256: kv.get('pwsha') ?? '',
  };
}

export type GroupInfo = { exists: false } | { exists: true; name: string; gid: number; members: string[] };

export function groupFact(name: string): FactSpec<GroupInfo> {
  return {
    id: `group:${name}`,
    command: `getent group ${shQuote(name)} || echo absent`,
    parse: (stdout) => {
      const text = stdout.trim();
      if (text === 'absent') return { exists: false };
      const f = text.split('\n')[0]!.split(':');
      if (f.length < 4 || !/^\d+$/.test(f[2]!)) throw new Error(`unreadable group output: ${text.slice(0, 200)}`);
      return { exists: true, name: f[0]!, gid: Number(f[2]), members: f[3]!.split(',').filter((m) => m !== '') };
    },
  };
}
