/**
 * Whether anything under a directory differs from a wanted owner, group or octal mode (file's
 * `recurse: yes`). One `find` per attribute that stops at the first mismatch.
 */
import { shQuote } from '../text/shlex.js';
import type { FactSpec } from './fact.js';

export interface TreeWant {
  owner?: string;
  group?: string;
  /** Octal mode, e.g. '0755'. Symlinks are not compared (they have no mode of their own). */
  mode?: string;
}

/** For each attribute asked about: true when some entry under the directory differs. */
export interface TreeDiff {
  owner: boolean;
  group: boolean;
  mode: boolean;
}

export function treeFact(path: string, want: TreeWant): FactSpec<TreeDiff> {
  const p = shQuote(path);
  const probe = (name: string, test: string) => `printf '${name}=%s\\n' "$(find ${p} ${test} -print 2>/dev/null | head -n 1 | wc -l)"`;
  const parts = [
    want.owner !== undefined ? probe('owner', `! -user ${shQuote(want.owner)}`) : `echo owner=0`,
    want.group !== undefined ? probe('group', `! -group ${shQuote(want.group)}`) : `echo group=0`,
    want.mode !== undefined ? probe('mode', `! -type l ! -perm ${shQuote(want.mode)}`) : `echo mode=0`,
  ];
  return {
    id: `tree:${path}:${want.owner ?? ''}:${want.group ?? ''}:${want.mode ?? ''}`,
    command: `if [ -d ${p} ]; then ${parts.join('; ')}; else echo absent; fi`,
    parse: (stdout) => {
      const kv = new Map(
        stdout
          .trim()
          .split('\n')
          .map((l) => l.trim().split('=') as [string, string]),
      );
      if (kv.has('absent')) return { owner: false, group: false, mode: false };
      const flag = (k: string) => {
        const v = kv.get(k);
        if (v === undefined) throw new Error(`unreadable tree output: ${stdout.slice(0, 100)}`);
        return Number(v) > 0;
      };
      return { owner: flag('owner'), group: flag('group'), mode: flag('mode') };
    },
  };
}
