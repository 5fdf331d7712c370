/**
 * The shared shape of lineinfile, blockinfile, replace and friends: read the file's text (a
 * fact), compute the new text with a pure function, and upload it only when it differs — keeping
 * the file's owner/group/mode unless the task sets them.
 */
import { posix } from 'node:path';
import type { FactReader, FactSpec } from '../../facts/fact.js';
import { fileContentFact } from '../../facts/file-content.js';
import { statFact } from '../../facts/stat.js';
import { shQuote } from '../../text/shlex.js';
import type { Change, PlanResult } from '../module.js';
import { attrChanges, type Attrs } from './attrs.js';
import { planPut, sha256 } from './put-file.js';
import { withUnknown } from '../../facts/predicted.js';

export interface EditOptions {
  path: string;
  attrs: Attrs;
  /** Create a missing file (with its parent directories). Otherwise a missing file is an error or nothing to do. */
  create: boolean;
  /** What to do with a missing file when `create` is false: fail (lineinfile present) or nothing. */
  missingOk: boolean;
  backup: boolean;
  validate?: string;
}

/** The facts an edit reads (the stat follows symlinks: an edit writes through a link). */
export function editFacts(path: string): FactSpec[] {
  return [fileContentFact(path), statFact(path, true)];
}

/**
 * Plan an edit. `edit` gets the current text ('' for a missing file to be created) and returns the
 * new text (or the same text when nothing needs to change) plus a message for `register:`.
 */
export function planEdit(o: EditOptions, facts: FactReader, edit: (text: string) => { text: string; msg: string }): PlanResult {
  const fc = facts.get(fileContentFact(o.path));
  const st = facts.get(statFact(o.path, true));
  // Write to the link's target so that a symlinked file (99-sysctl.conf -> ../sysctl.conf) stays a link.
  const dest = fc.realPath ?? o.path;
  if (fc.exists && !fc.isFile) return { changes: [], fail: `${o.path} exists but is not a regular file` };
  if (!fc.exists && !o.create) {
    if (o.missingOk) return { changes: [], result: { msg: '' } };
    return { changes: [], fail: `${o.path} does not exist; set create: yes to create it` };
  }
  const { text, msg } = edit(fc.content);
  if (fc.exists && text === fc.content) {
    return { changes: st.exists ? attrChanges(dest, st, o.attrs) : [], result: { msg: '' } };
  }
  if (!fc.exists && text === '') return { changes: [], result: { msg: '' } };
  const changes: Change[] = [];
  if (!fc.exists) {
    const dir = posix.dirname(o.path);
    changes.push({ kind: 'exec', description: `mkdir ${dir}`, command: `mkdir -p -- ${shQuote(dir)}` });
  }
  changes.push(
    ...planPut({ dest, content: Buffer.from(text, 'utf8'), attrs: o.attrs, backup: o.backup, validate: o.validate, before: fc.content, what: msg }, st),
  );
  return { changes, result: { msg } };
}

/** Split text into lines that keep their line endings (Python's readlines). */
export function splitLines(text: string): string[] {
  return text === '' ? [] : (text.match(/[^\n]*\n|[^\n]+$/g) ?? []);
}

/** A line without its line ending (Python's rstrip('\r\n')). */
export function bare(line: string): string {
  return line.replace(/[\r\n]+$/, '');
}

/**
 * The file's content and stat after an edit's `changes` (Module.predict), or undefined when they
 * do not place the new text at the file directly (a validate step, attributes only). Never an
 * mtime. A new file is predicted only when root writes it into an existing directory: then it is
 * root's, in group root or the directory's group when that is setgid (the placement sets no
 * owner on a new file it was not asked for), at the path `readlink -f` gave.
 */
export function predictEdit(path: string, changes: Change[], facts: FactReader, writer: string): Record<string, unknown> | undefined {
  const fc = facts.get(fileContentFact(path));
  const st = facts.get(statFact(path, true));
  const content = fileContentFact(path).id;
  const stat = statFact(path, true).id;
  if (changes.length === 0) return { [content]: fc, [stat]: st };
  const uploads = changes.filter((c) => c.kind === 'upload');
  const u = uploads[0];
  // mkdir of the parent and the backup copy leave the file itself alone
  const others = changes.filter((c) => c.kind === 'exec' && !/^(mkdir -p|cp -p) -- /.test(c.command));
  if (uploads.length !== 1 || u === undefined || u.dest !== (fc.realPath ?? path) || others.length > 0) return undefined;
  const text = u.content.toString('utf8');
  const sum = { size: u.content.length, sha256: sha256(u.content) };
  if (!fc.exists) {
    const at = fc.newFile;
    if (at === undefined || st.exists || writer !== 'root' || u.owner !== undefined || u.group !== undefined) {
      return { [content]: withUnknown({ exists: true, isFile: true, content: text }, ['realPath']) };
    }
    const created = { exists: true, isFile: true, content: text, ...(at.realPath !== path ? { realPath: at.realPath } : {}) };
    const group = at.setgid ? { group: at.group, gid: at.gid } : { group: 'root', gid: 0 };
    const mode = u.mode !== undefined ? parseInt(u.mode, 8) : 0o644;
    return { [content]: created, [stat]: withUnknown({ exists: true, type: 'file', mode, owner: 'root', uid: 0, ...group, ...sum }, ['mtime']) };
  }
  if (!st.exists || st.type !== 'file') return { [content]: withUnknown({ exists: true, isFile: true, content: text }, ['realPath']) };
  const after = withUnknown(fc, [], { content: text });
  const sameOwner = (u.owner ?? st.owner) === st.owner && (u.group ?? st.group) === st.group;
  if (!sameOwner) return { [content]: after };
  const mode = u.mode !== undefined ? parseInt(u.mode, 8) : st.mode;
  return { [content]: after, [stat]: withUnknown(st, ['mtime'], { mode, ...sum }) };
}
