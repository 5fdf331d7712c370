/**
 * What an edit or a placed file predicts for the batch (Module.predict; docs/architecture.md §3.3): exactly what
 * the fact read after the change would say, and nothing it cannot know.
 */
import { describe, expect, it } from 'vitest';
import { parseFileContent } from '../../../../src/facts/file-content.js';
import { Unpredicted } from '../../../../src/facts/predicted.js';
import { sha256 } from '../../../../src/tasks/lib/put-file.js';
import { copyModule } from '../../../../src/tasks/modules/copy.js';
import { lineinfileModule } from '../../../../src/tasks/modules/lineinfile.js';
import { sysctlModule } from '../../../../src/tasks/modules/sysctl.js';
import type { Module } from '../../../../src/tasks/module.js';
import { absent, fakeFacts, fileStat, plan } from '../../helpers/fake-facts.js';

const F = '/etc/app.conf';
const facts = (content: string | null, stat: Record<string, unknown> = fileStat({ mode: 0o640, owner: 'app', uid: 7, gid: 7, group: 'app' })) => ({
  [`content:${F}`]: content === null ? { exists: false, isFile: false, content: '' } : { exists: true, isFile: true, content },
  [`stat-follow:${F}`]: content === null ? absent : stat,
});

async function predicted<A>(mod: Module<A>, args: A, values: Record<string, unknown>, writer = 'root') {
  const p = await plan(mod, args, values);
  return { plan: p, after: mod.predict!(args, p, fakeFacts(values), writer) };
}

describe('predictEdit (lineinfile, blockinfile, replace, sysctl)', () => {
  it('an existing file: its new content as the content fact would read it, the stat with the new size, sum and the kept mode/owner; mtime unknown', async () => {
    const { after } = await predicted(lineinfileModule as Module, { path: F, line: 'b=2' }, facts('a=1\n'));
    const text = 'a=1\nb=2\n';
    expect(after![`content:${F}`]).toEqual(parseFileContent(`file\n${Buffer.from(text).toString('base64')}\n`));
    const st = after![`stat-follow:${F}`] as Record<string, unknown>;
    expect([st.exists, st.type, st.mode, st.owner, st.group, st.uid, st.gid, st.size, st.sha256]).toEqual([
      true,
      'file',
      0o640,
      'app',
      'app',
      7,
      7,
      Buffer.byteLength(text),
      sha256(text),
    ]);
    expect(() => st.mtime).toThrow(Unpredicted);
    // a prediction of a prediction keeps the unknown field unknown, without reading it
    const next = await predicted(lineinfileModule as Module, { path: F, line: 'c=3' }, { ...facts(null), ...after });
    const st2 = next.after![`stat-follow:${F}`] as Record<string, unknown>;
    expect(st2.size).toBe(Buffer.byteLength('a=1\nb=2\nc=3\n'));
    expect(() => st2.mtime).toThrow(Unpredicted);
  });

  it('nothing to change: the facts as they are', async () => {
    const values = facts('a=1\n');
    const { after } = await predicted(lineinfileModule as Module, { path: F, line: 'a=1' }, values);
    expect(after).toEqual(values);
  });

  it('a new file root creates in an existing directory: owned by root (group root, or the group of a setgid directory), mode 0644, at readlink -f', async () => {
    const missing = (newFile?: unknown) => ({
      [`content:${F}`]: { exists: false, isFile: false, content: '', ...(newFile ? { newFile } : {}) },
      [`stat-follow:${F}`]: absent,
    });
    const args = { path: F, line: 'a=1', create: true };
    const plain = await predicted(lineinfileModule as Module, args, missing({ realPath: F, setgid: false, gid: 5, group: 'adm' }));
    expect(plain.after![`content:${F}`]).toEqual(parseFileContent(`file\n${Buffer.from('a=1\n').toString('base64')}\n`));
    const st = plain.after![`stat-follow:${F}`] as Record<string, unknown>;
    expect([st.exists, st.type, st.mode, st.owner, st.uid, st.group, st.gid, st.size, st.sha256]).toEqual([
      true,
      'file',
      0o644,
      'root',
      0,
      'root',
      0,
      4,
      sha256('a=1\n'),
    ]);
    expect(() => st.mtime).toThrow(Unpredicted);
    const setgid = await predicted(lineinfileModule as Module, args, missing({ realPath: '/srv/etc/app.conf', setgid: true, gid: 5, group: 'adm' }));
    const sg = setgid.after![`stat-follow:${F}`] as Record<string, unknown>;
    expect([sg.group, sg.gid]).toEqual(['adm', 5]);
    expect((setgid.after![`content:${F}`] as Record<string, unknown>).realPath).toBe('/srv/etc/app.conf');
    // not root, or the directory not read (missing: mkdir -p makes it): the content only, its real path unknown
    for (const p of [
      await predicted(lineinfileModule as Module, args, missing({ realPath: F, setgid: false, gid: 5, group: 'adm' }), 'app'),
      await predicted(lineinfileModule as Module, args, missing()),
    ]) {
      expect(Object.keys(p.after!)).toEqual([`content:${F}`]);
      const fc = p.after![`content:${F}`] as Record<string, unknown>;
      expect(fc.content).toBe('a=1\n');
      expect(() => fc.realPath).toThrow(Unpredicted);
    }
  });

  it('no prediction when the change does not place the text at the file itself (validate) or changes its owner', async () => {
    const validated = await predicted(lineinfileModule as Module, { path: F, line: 'b=2', validate: 'check %s' }, facts('a=1\n'));
    expect(validated.after).toBeUndefined();
    const owned = await predicted(lineinfileModule as Module, { path: F, line: 'b=2', owner: 'root' }, facts('a=1\n'));
    expect(Object.keys(owned.after!)).toEqual([`content:${F}`]);
  });

  it('sysctl: the file only (the live value is set by sysctl -w, which the prediction leaves aside)', async () => {
    const values = { 'sysctl:kernel.sem': { known: true, value: '1 2 3 4' }, ...facts('# x\n') };
    const S = { name: 'kernel.sem', value: '5 6 7 8', sysctl_file: F };
    const { plan: p, after } = await predicted(sysctlModule as Module, S, values);
    expect(p.changes.map((c) => c.kind)).toEqual(['upload', 'exec']);
    expect((after![`content:${F}`] as { content: string }).content).toBe('# x\nkernel.sem=5 6 7 8\n');
    expect(after!['sysctl:kernel.sem']).toBeUndefined();
  });
});

describe('predictPut (copy, template)', () => {
  const S = `stat:${F}`;
  it('an existing file replaced: the stat with the new size and sum, mode and owner kept; planning the same copy from it finds nothing to do', async () => {
    const values = { [S]: fileStat({ mode: 0o600, owner: 'app', uid: 7, group: 'app', gid: 7, sha256: sha256('old\n'), size: 4 }) };
    const { plan: p, after } = await predicted(copyModule as Module, { dest: F, content: 'new text\n' }, values);
    expect(p.changes.map((c) => c.kind)).toEqual(['upload']);
    const st = after![S] as Record<string, unknown>;
    expect([st.mode, st.owner, st.uid, st.size, st.sha256]).toEqual([0o600, 'app', 7, 9, sha256('new text\n')]);
    expect(() => st.mtime).toThrow(Unpredicted);
    const again = await plan(copyModule as Module, { dest: F, content: 'new text\n' }, after!);
    expect(again.changes).toEqual([]);
  });

  it('no prediction for a new file, a new owner, a copy into a directory or from the host', async () => {
    expect((await predicted(copyModule as Module, { dest: F, content: 'x' }, { [S]: absent })).after).toBeUndefined();
    expect(
      (await predicted(copyModule as Module, { dest: F, content: 'x', owner: 'root' }, { [S]: fileStat({ owner: 'app', uid: 7 }) })).after,
    ).toBeUndefined();
    const dir = { [S]: fileStat({ type: 'directory' }), 'stat:/etc/app.conf/f': absent };
    expect(copyModule.predict!({ dest: F, src: 'f', force: true } as never, { changes: [] }, fakeFacts(dir), 'root')).toBeUndefined();
  });
});
