/**
 * What an edit predicts for the batch (Module.predict; docs/architecture.md §3.3): exactly what
 * the fact read after the change would say, and nothing it cannot know.
 */
import { describe, expect, it } from 'vitest';
import { parseFileContent } from '../../../../src/facts/file-content.js';
import { Unpredicted } from '../../../../src/facts/predicted.js';
import { sha256 } from '../../../../src/tasks/lib/put-file.js';
import { lineinfileModule } from '../../../../src/tasks/modules/lineinfile.js';
import { sysctlModule } from '../../../../src/tasks/modules/sysctl.js';
import type { Module } from '../../../../src/tasks/module.js';
import { absent, fakeFacts, fileStat, plan } from '../../helpers/fake-facts.js';

const F = '/etc/app.conf';
const facts = (content: string | null, stat: Record<string, unknown> = fileStat({ mode: 0o640, owner: 'app', uid: 7, gid: 7, group: 'app' })) => ({
  [`content:${F}`]: content === null ? { exists: false, isFile: false, content: '' } : { exists: true, isFile: true, content },
  [`stat-follow:${F}`]: content === null ? absent : stat,
});

async function predicted<A>(mod: Module<A>, args: A, values: Record<string, unknown>) {
  const p = await plan(mod, args, values);
  return { plan: p, after: mod.predict!(args, p, fakeFacts(values)) };
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

  it('a new file: only its content, and its real path (where a link may lead) stays unknown; no stat', async () => {
    const { after } = await predicted(lineinfileModule as Module, { path: F, line: 'a=1', create: true }, facts(null));
    expect(Object.keys(after!)).toEqual([`content:${F}`]);
    const fc = after![`content:${F}`] as Record<string, unknown>;
    expect(fc.content).toBe('a=1\n');
    expect(() => fc.realPath).toThrow(Unpredicted);
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
