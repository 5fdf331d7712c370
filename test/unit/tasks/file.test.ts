import { describe, expect, it } from 'vitest';
import { fileModule } from '../../../src/tasks/modules/file.js';
import { absent, argError, dirStat, fileStat, plan } from '../helpers/fake-facts.js';

const cmds = (r: { changes: { kind: string; command?: string }[] }) => r.changes.map((c) => c.command);

describe('file: directory', () => {
  it('nothing to do', async () => {
    const r = await plan(fileModule, { path: '/opt/x', state: 'directory', mode: '0755', owner: 'root' }, { 'stat:/opt/x': dirStat() });
    expect(r.changes).toEqual([]);
    expect(r.result).toEqual({ path: '/opt/x', state: 'directory' });
  });
  it('creates a missing directory with owner and mode', async () => {
    const r = await plan(fileModule, { dest: '/opt/a b', state: 'directory', mode: '0750', owner: 'omm', group: 'dbgrp' }, { 'stat:/opt/a b': absent });
    expect(cmds(r)).toEqual(["mkdir -p -- '/opt/a b'", "chown -h omm:dbgrp -- '/opt/a b'", "chmod 0750 -- '/opt/a b'"]);
  });
  it('fixes only the mode', async () => {
    const r = await plan(fileModule, { name: '/d', state: 'directory', mode: 0o700 }, { 'stat:/d': dirStat() });
    expect(cmds(r)).toEqual(['chmod 0700 -- /d']);
  });
  it('fixes only the group, by name or by id', async () => {
    expect(cmds(await plan(fileModule, { path: '/d', state: 'directory', group: 'dbgrp' }, { 'stat:/d': dirStat() }))).toEqual(['chown :dbgrp -- /d']);
    expect(await plan(fileModule, { path: '/d', state: 'directory', owner: 0, group: '0' }, { 'stat:/d': dirStat() })).toMatchObject({
      changes: [],
    });
  });
  it('fails when a file is in the way', async () => {
    const r = await plan(fileModule, { path: '/d', state: 'directory' }, { 'stat:/d': fileStat() });
    expect(r.fail).toMatch(/not a directory/);
    expect(r.changes).toEqual([]);
  });
  it('recurse: changes the tree only where find saw a difference', async () => {
    const args = { path: '/d', state: 'directory', owner: 'omm', mode: '0755', recurse: true };
    const tree = 'tree:/d:omm::0755';
    expect((await plan(fileModule, args, { 'stat:/d': dirStat({ owner: 'omm' }), [tree]: { owner: false, group: false, mode: false } })).changes).toEqual([]);
    const r = await plan(fileModule, args, { 'stat:/d': dirStat({ owner: 'omm' }), [tree]: { owner: true, group: false, mode: false } });
    expect(cmds(r)).toEqual(['chown -R omm -- /d']);
    const r2 = await plan(fileModule, args, { 'stat:/d': dirStat({ owner: 'x', mode: 0o700 }), [tree]: { owner: true, group: false, mode: true } });
    expect(cmds(r2)).toEqual(['chown -R omm -- /d', 'chmod -R 0755 -- /d']);
  });
});

describe('file: link', () => {
  it('nothing to do when the link points at src', async () => {
    const r = await plan(fileModule, { path: '/l', state: 'link', src: '/t' }, { 'stat:/l': fileStat({ type: 'link', linkTarget: '/t' }) });
    expect(r.changes).toEqual([]);
  });
  it('creates or repoints it', async () => {
    expect(cmds(await plan(fileModule, { path: '/l', state: 'link', src: '/t' }, { 'stat:/l': absent }))).toEqual(['ln -sfn -- /t /l']);
    expect(cmds(await plan(fileModule, { path: '/l', state: 'link', src: '/t' }, { 'stat:/l': fileStat({ type: 'link', linkTarget: '/old' }) }))).toEqual([
      'ln -sfn -- /t /l',
    ]);
  });
  it('changes a link owner with -h', async () => {
    const r = await plan(fileModule, { path: '/l', state: 'link', src: '/t', owner: 'omm' }, { 'stat:/l': fileStat({ type: 'link', linkTarget: '/t' }) });
    expect(cmds(r)).toEqual(['chown -h omm -- /l']);
  });
  it('refuses to replace a file unless forced', async () => {
    const r = await plan(fileModule, { path: '/l', state: 'link', src: '/t' }, { 'stat:/l': fileStat() });
    expect(r.fail).toMatch(/force/);
    const f = await plan(fileModule, { path: '/l', state: 'link', src: '/t', force: 'yes' }, { 'stat:/l': fileStat() });
    expect(cmds(f)).toEqual(['rm -f -- /l && ln -sfn -- /t /l']);
  });
});

describe('file: absent, file, touch', () => {
  it('absent', async () => {
    expect((await plan(fileModule, { path: '/x', state: 'absent' }, { 'stat:/x': absent })).changes).toEqual([]);
    expect(cmds(await plan(fileModule, { path: '/x', state: 'absent' }, { 'stat:/x': dirStat() }))).toEqual(['rm -rf -- /x']);
  });
  it('file: attributes of an existing file; absent file fails', async () => {
    expect(cmds(await plan(fileModule, { path: '/f', mode: 'u=rw,g=,o=' }, { 'stat:/f': fileStat() }))).toEqual(['chmod 0600 -- /f']);
    expect((await plan(fileModule, { path: '/f', state: 'file' }, { 'stat:/f': absent })).fail).toMatch(/absent/);
  });
  it('touch creates once, then leaves the file alone', async () => {
    expect(cmds(await plan(fileModule, { path: '/f', state: 'touch', mode: '0600' }, { 'stat:/f': absent }))).toEqual(['touch -- /f', 'chmod 0600 -- /f']);
    expect((await plan(fileModule, { path: '/f', state: 'touch', mode: '0600' }, { 'stat:/f': fileStat({ mode: 0o600 }) })).changes).toEqual([]);
  });
});

describe('file: arguments', () => {
  it('rejects bad arguments', () => {
    expect(argError(fileModule, { state: 'directory' })).toMatch(/path/);
    expect(argError(fileModule, { path: '/l', state: 'link' })).toMatch(/needs 'src'/);
    expect(argError(fileModule, { path: '/d', state: 'dir' })).toMatch(/state/);
    expect(argError(fileModule, { path: '/d', mode: 644 })).toMatch(/'0644'/);
    expect(argError(fileModule, { path: '/d', dest: '/e' })).toMatch(/not both/);
    expect(argError(fileModule, { path: '/d', bogus: 1 })).toMatch(/bogus/);
    expect(argError(fileModule, { path: '/d', state: 'directory', recurse: true, mode: 'u+x' })).toMatch(/octal/);
    expect(argError(fileModule, { path: '/d', state: 'directory', recurse: 'maybe' })).toMatch(/recurse/);
  });
});
