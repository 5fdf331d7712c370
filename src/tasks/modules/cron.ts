/**
 * `cron`: one job marked `#Ansible: NAME` (Ansible's marker, so jobs the original tool made are
 * found) in a user's crontab or in a cron_file (/etc/cron.d/NAME, with a user column).
 * register: { name, job?, state, cron_file? }.
 */
import { posix } from 'node:path';
import { z } from 'zod';
import type { FactSpec } from '../../facts/fact.js';
import { crontabFact } from '../../facts/cron.js';
import { bool, scalarString, withAliases } from '../lib/args.js';
import { editFacts, planEdit, splitLines } from '../lib/edit-file.js';
import { shQuote } from '../../text/shlex.js';
import type { Module } from '../module.js';

const field = scalarString.default('*');

const schema = withAliases(
  { job: ['value'] },
  z.strictObject({
    name: z.string().min(1),
    job: z.string().min(1).optional(),
    user: z.string().min(1).optional(),
    cron_file: z.string().min(1).optional(),
    minute: field,
    hour: field,
    day: field,
    month: field,
    weekday: field,
    special_time: z.enum(['annually', 'daily', 'hourly', 'monthly', 'reboot', 'weekly', 'yearly']).optional(),
    state: z.enum(['present', 'absent']).default('present'),
    disabled: bool.default(false),
  }),
).superRefine((a, ctx) => {
  if (a.state === 'present' && a.job === undefined) ctx.addIssue({ code: 'custom', message: "state: present needs 'job'" });
  if (a.name.includes('\n') || (a.job ?? '').includes('\n')) ctx.addIssue({ code: 'custom', message: 'name and job must be one line' });
});

export type CronArgs = z.output<typeof schema>;

/** Ansible: a relative cron_file lives in /etc/cron.d. */
function cronFilePath(a: CronArgs): string | undefined {
  if (a.cron_file === undefined) return undefined;
  return posix.isAbsolute(a.cron_file) ? a.cron_file : posix.join('/etc/cron.d', a.cron_file);
}

export function cronJobLine(a: CronArgs): string {
  const when = a.special_time !== undefined ? `@${a.special_time}` : [a.minute, a.hour, a.day, a.month, a.weekday].join(' ');
  const user = a.cron_file !== undefined ? ` ${a.user ?? 'root'}` : '';
  return `${a.disabled ? '#' : ''}${when}${user} ${a.job}`;
}

/** Ansible's cron edit: replace the line after the marker, append marker+job, or drop both. */
export function cronEdit(text: string, a: CronArgs): { text: string; msg: string } {
  const marker = `#Ansible: ${a.name}`;
  const lines = splitLines(text).map((l) => l.replace(/\n$/, ''));
  const out: string[] = [];
  let found = false;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== marker) {
      out.push(lines[i]!);
      continue;
    }
    i++; // the job line belongs to the marker
    if (a.state === 'present' && !found) out.push(marker, cronJobLine(a));
    found = true;
  }
  if (a.state === 'present' && !found) out.push(marker, cronJobLine(a));
  const joined = out.length === 0 ? '' : `${out.join('\n')}\n`;
  if (joined.replace(/\n$/, '') === text.replace(/\n$/, '')) return { text, msg: '' };
  return { text: joined, msg: a.state === 'present' ? `cron job ${a.name}` : `removed cron job ${a.name}` };
}

export const cronModule: Module<CronArgs> = {
  name: 'cron',
  args: schema,
  facts(a) {
    const file = cronFilePath(a);
    const out: FactSpec[] = file !== undefined ? editFacts(file) : [crontabFact(a.user ?? 'root')];
    return out;
  },
  plan(a, facts, ctx) {
    const result = { name: a.name, state: a.state, ...(a.job !== undefined ? { job: a.job } : {}) };
    const file = cronFilePath(a);
    if (file !== undefined) {
      const p = planEdit(
        { path: file, attrs: { mode: { kind: 'octal', value: 0o644 } }, create: a.state === 'present', missingOk: true, backup: false },
        facts,
        (t) => cronEdit(t, a),
      );
      return { ...p, result: { ...result, cron_file: file } };
    }
    const user = a.user ?? 'root';
    const tab = facts.get(crontabFact(user));
    if (!tab.available) {
      if (a.state === 'absent') return { changes: [], result };
      return { changes: [], fail: `${ctx.host} has no crontab command (install cronie or cron)`, result };
    }
    const { text, msg } = cronEdit(tab.content, a);
    if (text === tab.content) return { changes: [], result };
    return {
      changes: [{ kind: 'exec', description: `${msg} (crontab of ${user})`, command: `crontab -u ${shQuote(user)} -`, stdin: text }],
      result,
    };
  },
};
