/**
 * `authorized_key`: SSH public keys in a user's authorized_keys, matched by key type + blob (so a
 * changed comment or options line is updated, not duplicated). `exclusive: yes` keeps only the
 * given keys. ~/.ssh is 0700 and the file 0600, both owned by the user (manage_dir).
 * register: { user, key, state, exclusive, keyfile }.
 */
import { posix } from 'node:path';
import { z } from 'zod';
import { authorizedKeysFact } from '../../facts/authorized-keys.js';
import { shQuote } from '../../text/shlex.js';
import { bool } from '../lib/args.js';
import type { Change, Module } from '../module.js';

const schema = z.strictObject({
  user: z.string().min(1),
  key: z.string().min(1),
  state: z.enum(['present', 'absent']).default('present'),
  exclusive: bool.default(false),
  path: z.string().min(1).optional(),
  manage_dir: bool.default(true),
  key_options: z.string().optional(),
  comment: z.string().optional(),
});

export type AuthorizedKeyArgs = z.output<typeof schema>;

const KEY = /(?:^|\s)((?:ssh-|ecdsa-|sk-)[\w@.-]+)\s+([A-Za-z0-9+/]+={0,3})(?:\s+(.*))?$/;

/** The identity of a key line (type + blob), or undefined for comments and blank lines. */
export function keyId(line: string): string | undefined {
  const t = line.trim();
  if (t === '' || t.startsWith('#')) return undefined;
  const m = KEY.exec(t);
  return m ? `${m[1]} ${m[2]}` : undefined;
}

/** The wanted lines: one per key given, with key_options / comment applied as Ansible does. */
function wantedLines(a: AuthorizedKeyArgs): string[] {
  const out: string[] = [];
  for (const raw of a.key.split('\n')) {
    const line = raw.trim();
    const m = KEY.exec(line);
    if (!m) continue;
    const options = a.key_options ?? line.slice(0, m.index).trim();
    const comment = a.comment ?? m[3] ?? '';
    out.push([options, m[1], m[2], comment].filter((s) => s !== '').join(' '));
  }
  return out;
}

export function editAuthorizedKeys(text: string, a: AuthorizedKeyArgs): string {
  const want = wantedLines(a);
  const wantIds = new Map(want.map((l) => [keyId(l)!, l]));
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const out: string[] = [];
  const placed = new Set<string>();
  for (const line of lines) {
    const id = keyId(line);
    if (id === undefined) {
      if (!a.exclusive) out.push(line);
      continue;
    }
    const w = wantIds.get(id);
    if (w === undefined) {
      if (!a.exclusive) out.push(line);
    } else if (a.state === 'present' && !placed.has(id)) {
      out.push(w);
      placed.add(id);
    }
  }
  if (a.state === 'present') for (const [id, l] of wantIds) if (!placed.has(id)) out.push(l);
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

export const authorizedKeyModule: Module<AuthorizedKeyArgs> = {
  name: 'authorized_key',
  args: schema.superRefine((a, ctx) => {
    if (wantedLines(a).length === 0) ctx.addIssue({ code: 'custom', message: 'key holds no SSH public key (type and base64 blob)' });
  }),
  facts: (a) => [authorizedKeysFact(a.user, a.path)],
  plan(a, facts, ctx) {
    const f = facts.get(authorizedKeysFact(a.user, a.path));
    if (!f.user) return { changes: [], fail: `user ${a.user} does not exist on ${ctx.host}` };
    const result = { user: a.user, key: a.key, state: a.state, exclusive: a.exclusive, keyfile: f.path };
    const changes: Change[] = [];
    const owner = `${a.user}:${f.group}`;
    const dir = posix.join(f.home, '.ssh');
    if (a.manage_dir && a.path === undefined && a.state === 'present') {
      if (f.sshDir === undefined) {
        changes.push({
          kind: 'exec',
          description: `mkdir ${dir} (0700)`,
          command: `mkdir -m 0700 -- ${shQuote(dir)} && chown ${shQuote(owner)} -- ${shQuote(dir)}`,
        });
      } else {
        if (f.sshDir.owner !== a.user)
          changes.push({ kind: 'exec', description: `chown ${owner} ${dir}`, command: `chown ${shQuote(owner)} -- ${shQuote(dir)}` });
        if (f.sshDir.mode !== 0o700) changes.push({ kind: 'exec', description: `chmod 0700 ${dir}`, command: `chmod 0700 -- ${shQuote(dir)}` });
      }
    }
    const before = f.file?.content ?? '';
    const after = editAuthorizedKeys(before, a);
    if (after !== before) {
      changes.push({
        kind: 'upload',
        description: `${a.state === 'present' ? 'add' : 'remove'} key(s) in ${f.path}`,
        dest: f.path,
        content: Buffer.from(after),
        mode: '0600',
        owner: a.user,
        group: f.group,
        diff: { before, after },
      });
    } else if (f.file !== undefined) {
      if (f.file.owner !== a.user)
        changes.push({ kind: 'exec', description: `chown ${owner} ${f.path}`, command: `chown ${shQuote(owner)} -- ${shQuote(f.path)}` });
      if (f.file.mode !== 0o600) changes.push({ kind: 'exec', description: `chmod 0600 ${f.path}`, command: `chmod 0600 -- ${shQuote(f.path)}` });
    }
    return { changes, result };
  },
};
