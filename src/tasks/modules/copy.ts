/**
 * `copy`: a file from the role's files/ (or inline `content`) to the host, uploaded only when its
 * sha256 differs; `remote_src: yes` copies a file already on the host.
 * register: { dest, src?, checksum (sha256 of the wanted content, when known) }.
 */
import { basename, posix } from 'node:path';
import { z } from 'zod';
import type { FactSpec } from '../../facts/fact.js';
import { statFact } from '../../facts/stat.js';
import { shQuote } from '../../text/shlex.js';
import { bool, modeArg, principal, withAliases } from '../lib/args.js';
import { attrChanges, type Attrs } from '../lib/attrs.js';
import { formatMode, resolveMode } from '../lib/mode.js';
import { findLocal, planPut, predictPut, readLocal, sha256 } from '../lib/put-file.js';
import type { Change, Module } from '../module.js';

const schema = withAliases(
  { dest: ['path'] },
  z.strictObject({
    src: z.string().min(1).optional(),
    content: z.string().optional(),
    dest: z.string().min(1),
    mode: modeArg.optional(),
    owner: principal.optional(),
    group: principal.optional(),
    backup: bool.default(false),
    force: bool.default(true),
    remote_src: bool.default(false),
    validate: z.string().optional(),
  }),
).superRefine((a, ctx) => {
  if ((a.src === undefined) === (a.content === undefined)) {
    ctx.addIssue({ code: 'custom', message: "give exactly one of 'src' or 'content'" });
  }
  if (a.remote_src && a.src === undefined) ctx.addIssue({ code: 'custom', message: "remote_src needs 'src'" });
});

export type CopyArgs = z.output<typeof schema>;

/** Ansible: a dest ending in '/' (or an existing directory) receives the file under src's name. */
function targets(a: CopyArgs): { dest: string; inDir?: string } {
  if (a.src === undefined) return { dest: a.dest };
  const inDir = posix.join(a.dest, basename(a.src));
  return a.dest.endsWith('/') ? { dest: inDir } : { dest: a.dest, inDir };
}

export const copyModule: Module<CopyArgs> = {
  name: 'copy',
  args: schema,
  effects: (a) => [targets(a).dest],
  // content placed from the control machine at dest itself (not into a directory, not remote_src)
  predict(a, plan, facts) {
    const t = targets(a);
    const st = facts.get(statFact(t.dest));
    if (a.remote_src || (t.inDir !== undefined && st.exists && st.type === 'directory')) return undefined;
    return predictPut(t.dest, plan.changes, st);
  },
  facts(a) {
    const t = targets(a);
    const out: FactSpec[] = [statFact(t.dest)];
    if (t.inDir !== undefined) out.push(statFact(t.inDir));
    if (a.remote_src) out.push(statFact(a.src!, true));
    return out;
  },
  async plan(a, facts, ctx) {
    const t = targets(a);
    let dest = t.dest;
    let st = facts.get(statFact(dest));
    if (t.inDir !== undefined && st.exists && st.type === 'directory') {
      dest = t.inDir;
      st = facts.get(statFact(dest));
    }
    const attrs: Attrs = { mode: a.mode, owner: a.owner, group: a.group };
    if (a.remote_src) {
      const src = facts.get(statFact(a.src!, true));
      if (!src.exists || src.type !== 'file') return { changes: [], fail: `remote src ${a.src} is not a file on ${ctx.host}` };
      const result = { dest, src: a.src, checksum: src.sha256 };
      if (st.exists && st.type === 'file' && st.sha256 === src.sha256) return { changes: attrChanges(dest, st, attrs), result };
      if (st.exists && !a.force) return { changes: [], result };
      const changes: Change[] = [{ kind: 'exec', description: `copy ${a.src} to ${dest}`, command: `cp -- ${shQuote(a.src!)} ${shQuote(dest)}` }];
      // cp into an existing file keeps its inode and attributes; a new file needs them set.
      if (st.exists && st.type === 'file') changes.push(...attrChanges(dest, st, attrs));
      else {
        if (a.owner !== undefined || a.group !== undefined) {
          const spec = `${a.owner ?? ''}${a.group !== undefined ? `:${a.group}` : ''}`;
          changes.push({ kind: 'exec', description: `chown ${spec} ${dest}`, command: `chown ${shQuote(spec)} -- ${shQuote(dest)}` });
        }
        if (a.mode !== undefined) {
          const m = formatMode(resolveMode(a.mode, src.mode, false));
          changes.push({ kind: 'exec', description: `chmod ${m} ${dest}`, command: `chmod ${m} -- ${shQuote(dest)}` });
        }
      }
      return { changes, result };
    }
    const content = a.content !== undefined ? Buffer.from(a.content, 'utf8') : await readLocal(await findLocal(a.src!, ctx.baseDir, 'files'));
    const changes = planPut({ dest, content, attrs, backup: a.backup, force: a.force, validate: a.validate, what: a.src ?? 'inline content' }, st);
    return { changes, result: { dest, ...(a.src !== undefined ? { src: a.src } : {}), checksum: sha256(content) } };
  },
};
