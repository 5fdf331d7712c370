/**
 * Placing a file whose content the control machine knows (copy, template, lineinfile, ...):
 * upload only when the sha256 differs, otherwise fix only owner/group/mode.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { UserError } from '../../errors.js';
import { withUnknown } from '../../facts/predicted.js';
import { statFact, type StatInfo } from '../../facts/stat.js';
import { shQuote } from '../../text/shlex.js';
import type { Change, UploadChange } from '../module.js';
import { attrChanges, type Attrs, uploadAttrs } from './attrs.js';

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface PutFile {
  dest: string;
  content: Buffer;
  attrs: Attrs;
  /** Keep a timestamped copy of the old file (`dest.YYYY-MM-DD@HH:MM:SS~`) before replacing it. */
  backup?: boolean;
  /** false: never replace an existing file, only create a missing one. */
  force?: boolean;
  /** A command with `%s` (the new file) that must succeed before it replaces dest, e.g. `visudo -cf %s`. */
  validate?: string;
  /** Text of the old file, when the planner read it (for --diff). */
  before?: string;
  what: string;
}

/** Changes that make `dest` hold `content` with `attrs`, given dest's stat (not following links). */
export function planPut(p: PutFile, st: StatInfo): Change[] {
  if (st.exists && st.type === 'directory') throw new UserError(`${p.dest} is a directory; give the full file path as dest`);
  if (st.exists && st.type === 'file' && st.sha256 === sha256(p.content)) return attrChanges(p.dest, st, p.attrs);
  if (st.exists && p.force === false) return st.type === 'file' ? attrChanges(p.dest, st, p.attrs) : [];
  const current = st.exists ? st : undefined;
  const text = p.content.toString('utf8');
  const upload: UploadChange = {
    kind: 'upload',
    description: `${st.exists ? 'update' : 'create'} ${p.dest} (${p.what})`,
    dest: p.dest,
    content: p.content,
    ...uploadAttrs(p.attrs, current),
    diff: Buffer.from(text, 'utf8').equals(p.content) ? { before: p.before, after: text } : {},
  };
  const out: Change[] = [];
  if (p.backup && st.exists && st.type === 'file') {
    const d = shQuote(p.dest);
    out.push({
      kind: 'exec',
      description: `back up ${p.dest}`,
      command: `cp -p -- ${d} ${d}."$(date +%Y-%m-%d@%H:%M:%S)~"`,
    });
  }
  if (p.validate === undefined) return [...out, upload];
  const tmp = `${p.dest}.afo-new`;
  const check = p.validate.includes('%s') ? p.validate.replaceAll('%s', shQuote(tmp)) : `${p.validate} ${shQuote(tmp)}`;
  out.push(
    { ...upload, dest: tmp },
    {
      kind: 'exec',
      description: `validate and place ${p.dest}`,
      command: `if ${check}; then mv -f -- ${shQuote(tmp)} ${shQuote(p.dest)}; else rm -f -- ${shQuote(tmp)}; exit 1; fi`,
    },
  );
  return out;
}

/**
 * The stat of `dest` after planPut's `changes` (Module.predict for copy and template), or
 * undefined unless they only replace an existing regular file's content and keep its owner and
 * group. Never its mtime (docs/architecture.md §3.3, predicted facts).
 */
export function predictPut(dest: string, changes: Change[], st: StatInfo): Record<string, unknown> | undefined {
  const id = statFact(dest).id;
  if (changes.length === 0) return { [id]: st };
  const u = changes[0];
  if (changes.length !== 1 || u?.kind !== 'upload' || u.dest !== dest || !st.exists || st.type !== 'file') return undefined;
  if ((u.owner ?? st.owner) !== st.owner || (u.group ?? st.group) !== st.group) return undefined;
  const mode = u.mode !== undefined ? parseInt(u.mode, 8) : st.mode;
  return { [id]: withUnknown(st, ['mtime'], { mode, size: u.content.length, sha256: sha256(u.content) }) };
}

/**
 * Find a control-machine file named by a task: absolute as given, else under the role's
 * `<baseDir>/<subdir>/`, then `<baseDir>/`. Throws a UserError listing where it looked.
 */
export async function findLocal(src: string, baseDir: string, subdir: 'files' | 'templates'): Promise<string> {
  const tries = isAbsolute(src) ? [src] : [join(baseDir, subdir, src), join(baseDir, src)];
  for (const t of tries) {
    const s = await stat(t).catch(() => undefined);
    if (s?.isFile()) return t;
    if (s?.isDirectory()) throw new UserError(`${t} is a directory; copying directories is not supported, name a file`);
  }
  throw new UserError(`${subdir === 'files' ? 'file' : 'template'} '${src}' not found (looked in ${tries.join(', ')})`);
}

export async function readLocal(path: string): Promise<Buffer> {
  return readFile(path);
}
