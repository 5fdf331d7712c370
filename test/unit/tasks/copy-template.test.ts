import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/tasks/lib/put-file.js';
import { copyModule } from '../../../src/tasks/modules/copy.js';
import { templateModule } from '../../../src/tasks/modules/template.js';
import { absent, argError, ctx, dirStat, fileStat, plan } from '../helpers/fake-facts.js';

let base = '';
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'afo-copy-'));
  mkdirSync(join(base, 'files'));
  mkdirSync(join(base, 'templates'));
  writeFileSync(join(base, 'files', 'motd'), 'hello\n');
  writeFileSync(join(base, 'templates', 'app.conf.hbs'), 'port={{port}}\nname={{name}}\n');
});
const c = () => ctx({ baseDir: base, vars: { port: 5432, name: 'db<1>' } });

describe('copy', () => {
  it('nothing to do when sha256 and attributes match', async () => {
    const r = await plan(copyModule, { content: 'x\n', dest: '/etc/x', mode: '0644' }, { 'stat:/etc/x': fileStat({ sha256: sha256('x\n') }) });
    expect(r.changes).toEqual([]);
    expect(r.result).toEqual({ dest: '/etc/x', checksum: sha256('x\n') });
  });
  it('uploads new content, keeping the old file attributes unless told', async () => {
    const r = await plan(copyModule, { content: 'x\n', dest: '/etc/x' }, { 'stat:/etc/x': fileStat({ sha256: sha256('old'), mode: 0o600, owner: 'omm' }) });
    expect(r.changes).toEqual([
      {
        kind: 'upload',
        description: 'update /etc/x (inline content)',
        dest: '/etc/x',
        content: Buffer.from('x\n'),
        mode: '0600',
        owner: 'omm',
        group: 'root',
        diff: { before: undefined, after: 'x\n' },
      },
    ]);
  });
  it('only chmods when content matches but mode differs', async () => {
    const r = await plan(copyModule, { content: 'x', dest: '/x', mode: '0600' }, { 'stat:/x': fileStat({ sha256: sha256('x') }) });
    expect(r.changes.map((ch) => ch.kind === 'exec' && ch.command)).toEqual(['chmod 0600 -- /x']);
  });
  it('reads src from files/ and follows a directory dest', async () => {
    const r = await plan(copyModule, { src: 'motd', dest: '/etc', owner: 'root' }, { 'stat:/etc': dirStat(), 'stat:/etc/motd': absent }, c());
    expect(r.changes).toMatchObject([{ kind: 'upload', dest: '/etc/motd', content: Buffer.from('hello\n'), owner: 'root' }]);
  });
  it('backs up before replacing, and force: no leaves an existing file', async () => {
    const r = await plan(copyModule, { content: 'n', dest: '/x', backup: true }, { 'stat:/x': fileStat({ sha256: 'ab'.repeat(32) }) });
    expect(r.changes.map((ch) => ch.kind)).toEqual(['exec', 'upload']);
    expect(r.changes[0]).toMatchObject({ command: expect.stringMatching(/^cp -p -- \/x \/x\."\$\(date/) });
    expect((await plan(copyModule, { content: 'n', dest: '/x', force: 'no' }, { 'stat:/x': fileStat() })).changes).toEqual([]);
  });
  it('validate uploads beside dest and moves only on success', async () => {
    const r = await plan(copyModule, { content: 'n', dest: '/etc/sudoers.d/omm', validate: 'visudo -cf %s' }, { 'stat:/etc/sudoers.d/omm': absent });
    expect(r.changes[0]).toMatchObject({ kind: 'upload', dest: '/etc/sudoers.d/omm.afo-new' });
    expect(r.changes[1]).toMatchObject({
      command:
        'if visudo -cf /etc/sudoers.d/omm.afo-new; then mv -f -- /etc/sudoers.d/omm.afo-new /etc/sudoers.d/omm; else rm -f -- /etc/sudoers.d/omm.afo-new; exit 1; fi',
    });
  });
  it('remote_src copies on the host when the sha256 differs', async () => {
    const facts = { 'stat:/b': absent, 'stat-follow:/a': fileStat({ sha256: 'cd'.repeat(32), mode: 0o640 }) };
    const r = await plan(copyModule, { src: '/a', dest: '/b', remote_src: true, owner: 'omm', mode: 'u+x' }, { ...facts, 'stat:/b/a': absent });
    expect(r.changes.map((ch) => ch.kind === 'exec' && ch.command)).toEqual(['cp -- /a /b', 'chown omm -- /b', 'chmod 0740 -- /b']);
    const same = { 'stat:/b': fileStat({ sha256: 'cd'.repeat(32) }), 'stat:/b/a': absent, 'stat-follow:/a': fileStat({ sha256: 'cd'.repeat(32) }) };
    expect((await plan(copyModule, { src: '/a', dest: '/b', remote_src: true }, same)).changes).toEqual([]);
  });
  it('argument errors', async () => {
    expect(argError(copyModule, { dest: '/x' })).toMatch(/exactly one of 'src' or 'content'/);
    expect(argError(copyModule, { dest: '/x', src: 'a', content: 'b' })).toMatch(/exactly one/);
    expect(argError(copyModule, { content: 'x' })).toMatch(/dest/);
    await expect(plan(copyModule, { src: 'nope', dest: '/x' }, { 'stat:/x': absent, 'stat:/x/nope': absent }, c())).rejects.toThrow(/'nope' not found/);
    await expect(plan(copyModule, { content: 'x', dest: '/d' }, { 'stat:/d': dirStat() })).rejects.toThrow(/is a directory/);
  });
});

describe('template', () => {
  const rendered = 'port=5432\nname=db<1>\n';
  it('nothing to do when the rendered sha256 matches', async () => {
    const r = await plan(templateModule, { src: 'app.conf.hbs', dest: '/etc/app.conf' }, { 'stat:/etc/app.conf': fileStat({ sha256: sha256(rendered) }) }, c());
    expect(r.changes).toEqual([]);
    expect(r.result).toMatchObject({ checksum: sha256(rendered) });
  });
  it('uploads the rendered text when different', async () => {
    const r = await plan(templateModule, { src: 'app.conf.hbs', dest: '/etc/app.conf', mode: 0o600 }, { 'stat:/etc/app.conf': absent }, c());
    expect(r.changes).toMatchObject([{ kind: 'upload', dest: '/etc/app.conf', mode: '0600', content: Buffer.from(rendered) }]);
  });
  it('a missing variable names the template file and line', async () => {
    await expect(plan(templateModule, { src: 'app.conf.hbs', dest: '/x' }, { 'stat:/x': absent }, ctx({ baseDir: base, vars: { port: 1 } }))).rejects.toThrow(
      /app\.conf\.hbs:2: variable "name" is not defined/,
    );
  });
  it('argument errors', () => {
    expect(argError(templateModule, { dest: '/x' })).toMatch(/src/);
    expect(argError(templateModule, { src: 'a', dest: '/x', mode: 'bad' })).toMatch(/mode/);
  });
});
