import { describe, expect, it } from 'vitest';
import { blockinfileEdit, blockinfileModule } from '../../../src/tasks/modules/blockinfile.js';
import { replaceEdit, replaceModule } from '../../../src/tasks/modules/replace.js';
import { absent, argError, fileStat, plan } from '../helpers/fake-facts.js';

const P = '/etc/hosts';
const facts = (content: string | null) => ({
  [`content:${P}`]: content === null ? { exists: false, isFile: false, content: '' } : { exists: true, isFile: true, content },
  [`stat-follow:${P}`]: content === null ? absent : fileStat(),
});
const M = { marker: '# {mark} OPENGAUSS NODES' };
const bedit = (t: string, o: Record<string, unknown>) => blockinfileEdit(t, blockinfileModule.args.parse({ path: P, ...M, ...o }));

describe('blockinfile', () => {
  const want = '127.0.0.1 localhost\n# BEGIN OPENGAUSS NODES\n10.0.0.1 og1\n10.0.0.2 og2\n# END OPENGAUSS NODES\n';
  it('nothing to do when the block is there', async () => {
    const r = await plan(blockinfileModule, { path: P, ...M, block: '10.0.0.1 og1\n10.0.0.2 og2\n' }, facts(want));
    expect(r.changes).toEqual([]);
  });
  it('inserts at EOF, replaces in place, removes', () => {
    expect(bedit('127.0.0.1 localhost', { block: '10.0.0.1 og1\n10.0.0.2 og2' })).toEqual({ text: want, msg: 'Block inserted' });
    expect(bedit(want + 'tail\n', { block: '10.0.0.3 og3' }).text).toBe(
      '127.0.0.1 localhost\n# BEGIN OPENGAUSS NODES\n10.0.0.3 og3\n# END OPENGAUSS NODES\ntail\n',
    );
    expect(bedit(want + 'tail\n', { state: 'absent' })).toEqual({ text: '127.0.0.1 localhost\ntail\n', msg: 'Block removed' });
    expect(bedit(want, { block: '' }).text).toBe('127.0.0.1 localhost\n');
  });
  it('insertbefore / insertafter anchors', () => {
    expect(bedit('a\nb\n', { block: 'X', insertbefore: 'BOF' }).text).toBe('# BEGIN OPENGAUSS NODES\nX\n# END OPENGAUSS NODES\na\nb\n');
    expect(bedit('a\nb\n', { block: 'X', insertafter: '^a' }).text).toBe('a\n# BEGIN OPENGAUSS NODES\nX\n# END OPENGAUSS NODES\nb\n');
    expect(bedit('a\nb\n', { block: 'X', insertbefore: '^b' }).text).toBe('a\n# BEGIN OPENGAUSS NODES\nX\n# END OPENGAUSS NODES\nb\n');
  });
  it('uses Ansible default markers', () => {
    expect(blockinfileEdit('', blockinfileModule.args.parse({ path: P, block: 'x' })).text).toBe(
      '# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n',
    );
  });
  it('missing file: fails unless create; absent is fine', async () => {
    expect((await plan(blockinfileModule, { path: P, block: 'x' }, facts(null))).fail).toMatch(/create/);
    expect((await plan(blockinfileModule, { path: P, block: 'x', create: 'yes' }, facts(null))).changes).toHaveLength(2);
    expect((await plan(blockinfileModule, { path: P, state: 'absent' }, facts(null))).changes).toEqual([]);
  });
  it('argument errors', () => {
    expect(argError(blockinfileModule, { path: P, marker: '# managed' })).toMatch(/\{mark\}/);
    expect(argError(blockinfileModule, { path: P, insertafter: 'a', insertbefore: 'b' })).toMatch(/not both/);
  });
});

describe('replace', () => {
  const redit = (t: string, o: Record<string, unknown>) => replaceEdit(t, replaceModule.args.parse({ path: P, ...o }));
  it('nothing to do when nothing matches', async () => {
    expect((await plan(replaceModule, { path: P, regexp: '^Banner .*$', replace: '#\\g<0>' }, facts('#Banner x\n'))).changes).toEqual([]);
  });
  it('replaces every match, multiline, with Python group syntax', async () => {
    expect(redit('Banner a\nx\nBanner b\n', { regexp: '^(Banner .*)$', replace: '#\\1' })).toEqual({
      text: '#Banner a\nx\n#Banner b\n',
      msg: '2 replacements made',
    });
    expect(redit('k = 1\n', { regexp: '^(?P<k>\\w+) = (\\d)$', replace: '\\g<k>=\\g<2>' }).text).toBe('k=1\n');
    const r = await plan(replaceModule, { path: P, regexp: 'a', replace: 'b' }, facts('aa\n'));
    expect(r.changes).toMatchObject([{ kind: 'upload', content: Buffer.from('bb\n') }]);
  });
  it('limits to the section between after and before', () => {
    expect(redit('x\n[s]\nx\n[t]\nx\n', { regexp: '^x$', replace: 'y', after: '\\[s\\]', before: '\\[t\\]' }).text).toBe('x\n[s]\ny\n[t]\nx\n');
  });
  it('a missing file fails; argument errors', async () => {
    expect((await plan(replaceModule, { path: P, regexp: 'a' }, facts(null))).fail).toMatch(/does not exist/);
    expect(argError(replaceModule, { path: P })).toMatch(/regexp/);
    expect(argError(replaceModule, { path: P, regexp: '[' })).toMatch(/invalid regular expression/);
  });
});
