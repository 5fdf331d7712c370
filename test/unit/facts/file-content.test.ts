/**
 * The file-content fact's snippet run by this machine's sh on a temp directory: a missing file
 * reports where a new one lands and its directory's setgid bit and group (predicted facts,
 * docs/architecture.md §3.3); a dangling link or a missing directory reports nothing more.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileContentFact } from '../../../src/facts/file-content.js';
import { tempDir } from '../../support/temp.js';

const read = (path: string) => {
  const spec = fileContentFact(path);
  return spec.parse(execFileSync('sh', ['-c', spec.command], { encoding: 'utf8' }), 0);
};

describe('file-content fact of a missing file', () => {
  it('gives readlink -f and the directory setgid bit and group', () => {
    const dir = tempDir('afo-fc-');
    const group = execFileSync('stat', ['-c', '%G', dir], { encoding: 'utf8' }).trim();
    const gid = statSync(dir).gid;
    expect(read(join(dir, 'new.conf'))).toEqual({
      exists: false,
      isFile: false,
      content: '',
      newFile: { realPath: join(dir, 'new.conf'), setgid: false, gid, group },
    });
    chmodSync(dir, 0o2755);
    const sg = read(join(dir, 'new.conf'));
    expect(sg.newFile?.setgid).toBe(true);
    expect(sg.newFile?.gid).toBe(gid);
    expect(sg.newFile?.group).toBe(group);
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'via'));
    expect(read(join(dir, 'via', 'x.conf')).newFile?.realPath).toBe(join(dir, 'real', 'x.conf'));
  });

  it('a dangling link or a missing directory: absent, nothing predicted from it', () => {
    const dir = tempDir('afo-fc-');
    symlinkSync(join(dir, 'nowhere'), join(dir, 'link.conf'));
    expect(read(join(dir, 'link.conf'))).toEqual({ exists: false, isFile: false, content: '' });
    expect(read(join(dir, 'missing', 'x.conf'))).toEqual({ exists: false, isFile: false, content: '' });
  });
});
