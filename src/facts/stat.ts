/**
 * A path's stat (without following a final symlink unless asked): what file, copy, template,
 * stat and friends plan from. The type comes from the raw mode bits (`%f`), not from `%F`, whose
 * words are translated under a non-English locale.
 */
import { shQuote } from '../text/shlex.js';
import type { FactSpec } from './fact.js';
import { keyValues } from '../text/key-value.js';

export type FileType = 'file' | 'directory' | 'link' | 'fifo' | 'socket' | 'char' | 'block';

/** What the stat fact says about one path. Absence is a value: `{ exists: false }`. */
export type StatInfo =
  | { exists: false }
  | {
      exists: true;
      type: FileType;
      /** Permission bits including setuid/setgid/sticky, e.g. 0o644. */
      mode: number;
      owner: string;
      group: string;
      uid: number;
      gid: number;
      size: number;
      /** Seconds since the epoch. */
      mtime: number;
      /** sha256 of a regular file's content (absent for other types or unreadable files). */
      sha256?: string;
      /** A symlink's target as stored (not resolved). */
      linkTarget?: string;
    };

const TYPES: Record<number, FileType> = {
  0o100000: 'file',
  0o040000: 'directory',
  0o120000: 'link',
  0o010000: 'fifo',
  0o140000: 'socket',
  0o020000: 'char',
  0o060000: 'block',
};

// One process per fact where possible (a fork costs the host milliseconds, per fact, per run):
// `printf 'k='; tool` instead of `printf 'k=%s' "$(tool | cut ...)"`.
const FORMAT = 'raw=%f\nowner=%U\ngroup=%G\nuid=%u\ngid=%g\nsize=%s\nmtime=%Y';

/** The stat of `path`; with `follow`, a final symlink is resolved (a dangling one is absent). */
export function statFact(path: string, follow = false): FactSpec<StatInfo> {
  const p = shQuote(path);
  const command = follow
    ? `if [ -e ${p} ]; then stat -L -c '${FORMAT}' -- ${p}; ` +
      `if [ -f ${p} ] && [ -r ${p} ]; then printf 'sha256='; sha256sum < ${p} || echo; fi; ` +
      `else echo absent; fi`
    : `if [ -L ${p} ] || [ -e ${p} ]; then stat -c '${FORMAT}' -- ${p}; ` +
      `if [ -L ${p} ]; then printf 'link='; readlink -- ${p} || echo; ` +
      `elif [ -f ${p} ] && [ -r ${p} ]; then printf 'sha256='; sha256sum < ${p} || echo; fi; ` +
      `else echo absent; fi`;
  return { id: `stat${follow ? '-follow' : ''}:${path}`, command, parse: parseStat };
}

/** Parse the stat snippet's output (exported for tests). */
export function parseStat(stdout: string): StatInfo {
  const text = stdout.trim();
  if (text === 'absent') return { exists: false };
  const kv = keyValues(text);
  const raw = kv.get('raw');
  if (raw === undefined || !/^[0-9a-f]+$/i.test(raw)) throw new Error(`unreadable stat output: ${text.slice(0, 200)}`);
  const bits = parseInt(raw, 16);
  const type = TYPES[bits & 0o170000];
  if (type === undefined) throw new Error(`unknown file type bits in stat output: ${raw}`);
  const num = (k: string) => Number(kv.get(k) ?? 'NaN');
  const info: StatInfo = {
    exists: true,
    type,
    mode: bits & 0o7777,
    owner: kv.get('owner') ?? '',
    group: kv.get('group') ?? '',
    uid: num('uid'),
    gid: num('gid'),
    size: num('size'),
    mtime: num('mtime'),
  };
  // `sha256sum < file` prints "HEX  -": the first word is the sum
  const sha = kv.get('sha256')?.split(/\s/)[0];
  if (sha !== undefined && /^[0-9a-f]{64}$/.test(sha)) info.sha256 = sha;
  const link = kv.get('link');
  if (link !== undefined) info.linkTarget = link;
  return info;
}
