/**
 * `replace`: every match of a (Python-syntax, multiline) regexp replaced, optionally only
 * between `after` and `before` anchors. register: { msg: 'N replacements made' | '' }.
 */
import { z } from 'zod';
import { bool, modeArg, principal, withAliases } from '../lib/args.js';
import { editFacts, planEdit, predictEdit } from '../lib/edit-file.js';
import { pyCompile, pyFinditer, pySub, pyTemplate } from '../../text/pyregex-match.js';
import type { Module } from '../module.js';

const schema = withAliases(
  { path: ['dest', 'destfile', 'name'] },
  z.strictObject({
    path: z.string().min(1),
    regexp: z.string().min(1),
    replace: z.string().default(''),
    after: z.string().optional(),
    before: z.string().optional(),
    backup: bool.default(false),
    validate: z.string().optional(),
    mode: modeArg.optional(),
    owner: principal.optional(),
    group: principal.optional(),
  }),
).superRefine((a, ctx) => {
  for (const k of ['regexp', 'after', 'before'] as const) {
    const v = a[k];
    if (v === undefined) continue;
    try {
      const p = pyCompile(v);
      if (k === 'regexp') pyTemplate(a.replace, p); // a bad \3 fails here, before any host
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `${k}: ${(e as Error).message}` });
    }
  }
});

export type ReplaceArgs = z.output<typeof schema>;

/** The new text and how many replacements were made (Python's re.subn with MULTILINE). */
export function replaceEdit(text: string, a: ReplaceArgs): { text: string; msg: string } {
  // Ansible: the section starts after the first match of `after` and ends before the first
  // match of `before` (DOTALL for these two anchors).
  let start = 0;
  let end = text.length;
  if (a.after !== undefined) {
    const m = pyFinditer(pyCompile(a.after, { dotall: true }), text).next().value;
    if (m !== null) start = m.index + m[0].length;
  }
  if (a.before !== undefined) {
    const m = pyFinditer(pyCompile(a.before, { dotall: true }), text.slice(start)).next().value;
    if (m !== null) end = start + m.index;
  }
  const { text: section, n } = pySub(pyCompile(a.regexp, { multiline: true }), a.replace, text.slice(start, end));
  const out = text.slice(0, start) + section + text.slice(end);
  return { text: out, msg: out === text ? '' : `${n} replacements made` };
}

export const replaceModule: Module<ReplaceArgs> = {
  name: 'replace',
  args: schema,
  facts: (a) => editFacts(a.path),
  effects: (a) => [a.path],
  predict: (a, plan, facts, writer) => predictEdit(a.path, plan.changes, facts, writer),
  plan(a, facts) {
    return planEdit(
      { path: a.path, attrs: { mode: a.mode, owner: a.owner, group: a.group }, create: false, missingOk: false, backup: a.backup, validate: a.validate },
      facts,
      (text) => replaceEdit(text, a),
    );
  },
};
