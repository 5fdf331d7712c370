/**
 * `group`: a group present with a gid, or absent. register: { name, gid?, state }.
 */
import { z } from 'zod';
import { groupFact } from '../../facts/users.js';
import { shQuote } from '../../text/shlex.js';
import { bool } from '../lib/args.js';
import type { Module } from '../module.js';

const schema = z.strictObject({
  name: z.string().min(1),
  gid: z.coerce.number().int().nonnegative().optional(),
  state: z.enum(['present', 'absent']).default('present'),
  system: bool.default(false),
});

export type GroupArgs = z.output<typeof schema>;

export const groupModule: Module<GroupArgs> = {
  name: 'group',
  args: schema,
  facts: (a) => [groupFact(a.name)],
  effects: () => ['/etc/group', '/etc/gshadow'],
  plan(a, facts) {
    const g = facts.get(groupFact(a.name));
    const n = shQuote(a.name);
    if (a.state === 'absent') {
      return {
        changes: g.exists ? [{ kind: 'exec', description: `groupdel ${a.name}`, command: `groupdel ${n}` }] : [],
        result: { name: a.name, state: 'absent' },
      };
    }
    const result = { name: a.name, state: 'present', gid: a.gid ?? (g.exists ? g.gid : undefined) };
    if (!g.exists) {
      const opts = `${a.gid !== undefined ? `-g ${a.gid} ` : ''}${a.system ? '-r ' : ''}`;
      return { changes: [{ kind: 'exec', description: `groupadd ${a.name}`, command: `groupadd ${opts}${n}` }], result };
    }
    if (a.gid !== undefined && g.gid !== a.gid) {
      return { changes: [{ kind: 'exec', description: `groupmod ${a.name}: gid ${g.gid} -> ${a.gid}`, command: `groupmod -g ${a.gid} ${n}` }], result };
    }
    return { changes: [], result };
  },
};
