/**
 * `package` (also `yum`, `dnf`, `apt`): packages present, latest or absent, with the manager the
 * base facts found on the host (dnf, yum, apt or zypper). All missing packages go into ONE install command.
 * register: { results: [names changed], state, manager }.
 */
import { z } from 'zod';
import type { FactSpec } from '../../facts/fact.js';
import { type BaseFacts, baseFacts } from '../../facts/base.js';
import { packagesFact, upgradableFact } from '../../facts/packages.js';
import { shJoin } from '../../text/shlex.js';
import { bool, stringList, withAliases } from '../lib/args.js';
import type { ExecChange, Module } from '../module.js';

const schema = withAliases(
  { name: ['pkg'] },
  z.strictObject({
    name: stringList.pipe(z.array(z.string().regex(/^[^\s'"`;|&$<>]+$/, 'a package name')).min(1, 'name lists no package')),
    state: z.enum(['present', 'installed', 'latest', 'absent', 'removed']).default('present'),
    update_cache: bool.default(false),
    use: z.string().optional(),
  }),
);

export type PackageArgs = z.output<typeof schema>;

type PackageManager = NonNullable<BaseFacts['pkgMgr']>;

function command(pm: PackageManager, verb: 'install' | 'remove', names: string[], refresh: boolean): string {
  if (pm === 'apt') {
    const update = refresh && verb === 'install' ? 'apt-get update -q && ' : '';
    return `${update}DEBIAN_FRONTEND=noninteractive apt-get -y -q ${verb} ${shJoin(names)}`;
  }
  if (pm === 'zypper') return `zypper -n${refresh && verb === 'install' ? ' --refresh' : ''} ${verb} ${shJoin(names)}`;
  return `${pm} -y${refresh && verb === 'install' ? ' --refresh' : ''} ${verb} ${shJoin(names)}`;
}

function packageModule(name: string): Module<PackageArgs> {
  return {
    name,
    args: schema,
    facts(a) {
      const out: FactSpec[] = [baseFacts, packagesFact(a.name)];
      if (a.state === 'latest') out.push(upgradableFact(a.name));
      return out;
    },
    plan(a, facts, ctx) {
      const os = facts.get(baseFacts);
      const have = facts.get(packagesFact(a.name));
      const pm = os.pkgMgr;
      const absent = a.state === 'absent' || a.state === 'removed';
      const result = { state: a.state, manager: pm, results: [] as string[] };
      if (pm === undefined || have.tool === 'none') {
        return { changes: [], result, fail: `${ctx.host} (${os.distribution} ${os.version}) has no dnf, yum, apt-get or zypper; cannot manage packages` };
      }
      let todo: string[];
      if (absent) todo = a.name.filter((n) => have.installed[n] === true);
      else {
        todo = a.name.filter((n) => have.installed[n] !== true);
        if (a.state === 'latest') {
          const up = new Set(facts.get(upgradableFact(a.name)));
          todo.push(...a.name.filter((n) => have.installed[n] === true && up.has(n)));
        }
      }
      if (todo.length === 0) return { changes: [], result };
      const verb = absent ? 'remove' : 'install';
      const change: ExecChange = {
        kind: 'exec',
        description: `${pm} ${verb} ${todo.join(' ')}`,
        command: command(pm, verb, todo, a.update_cache),
      };
      return { changes: [change], result: { ...result, results: todo } };
    },
  };
}

export const packageModules: Module<PackageArgs>[] = ['package', 'yum', 'dnf', 'apt'].map(packageModule);
