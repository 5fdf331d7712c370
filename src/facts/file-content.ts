/**
 * A text file's content (lineinfile, blockinfile, replace, sysctl's file, cron files), sent as
 * base64 so that no byte — a missing final newline, a CR, a NUL — is lost on the way.
 */
import { posix } from 'node:path';
import { globQuote, shQuote } from '../text/shlex.js';
import type { FactSpec } from './fact.js';

/** `exists` with `isFile: false` means the path is something else (a directory, a device). */
export interface FileContent {
  exists: boolean;
  isFile: boolean;
  /** The content as UTF-8 text ('' when absent). */
  content: string;
  /**
   * The file's real path when `path` is (or goes through) a symlink, e.g. Debian's and RHEL's
   * /etc/sysctl.d/99-sysctl.conf -> ../sysctl.conf. Edits write there, so the link survives.
   */
  realPath?: string;
  /**
   * For a missing file (not a dangling link) whose directory exists: where a file created there
   * lands (readlink -f) and the directory's setgid bit and group, which decide a new file's group.
   * What a batch predicts about a file it creates comes from this (docs/architecture.md §3.3).
   */
  newFile?: { realPath: string; setgid: boolean; gid: number; group: string };
}

export function fileContentFact(path: string): FactSpec<FileContent> {
  const p = shQuote(path);
  return {
    id: `content:${path}`,
    command:
      `if [ -f ${p} ]; then echo file; printf 'real='; readlink -f -- ${p} || echo; base64 < ${p}; elif [ -e ${p} ]; then echo other; ` +
      `else echo absent; [ -L ${p} ] || { printf 'real='; readlink -f -- ${p} || echo; printf 'dir='; stat -L -c '%a %g %G' -- ${shQuote(posix.dirname(path))} || echo; }; fi`,
    parse(stdout) {
      const fc = parseFileContent(stdout);
      if (fc.realPath === path) delete fc.realPath; // not a link: nothing to say
      return fc;
    },
  };
}

export function parseFileContent(stdout: string): FileContent {
  const nl = stdout.indexOf('\n');
  const head = (nl < 0 ? stdout : stdout.slice(0, nl)).trim();
  if (head === 'absent') return withNewFile({ exists: false, isFile: false, content: '' }, nl < 0 ? '' : stdout.slice(nl + 1));
  if (head === 'other') return { exists: true, isFile: false, content: '' };
  if (head !== 'file') throw new Error(`unreadable file-content output: ${stdout.slice(0, 100)}`);
  let rest = nl < 0 ? '' : stdout.slice(nl + 1);
  let realPath: string | undefined;
  const real = /^real=(.*)\n/.exec(rest);
  if (real !== null) {
    realPath = real[1];
    rest = rest.slice(real[0].length);
  }
  const b64 = rest.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new Error('file-content output is not base64');
  const out: FileContent = { exists: true, isFile: true, content: Buffer.from(b64, 'base64').toString('utf8') };
  if (realPath !== undefined && realPath !== '') out.realPath = realPath;
  return out;
}

/** A missing file's `real=` and `dir=MODE GID GROUP` lines, when both were read. */
function withNewFile(fc: FileContent, rest: string): FileContent {
  const real = /^real=(\/.*)$/m.exec(rest)?.[1];
  const dir = /^dir=([0-7]+) (\d+) (\S+)$/m.exec(rest);
  if (real === undefined || dir === null) return fc;
  return { ...fc, newFile: { realPath: real, setgid: (parseInt(dir[1]!, 8) & 0o2000) !== 0, gid: Number(dir[2]), group: dir[3]! } };
}

/**
 * Whether anything matches a path or glob pattern (`creates:`/`removes:`). Only `*`, `?` and
 * `[...]` are special; every other character is matched literally.
 */
export function pathExistsFact(pattern: string): FactSpec<boolean> {
  return {
    id: `exists:${pattern}`,
    command: `afo_hit=no; for afo_f in ${globQuote(pattern)}; do if [ -e "$afo_f" ] || [ -L "$afo_f" ]; then afo_hit=yes; break; fi; done; echo "$afo_hit"`,
    parse: (stdout) => {
      const s = stdout.trim();
      if (s !== 'yes' && s !== 'no') throw new Error(`unreadable exists output: ${s.slice(0, 100)}`);
      return s === 'yes';
    },
  };
}
