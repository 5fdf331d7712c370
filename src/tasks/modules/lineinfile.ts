/**
 * `lineinfile`: one line present (replacing the last line a regexp matches) or absent, with
 * Ansible's exact rules for insertafter/insertbefore, backrefs and firstmatch.
 * register: { msg: 'line added' | 'line replaced' | 'N line(s) removed' | '' }.
 */
import { z } from 'zod';
import { bool, modeArg, principal, withAliases } from '../lib/args.js';
import { bare, editFacts, planEdit, predictEdit, splitLines } from '../lib/edit-file.js';
import { pyCompile, pyExpand, pyRegex } from '../../text/pyregex-match.js';
import type { Module } from '../module.js';

const schema = withAliases(
  { path: ['dest', 'destfile', 'name'], regexp: ['regex'], line: ['value'] },
  z.strictObject({
    path: z.string().min(1),
    regexp: z.string().optional(),
    search_string: z.string().optional(),
    line: z.string().optional(),
    state: z.enum(['present', 'absent']).default('present'),
    insertafter: z.string().optional(),
    insertbefore: z.string().optional(),
    create: bool.default(false),
    backrefs: bool.default(false),
    firstmatch: bool.default(false),
    backup: bool.default(false),
    validate: z.string().optional(),
    mode: modeArg.optional(),
    owner: principal.optional(),
    group: principal.optional(),
  }),
).superRefine((a, ctx) => {
  const bad = (message: string) => ctx.addIssue({ code: 'custom', message });
  if (a.state === 'present' && a.line === undefined) bad("state: present needs 'line'");
  if (a.state === 'absent' && a.line === undefined && a.regexp === undefined && a.search_string === undefined) {
    bad("state: absent needs 'regexp', 'search_string' or 'line'");
  }
  if (a.insertafter !== undefined && a.insertbefore !== undefined) bad("give 'insertafter' or 'insertbefore', not both");
  if (a.regexp !== undefined && a.search_string !== undefined) bad("give 'regexp' or 'search_string', not both");
  if (a.backrefs && a.regexp === undefined) bad("backrefs needs 'regexp'");
  for (const k of ['regexp', 'insertafter', 'insertbefore'] as const) {
    const v = a[k];
    if (v === undefined || ((k === 'insertafter' || k === 'insertbefore') && (v === 'EOF' || v === 'BOF'))) continue;
    try {
      pyCompile(v);
    } catch (e) {
      bad(`${k}: ${(e as Error).message}`);
    }
  }
});

export type LineinfileArgs = z.output<typeof schema>;

/** Ansible's present(): returns the new text and message. */
export function lineinfilePresent(text: string, a: LineinfileArgs): { text: string; msg: string } {
  const lines = splitLines(text);
  const line = a.line!;
  const pattern = a.regexp !== undefined ? pyCompile(a.regexp) : undefined;
  const re = pattern !== undefined ? pyRegex(pattern.pattern) : undefined;
  const insAfter = a.insertafter !== undefined && a.insertafter !== 'EOF' && a.insertafter !== 'BOF';
  const insBefore = a.insertbefore !== undefined && a.insertbefore !== 'BOF';
  const ins = insAfter ? pyRegex(a.insertafter!) : insBefore ? pyRegex(a.insertbefore!) : undefined;
  let found = -1;
  let insertAt = -1;
  let match: RegExpExecArray | null = null;
  for (let i = 0; i < lines.length; i++) {
    const cur = bare(lines[i]!);
    const m = re !== undefined ? re.exec(cur) : null;
    const hit = re !== undefined ? m !== null : a.search_string !== undefined && cur.includes(a.search_string);
    if (hit) {
      found = i;
      match = m;
      if (a.firstmatch) break;
    }
  }
  if (found < 0) {
    for (let i = 0; i < lines.length; i++) {
      const cur = bare(lines[i]!);
      if (cur === line) found = i;
      else if (ins?.test(cur)) {
        insertAt = insAfter ? i + 1 : i;
        if (a.firstmatch) break;
      }
    }
  }
  const done = (msg: string) => ({ text: lines.join(''), msg });
  if (found >= 0) {
    const wanted = (a.backrefs && match !== null && pattern ? pyExpand(line, match, pattern) : line) + '\n';
    if (lines[found] === wanted) return done('');
    lines[found] = wanted;
    return done('line replaced');
  }
  if (a.backrefs) return done('');
  if (a.insertbefore === 'BOF' || a.insertafter === 'BOF') {
    lines.unshift(line + '\n');
    return done('line added');
  }
  if (a.insertafter === 'EOF' || insertAt === -1) {
    const last = lines[lines.length - 1];
    if (last !== undefined && !last.endsWith('\n')) lines[lines.length - 1] = last + '\n';
    lines.push(line + '\n');
    return done('line added');
  }
  if (insAfter && (insertAt === lines.length ? bare(lines[insertAt - 1]!) === line : bare(lines[insertAt]!) === line)) {
    return done('');
  }
  lines.splice(insertAt, 0, line + '\n');
  return done('line added');
}

/** Ansible's absent(): drop every matching line. */
export function lineinfileAbsent(text: string, a: LineinfileArgs): { text: string; msg: string } {
  const re = a.regexp !== undefined ? pyRegex(a.regexp) : undefined;
  const lines = splitLines(text);
  const kept = lines.filter((l) => {
    const cur = bare(l);
    if (re !== undefined) return !re.test(cur);
    if (a.search_string !== undefined) return !cur.includes(a.search_string);
    return cur !== a.line;
  });
  const n = lines.length - kept.length;
  return { text: kept.join(''), msg: n > 0 ? `${n} line(s) removed` : '' };
}

export const lineinfileModule: Module<LineinfileArgs> = {
  name: 'lineinfile',
  args: schema,
  facts: (a) => editFacts(a.path),
  effects: (a) => [a.path],
  predict: (a, plan, facts, writer) => predictEdit(a.path, plan.changes, facts, writer),
  plan(a, facts) {
    const present = a.state === 'present';
    return planEdit(
      {
        path: a.path,
        attrs: { mode: a.mode, owner: a.owner, group: a.group },
        create: present && a.create,
        missingOk: !present,
        backup: a.backup,
        validate: a.validate,
      },
      facts,
      (text) => (present ? lineinfilePresent(text, a) : lineinfileAbsent(text, a)),
    );
  },
};
