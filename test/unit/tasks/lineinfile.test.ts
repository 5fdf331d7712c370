import { describe, expect, it } from 'vitest';
import { fileContentFact } from '../../../src/facts/file-content.js';
import { lineinfileModule, lineinfilePresent } from '../../../src/tasks/modules/lineinfile.js';
import { absent, argError, fileStat, plan } from '../helpers/fake-facts.js';

const P = '/etc/ssh/sshd_config';
const facts = (content: string | null, st = fileStat({ mode: 0o600 })) => ({
  [`content:${P}`]: content === null ? { exists: false, isFile: false, content: '' } : { exists: true, isFile: true, content },
  [`stat-follow:${P}`]: content === null ? absent : st,
});
const args = (o: Record<string, unknown>) => lineinfileModule.args.parse({ path: P, ...o });
const edit = (text: string, o: Record<string, unknown>) => lineinfilePresent(text, args(o));

describe('lineinfile: present (Ansible rules)', () => {
  it('nothing to do when the regexp line is already right', async () => {
    const r = await plan(lineinfileModule, { path: P, regexp: '^#?PermitRootLogin', line: 'PermitRootLogin yes' }, facts('a\nPermitRootLogin yes\n'));
    expect(r.changes).toEqual([]);
  });
  it('replaces the last matching line and keeps the file mode', async () => {
    const r = await plan(lineinfileModule, { path: P, regexp: '^#?PermitRootLogin', line: 'PermitRootLogin yes' }, facts('#PermitRootLogin no\nX\n'));
    expect(r.changes).toMatchObject([{ kind: 'upload', dest: P, mode: '0600', content: Buffer.from('PermitRootLogin yes\nX\n') }]);
    expect(r.result).toEqual({ msg: 'line replaced' });
    expect(edit('k=1\nk=2\n', { regexp: '^k=', line: 'k=3' }).text).toBe('k=1\nk=3\n');
    expect(edit('k=1\nk=2\n', { regexp: '^k=', line: 'k=3', firstmatch: true }).text).toBe('k=3\nk=2\n');
  });
  it('does not add a duplicate when the regexp misses but the line exists', () => {
    expect(edit('a\nHISTSIZE=0\n', { regexp: '^HISTSIZE=\\d+$', line: 'HISTSIZE=0' })).toEqual({ text: 'a\nHISTSIZE=0\n', msg: '' });
  });
  it('appends at EOF, adding a missing final newline first', () => {
    expect(edit('a', { line: 'b' })).toEqual({ text: 'a\nb\n', msg: 'line added' });
    expect(edit('', { line: 'b' }).text).toBe('b\n');
  });
  it('insertafter / insertbefore / BOF', () => {
    expect(edit('[Login]\nX=1\n[Other]\n', { line: 'RemoveIPC=no', insertafter: '^\\[Login\\]' }).text).toBe('[Login]\nRemoveIPC=no\nX=1\n[Other]\n');
    expect(edit('a\nb\n', { line: 'z', insertbefore: '^b' }).text).toBe('a\nz\nb\n');
    expect(edit('a\nb\n', { line: 'z', insertbefore: 'BOF' }).text).toBe('z\na\nb\n');
    expect(edit('a\nb\n', { line: 'z', insertafter: '^nomatch' }).text).toBe('a\nb\nz\n');
    // the last matching anchor wins unless firstmatch
    expect(edit('s\nx\ns\n', { line: 'z', insertafter: '^s' }).text).toBe('s\nx\ns\nz\n');
    expect(edit('s\nx\ns\n', { line: 'z', insertafter: '^s', firstmatch: true }).text).toBe('s\nz\nx\ns\n');
  });
  it('backrefs expand groups and do nothing when the regexp misses', () => {
    expect(edit('LANG=C\n', { regexp: '^(LANG)=.*$', line: '\\1=en_US.UTF-8', backrefs: true }).text).toBe('LANG=en_US.UTF-8\n');
    expect(edit('LANG=C\n', { regexp: '^(?P<k>LANG)=.*$', line: '\\g<k>=x', backrefs: true }).text).toBe('LANG=x\n');
    expect(edit('other\n', { regexp: '^(LANG)=', line: '\\1=x', backrefs: true })).toEqual({ text: 'other\n', msg: '' });
  });
  it('search_string matches literally', () => {
    expect(edit('a.b=1\naxb=2\n', { search_string: 'a.b', line: 'a.b=9' }).text).toBe('a.b=9\naxb=2\n');
  });
  it('a missing file: fails without create, created with create', async () => {
    expect((await plan(lineinfileModule, { path: P, line: 'x' }, facts(null))).fail).toMatch(/does not exist; set create: yes/);
    const r = await plan(lineinfileModule, { path: P, line: 'x', create: true, mode: '0644' }, facts(null));
    expect(r.changes).toMatchObject([
      { kind: 'exec', command: 'mkdir -p -- /etc/ssh' },
      { kind: 'upload', content: Buffer.from('x\n'), mode: '0644' },
    ]);
  });
  it('keeps the diff before and after', async () => {
    const r = await plan(lineinfileModule, { path: P, line: 'x' }, facts('a\n'));
    expect(r.changes[0]).toMatchObject({ diff: { before: 'a\n', after: 'a\nx\n' } });
  });
});

describe('lineinfile: through a symlink', () => {
  it('writes to the real path so the link survives (99-sysctl.conf -> ../sysctl.conf)', async () => {
    const L = '/etc/sysctl.d/99-sysctl.conf';
    const r = await plan(
      lineinfileModule,
      { path: L, line: 'vm.swappiness=10' },
      {
        [`content:${L}`]: { exists: true, isFile: true, content: '# c\n', realPath: '/etc/sysctl.conf' },
        [`stat-follow:${L}`]: fileStat(),
      },
    );
    expect(r.changes).toMatchObject([{ kind: 'upload', dest: '/etc/sysctl.conf', content: Buffer.from('# c\nvm.swappiness=10\n') }]);
  });
  it('the content fact reports the real path (output captured on Debian 12)', () => {
    const f = fileContentFact('/etc/sysctl.d/99-sysctl.conf');
    expect(f.parse(`file\nreal=/etc/sysctl.conf\n${Buffer.from('a=1\n').toString('base64')}\n`, 0)).toEqual({
      exists: true,
      isFile: true,
      content: 'a=1\n',
      realPath: '/etc/sysctl.conf',
    });
  });
});

describe('lineinfile: absent', () => {
  it('removes every matching line; nothing to do when none match or the file is missing', async () => {
    const r = await plan(lineinfileModule, { path: P, regexp: '^Banner', state: 'absent' }, facts('Banner /x\nA\nBanner /y\n'));
    expect(r.changes).toMatchObject([{ kind: 'upload', content: Buffer.from('A\n') }]);
    expect(r.result).toEqual({ msg: '2 line(s) removed' });
    expect((await plan(lineinfileModule, { path: P, line: 'B', state: 'absent' }, facts('A\n'))).changes).toEqual([]);
    expect((await plan(lineinfileModule, { path: P, line: 'B', state: 'absent' }, facts(null))).changes).toEqual([]);
  });
});

describe('lineinfile: arguments', () => {
  it('rejects bad combinations', () => {
    expect(argError(lineinfileModule, { path: P })).toMatch(/needs 'line'/);
    expect(argError(lineinfileModule, { path: P, state: 'absent' })).toMatch(/needs 'regexp'/);
    expect(argError(lineinfileModule, { path: P, line: 'x', insertafter: 'a', insertbefore: 'b' })).toMatch(/not both/);
    expect(argError(lineinfileModule, { path: P, line: 'x', regexp: '(' })).toMatch(/invalid regular expression/);
    expect(argError(lineinfileModule, { path: P, line: 'x', backrefs: true })).toMatch(/backrefs needs/);
    expect(argError(lineinfileModule, { dest: P, line: 'x', regex: 'a' })).toBe('');
  });
});
