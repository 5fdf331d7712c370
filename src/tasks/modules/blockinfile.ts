/**
 * `blockinfile`: a block of lines between `# BEGIN ANSIBLE MANAGED BLOCK` / `# END ...` markers
 * (Ansible's default marker, so files edited by the original tool are recognised), present or absent.
 * register: { msg: 'Block inserted' | 'Block removed' | '' }.
 */
import { z } from 'zod';
import { bool, modeArg, principal, withAliases } from '../lib/args.js';
import { bare, editFacts, planEdit, predictEdit, splitLines } from '../lib/edit-file.js';
import { pyRegex } from '../../text/pyregex-match.js';
import type { Module } from '../module.js';

const schema = withAliases(
  { path: ['dest', 'destfile', 'name'], block: ['content'] },
  z.strictObject({
    path: z.string().min(1),
    block: z.string().default(''),
    marker: z.string().default('# {mark} ANSIBLE MANAGED BLOCK'),
    marker_begin: z.string().default('BEGIN'),
    marker_end: z.string().default('END'),
    state: z.enum(['present', 'absent']).default('present'),
    insertafter: z.string().optional(),
    insertbefore: z.string().optional(),
    create: bool.default(false),
    backup: bool.default(false),
    validate: z.string().optional(),
    mode: modeArg.optional(),
    owner: principal.optional(),
    group: principal.optional(),
  }),
).superRefine((a, ctx) => {
  if (a.insertafter !== undefined && a.insertbefore !== undefined) {
    ctx.addIssue({ code: 'custom', message: "give 'insertafter' or 'insertbefore', not both" });
  }
  if (!a.marker.includes('{mark}')) ctx.addIssue({ code: 'custom', message: "marker must contain '{mark}'" });
});

export type BlockinfileArgs = z.output<typeof schema>;

/** Ansible's blockinfile main(): the new text for the file's current text. */
export function blockinfileEdit(text: string, a: BlockinfileArgs): { text: string; msg: string } {
  const lines = splitLines(text);
  const begin = a.marker.replace('{mark}', a.marker_begin);
  const end = a.marker.replace('{mark}', a.marker_end);
  const present = a.state === 'present' && a.block !== '';
  const blockLines = present ? [begin, ...a.block.replace(/\n$/, '').split('\n'), end].map((l) => l + '\n') : [];
  let b = -1;
  let e = -1;
  lines.forEach((l, i) => {
    if (bare(l) === begin) b = i;
    else if (bare(l) === end) e = i;
  });
  let at: number;
  if (b >= 0 && e >= 0) {
    // As Ansible: both markers found (in either order) -> the block is what lies between them.
    at = Math.min(b, e);
    lines.splice(at, Math.abs(e - b) + 1);
  } else {
    at = lines.length;
    const anchor = a.insertafter ?? a.insertbefore;
    if (a.insertbefore === 'BOF') at = 0;
    else if (anchor !== undefined && anchor !== 'EOF') {
      const re = pyRegex(anchor);
      for (let i = lines.length - 1; i >= 0; i--) {
        if (re.test(bare(lines[i]!))) {
          at = a.insertafter !== undefined ? i + 1 : i;
          break;
        }
      }
    }
  }
  const last = lines[at - 1];
  if (at > 0 && at === lines.length && last !== undefined && !last.endsWith('\n') && blockLines.length > 0) {
    lines[at - 1] = last + '\n';
  }
  lines.splice(at, 0, ...blockLines);
  const out = lines.join('');
  if (out === text) return { text, msg: '' };
  return { text: out, msg: present ? (b >= 0 ? 'Block replaced' : 'Block inserted') : 'Block removed' };
}

export const blockinfileModule: Module<BlockinfileArgs> = {
  name: 'blockinfile',
  args: schema,
  facts: (a) => editFacts(a.path),
  effects: (a) => [a.path],
  predict: (a, plan, facts, writer) => predictEdit(a.path, plan.changes, facts, writer),
  plan(a, facts) {
    return planEdit(
      {
        path: a.path,
        attrs: { mode: a.mode, owner: a.owner, group: a.group },
        create: a.state === 'present' && a.create,
        missingOk: a.state === 'absent',
        backup: a.backup,
        validate: a.validate,
      },
      facts,
      (text) => blockinfileEdit(text, a),
    );
  },
};
