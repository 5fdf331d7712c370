import { describe, expect, it } from 'vitest';
import { parseStat, statFact } from '../../../src/facts/stat.js';

// Captured on the Debian 12 dev machine (GNU coreutils stat) from the statFact snippet.
const FILE = `raw=81a0
owner=nobody
group=daemon
uid=65534
gid=1
size=6
mtime=1795456335
sha256=5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03
`;
const DIR = 'raw=43ff\nowner=root\ngroup=root\nuid=0\ngid=0\nsize=4096\nmtime=1795456271\n';
const LINK = 'raw=a1ff\nowner=root\ngroup=root\nuid=0\ngid=0\nsize=1\nmtime=1795456335\nlink=f\n';

describe('stat fact', () => {
  it('parses a regular file with its sha256', () => {
    expect(parseStat(FILE)).toEqual({
      exists: true,
      type: 'file',
      mode: 0o640,
      owner: 'nobody',
      group: 'daemon',
      uid: 65534,
      gid: 1,
      size: 6,
      mtime: 1795456335,
      sha256: '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03',
    });
  });
  it('parses a sticky directory and a symlink', () => {
    expect(parseStat(DIR)).toMatchObject({ type: 'directory', mode: 0o1777 });
    expect(parseStat(LINK)).toMatchObject({ type: 'link', linkTarget: 'f', mode: 0o777 });
  });
  it('reads absence as a value', () => {
    expect(parseStat('absent\n')).toEqual({ exists: false });
  });
  it('throws on output it cannot read', () => {
    expect(() => parseStat('stat: cannot stat')).toThrow(/unreadable/);
  });
  it('keys the fact by path and follow', () => {
    expect(statFact('/a b').id).toBe('stat:/a b');
    expect(statFact('/a b', true).id).toBe('stat-follow:/a b');
    expect(statFact('/a b').command).toContain("'/a b'");
  });
});
