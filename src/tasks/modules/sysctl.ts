/**
 * `sysctl`: a kernel parameter in a sysctl.d file and (with reload, the default) live. The live
 * value is compared through the sysctl fact and set with `sysctl -w` for this key only — never
 * `sysctl -p FILE`, which fails on any other unknown key in the file. A key this kernel does not
 * have is satisfied with a warning (docs/opengauss.md §7.16).
 * register: { name, value, state, warning? }.
 */
import { z } from 'zod';
import { normaliseSysctl, sysctlFact } from '../../facts/sysctl.js';
import { shQuote } from '../../text/shlex.js';
import { bool, withAliases } from '../lib/args.js';
import { editFacts, planEdit, predictEdit, splitLines } from '../lib/edit-file.js';
import type { Change, Module } from '../module.js';

const value = z.union([z.string(), z.number(), z.boolean()]).transform((v) => (v === true ? '1' : v === false ? '0' : String(v)));

const schema = withAliases(
  { name: ['key'], value: ['val'] },
  z.strictObject({
    name: z.string().regex(/^[A-Za-z0-9_./-]+$/, 'a sysctl key like net.ipv4.tcp_retries1'),
    value: value.optional(),
    state: z.enum(['present', 'absent']).default('present'),
    sysctl_file: z.string().min(1).default('/etc/sysctl.d/99-sysctl.conf'),
    reload: bool.default(true),
    sysctl_set: bool.default(true),
    ignoreerrors: bool.default(false),
  }),
).superRefine((a, ctx) => {
  if (a.state === 'present' && a.value === undefined) ctx.addIssue({ code: 'custom', message: "state: present needs 'value'" });
});

export type SysctlArgs = z.output<typeof schema>;

const keyOf = (line: string): string | undefined => {
  const t = line.trim();
  if (t === '' || t.startsWith('#') || t.startsWith(';')) return undefined;
  const i = t.indexOf('=');
  return i < 0 ? undefined : t.slice(0, i).trim().replace(/^-/, '');
};

/** The file with the key set once (first occurrence rewritten, later ones dropped) or removed. */
export function sysctlFileEdit(text: string, a: SysctlArgs): { text: string; msg: string } {
  const want = a.state === 'present' ? normaliseSysctl(a.value!) : undefined;
  const out: string[] = [];
  let seen = false;
  for (const line of splitLines(text)) {
    if (keyOf(line) !== a.name) {
      out.push(line);
      continue;
    }
    if (want === undefined || seen) continue;
    seen = true;
    const current = normaliseSysctl(line.slice(line.indexOf('=') + 1));
    out.push(current === want ? line : `${a.name}=${want}\n`);
  }
  if (want !== undefined && !seen) {
    const last = out[out.length - 1];
    if (last !== undefined && !last.endsWith('\n')) out[out.length - 1] = last + '\n';
    out.push(`${a.name}=${want}\n`);
  }
  return { text: out.join(''), msg: `${a.sysctl_file}: ${a.name}` };
}

export const sysctlModule: Module<SysctlArgs> = {
  name: 'sysctl',
  args: schema,
  facts: (a) => [sysctlFact(a.name), ...editFacts(a.sysctl_file)],
  effects: (a) => [a.sysctl_file],
  // the file only: the live value is this key's own fact, which no other task reads
  predict: (a, plan, facts, writer) =>
    predictEdit(
      a.sysctl_file,
      plan.changes.filter((c) => !(c.kind === 'exec' && c.command.startsWith('sysctl -w '))),
      facts,
      writer,
    ),
  plan(a, facts) {
    const live = facts.get(sysctlFact(a.name));
    const result: Record<string, unknown> = { name: a.name, state: a.state, ...(a.value !== undefined ? { value: a.value } : {}) };
    if (a.state === 'present' && !live.known) {
      const warning = `sysctl key ${a.name} does not exist on this kernel; treated as satisfied`;
      return { changes: [], result: { ...result, warning }, messages: [warning] };
    }
    const file = planEdit({ path: a.sysctl_file, attrs: {}, create: a.state === 'present', missingOk: true, backup: false }, facts, (text) =>
      sysctlFileEdit(text, a),
    );
    if (file.fail !== undefined) return { ...file, result };
    const changes: Change[] = [...file.changes];
    if (a.state === 'present' && a.reload && a.sysctl_set && live.known && live.value !== normaliseSysctl(a.value!)) {
      const set = `sysctl -w ${shQuote(`${a.name}=${normaliseSysctl(a.value!)}`)}`;
      changes.push({
        kind: 'exec',
        description: `sysctl ${a.name}: ${live.value} -> ${normaliseSysctl(a.value!)}`,
        command: a.ignoreerrors ? `${set} || true` : `${set} >/dev/null`,
      });
    }
    return { changes, result };
  },
};
