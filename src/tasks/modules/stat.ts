/**
 * `stat`: read a path's stat for `register:`; never changes anything. The result has Ansible's
 * keys (exists, path, mode as '0644', isdir, isreg, islnk, uid, gid, pw_name, gr_name, size,
 * mtime, lnk_target); `checksum` is the sha256 (Ansible's default is sha1; only sha256 is offered).
 * register: { stat: {...} }.
 */
import { z } from 'zod';
import { statFact } from '../../facts/stat.js';
import { bool, withAliases } from '../lib/args.js';
import { formatMode } from '../lib/mode.js';
import type { Module } from '../module.js';

const schema = withAliases(
  { path: ['dest', 'name'] },
  z.strictObject({
    path: z.string().min(1),
    follow: bool.default(false),
    get_checksum: bool.default(true),
    checksum_algorithm: z.enum(['sha256']).default('sha256'),
  }),
);

export type StatArgs = z.output<typeof schema>;

export const statModule: Module<StatArgs> = {
  name: 'stat',
  args: schema,
  facts: (a) => [statFact(a.path, a.follow)],
  plan(a, facts) {
    const st = facts.get(statFact(a.path, a.follow));
    if (!st.exists) return { changes: [], result: { stat: { exists: false } } };
    const stat: Record<string, unknown> = {
      exists: true,
      path: a.path,
      mode: formatMode(st.mode),
      isdir: st.type === 'directory',
      isreg: st.type === 'file',
      islnk: st.type === 'link',
      isfifo: st.type === 'fifo',
      issock: st.type === 'socket',
      ischr: st.type === 'char',
      isblk: st.type === 'block',
      uid: st.uid,
      gid: st.gid,
      pw_name: st.owner,
      gr_name: st.group,
      size: st.size,
      mtime: st.mtime,
    };
    if (st.linkTarget !== undefined) stat.lnk_target = st.linkTarget;
    if (a.get_checksum && st.sha256 !== undefined) stat.checksum = st.sha256;
    return { changes: [], result: { stat } };
  },
};
