/**
 * `template`: render a handlebars file from the role's templates/ with the host's variables on
 * the control machine; upload only when the sha256 differs.
 * register: { dest, src, checksum }.
 */
import { relative } from 'node:path';
import { z } from 'zod';
import { statFact } from '../../facts/stat.js';
import { renderTemplate } from '../lib/handlebars.js';
import { bool, modeArg, principal, withAliases } from '../lib/args.js';
import { findLocal, planPut, predictPut, readLocal, sha256 } from '../lib/put-file.js';
import type { Module } from '../module.js';

const schema = withAliases(
  { dest: ['path'] },
  z.strictObject({
    src: z.string().min(1),
    dest: z.string().min(1),
    mode: modeArg.optional(),
    owner: principal.optional(),
    group: principal.optional(),
    backup: bool.default(false),
    force: bool.default(true),
    validate: z.string().optional(),
  }),
);

export type TemplateArgs = z.output<typeof schema>;

export const templateModule: Module<TemplateArgs> = {
  name: 'template',
  args: schema,
  facts: (a) => [statFact(a.dest)],
  effects: (a) => [a.dest],
  predict: (a, plan, facts) => predictPut(a.dest, plan.changes, facts.get(statFact(a.dest))),
  async plan(a, facts, ctx) {
    const file = await findLocal(a.src, ctx.baseDir, 'templates');
    const text = (await readLocal(file)).toString('utf8');
    const shown = relative(process.cwd(), file) || file;
    const content = Buffer.from(
      renderTemplate(text, ctx.vars, { file: shown.startsWith('..') ? file : shown, missingHint: '(set it in the inventory, group_vars or -e)' }),
      'utf8',
    );
    const changes = planPut(
      {
        dest: a.dest,
        content,
        attrs: { mode: a.mode, owner: a.owner, group: a.group },
        backup: a.backup,
        force: a.force,
        validate: a.validate,
        what: `from ${a.src}`,
      },
      facts.get(statFact(a.dest)),
    );
    return { changes, result: { dest: a.dest, src: a.src, checksum: sha256(content) } };
  },
};
