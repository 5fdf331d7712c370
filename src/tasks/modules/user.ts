/**
 * `user`: an account with uid, primary group, supplementary groups, shell, home and a password
 * hash — set only when the user is created unless update_password: always (docs/opengauss.md §3.4).
 * The hash goes to `chpasswd -e` on stdin, never into argv or a description.
 * register: { name, state, uid?, group?, groups?, home?, shell? }.
 */
import { z } from 'zod';
import { type UserInfo, userFact } from '../../facts/users.js';
import { shQuote } from '../../text/shlex.js';
import { sha256 } from '../lib/put-file.js';
import { bool, principal, stringList, withAliases } from '../lib/args.js';
import type { Change, ExecChange, Module } from '../module.js';

const schema = withAliases(
  { create_home: ['createhome'] },
  z.strictObject({
    name: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/, 'a user name'),
    uid: z.coerce.number().int().nonnegative().optional(),
    group: principal.optional(),
    groups: stringList.optional(),
    append: bool.default(false),
    shell: z.string().min(1).optional(),
    home: z.string().min(1).optional(),
    create_home: bool.default(true),
    move_home: bool.default(false),
    comment: z.string().optional(),
    password: z
      .string()
      .refine((p) => /^\$[0-9a-z]+\$/.test(p) || p === '!' || p === '*' || p.startsWith('!$'), {
        message: 'password must be a crypt hash (e.g. from `openssl passwd -6`), not clear text',
      })
      .optional(),
    update_password: z.enum(['always', 'on_create']).default('on_create'),
    system: bool.default(false),
    state: z.enum(['present', 'absent']).default('present'),
    remove: bool.default(false),
    force: bool.default(false),
  }),
);

export type UserArgs = z.output<typeof schema>;

type Existing = Extract<UserInfo, { exists: true }>;

function setPassword(a: UserArgs): ExecChange {
  return { kind: 'exec', description: `set the password of ${a.name}`, command: 'chpasswd -e', stdin: `${a.name}:${a.password}\n` };
}

/** usermod options for what differs; [] when the account is already right. */
function modOptions(a: UserArgs, u: Existing): string[] {
  const o: string[] = [];
  if (a.uid !== undefined && a.uid !== u.uid) o.push('-u', String(a.uid));
  const primary = a.group ?? u.group;
  if (a.group !== undefined && !(/^\d+$/.test(a.group) ? Number(a.group) === u.gid : a.group === u.group)) o.push('-g', a.group);
  if (a.groups !== undefined) {
    const current = u.groups.filter((g) => g !== u.group);
    const want = a.groups.filter((g) => g !== primary);
    if (a.append) {
      const missing = want.filter((g) => !current.includes(g));
      if (missing.length > 0) o.push('-a', '-G', missing.join(','));
    } else if ([...new Set(want)].sort().join(',') !== [...new Set(current)].sort().join(',')) {
      o.push('-G', want.join(','));
    }
  }
  if (a.shell !== undefined && a.shell !== u.shell) o.push('-s', a.shell);
  if (a.home !== undefined && a.home !== u.home) o.push('-d', a.home, ...(a.move_home ? ['-m'] : []));
  if (a.comment !== undefined && a.comment !== u.comment) o.push('-c', a.comment);
  return o;
}

export const userModule: Module<UserArgs> = {
  name: 'user',
  args: schema,
  facts: (a) => [userFact(a.name)],
  // useradd/usermod edit the account files, may add the user to groups and create its home
  effects: (a) => ['/etc/passwd', '/etc/shadow', '/etc/group', '/etc/gshadow', 'group:', a.home ?? `/home/${a.name}`],
  plan(a, facts) {
    const u = facts.get(userFact(a.name));
    const n = shQuote(a.name);
    if (a.state === 'absent') {
      const opts = `${a.remove ? '-r ' : ''}${a.force ? '-f ' : ''}`;
      return {
        changes: u.exists ? [{ kind: 'exec', description: `userdel ${a.name}`, command: `userdel ${opts}${n}` }] : [],
        result: { name: a.name, state: 'absent' },
      };
    }
    const result = {
      name: a.name,
      state: 'present',
      uid: a.uid ?? (u.exists ? u.uid : undefined),
      group: a.group ?? (u.exists ? u.group : undefined),
      home: a.home ?? (u.exists ? u.home : undefined),
      shell: a.shell ?? (u.exists ? u.shell : undefined),
    };
    const changes: Change[] = [];
    if (!u.exists) {
      const o: string[] = [];
      if (a.uid !== undefined) o.push('-u', String(a.uid));
      if (a.group !== undefined) o.push('-g', a.group);
      if (a.groups !== undefined && a.groups.length > 0) o.push('-G', a.groups.join(','));
      if (a.shell !== undefined) o.push('-s', a.shell);
      if (a.home !== undefined) o.push('-d', a.home);
      if (a.comment !== undefined) o.push('-c', a.comment);
      if (a.system) o.push('-r');
      o.push(a.create_home ? '-m' : '-M');
      changes.push({ kind: 'exec', description: `useradd ${a.name}`, command: `useradd ${o.map(shQuote).join(' ')} ${n}` });
      if (a.password !== undefined) changes.push(setPassword(a));
      return { changes, result };
    }
    const o = modOptions(a, u);
    if (o.length > 0) {
      changes.push({ kind: 'exec', description: `usermod ${a.name} ${o.join(' ')}`, command: `usermod ${o.map(shQuote).join(' ')} ${n}` });
    }
    if (a.password !== undefined && a.update_password === 'always' && sha256(a.password) !== u.passwordSha256) {
      changes.push(setPassword(a));
    }
    return { changes, result };
  },
};
