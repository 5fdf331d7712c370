import { describe, expect, it } from 'vitest';
import { commandModule, shellModule } from '../../../src/tasks/modules/command.js';
import { expectModule } from '../../../src/tasks/modules/expect.js';
import { statModule } from '../../../src/tasks/modules/stat.js';
import { absent, argError, fileStat, plan } from '../helpers/fake-facts.js';

describe('command', () => {
  it('runs the words literally: no shell expansion', async () => {
    const r = await plan(commandModule, { _raw_params: `echo "$HOME" 'a|b' ;` }, {});
    expect(r.changes).toEqual([{ kind: 'exec', description: `echo "$HOME" 'a|b' ;`, command: `echo '$HOME' 'a|b' ';'` }]);
    expect(r.result).toEqual({ cmd: `echo "$HOME" 'a|b' ;` });
    expect(commandModule.alwaysRuns).toBe(true);
  });
  it('argv, chdir and stdin (newline added as in Ansible)', async () => {
    const r = await plan(commandModule, { argv: ['gs_om', '-t', 'status'], chdir: '/tmp', stdin: 'y' }, {});
    expect(r.changes).toEqual([{ kind: 'exec', description: 'gs_om -t status', command: 'gs_om -t status', cwd: '/tmp', stdin: 'y\n' }]);
    const n = await plan(commandModule, { cmd: 'cat', stdin: 'y', stdin_add_newline: false }, {});
    expect(n.changes[0]).toMatchObject({ stdin: 'y' });
  });
  it('creates: skipped when it exists, runs when it does not', async () => {
    const skipped = await plan(commandModule, { cmd: 'make', creates: '/opt/x/*.so' }, { 'exists:/opt/x/*.so': true });
    expect(skipped.changes).toEqual([]);
    expect(skipped.result).toMatchObject({ rc: 0, changed: false, skipped: true, stdout: 'skipped, since /opt/x/*.so exists' });
    expect((await plan(commandModule, { cmd: 'make', creates: '/opt/x/*.so' }, { 'exists:/opt/x/*.so': false })).changes).toHaveLength(1);
  });
  it('removes: runs only while the path exists', async () => {
    expect((await plan(commandModule, { cmd: 'rm x', removes: '/x' }, { 'exists:/x': false })).changes).toEqual([]);
    expect((await plan(commandModule, { cmd: 'rm x', removes: '/x' }, { 'exists:/x': true })).changes).toHaveLength(1);
  });
  it('argument errors', () => {
    expect(argError(commandModule, {})).toMatch(/exactly one/);
    expect(argError(commandModule, { cmd: 'a', argv: ['a'] })).toMatch(/exactly one/);
    expect(argError(commandModule, { cmd: 'echo "x' })).toMatch(/No closing quotation/);
    expect(argError(commandModule, { cmd: 'x', chdir: '' })).toMatch(/chdir/);
  });
});

describe('shell', () => {
  it('passes the line to sh, or to executable -c', async () => {
    expect((await plan(shellModule, { _raw_params: 'echo $HOME | wc -c' }, {})).changes[0]).toMatchObject({ command: 'echo $HOME | wc -c' });
    expect((await plan(shellModule, { cmd: 'source ~/.bashrc; env', executable: '/bin/bash' }, {})).changes[0]).toMatchObject({
      command: `/bin/bash -c 'source ~/.bashrc; env'`,
    });
  });
  it('creates guard and argument errors', async () => {
    expect((await plan(shellModule, { cmd: 'x', creates: '/y' }, { 'exists:/y': true })).changes).toEqual([]);
    expect(argError(shellModule, { argv: ['x'] })).toMatch(/argv|cmd/);
  });
});

describe('expect', () => {
  it('answers go in ExecChange.expect, never in the command or description', async () => {
    const r = await plan(expectModule, { command: 'gs_install -X /x.xml', responses: { 'Please enter password.*:': 'S3cret!', '[Aa]gain': ['a1', 'a2'] } }, {});
    const c = r.changes[0]!;
    expect(c).toMatchObject({
      kind: 'exec',
      command: 'gs_install -X /x.xml',
      timeoutMs: 30_000,
      expect: [
        { prompt: 'Please enter password[\\s\\S]*:', flags: 'v', answer: 'S3cret!' }, // pexpect's DOTALL
        { prompt: '[Aa]gain', answer: 'a1', times: 1 },
        { prompt: '[Aa]gain', answer: 'a2', times: 1 },
      ],
    });
    expect(JSON.stringify({ d: c.description, cmd: c.kind === 'exec' && c.command, res: r.result })).not.toMatch(/S3cret|a1|a2/);
  });
  it('creates skips; timeout null means none', async () => {
    expect((await plan(expectModule, { command: 'x', responses: {}, creates: '/d' }, { 'exists:/d': true })).changes).toEqual([]);
    expect((await plan(expectModule, { command: 'x', responses: {}, timeout: null }, {})).changes[0]).not.toHaveProperty('timeoutMs');
  });
  it('argument errors', () => {
    expect(argError(expectModule, { command: 'x' })).toMatch(/responses/);
    expect(argError(expectModule, { command: 'x', responses: { '(': 'a' } })).toMatch(/invalid regular expression/);
    // A leading (?i) is Python's whole-pattern flag and fine; a scoped one JS cannot do.
    expect(argError(expectModule, { command: 'x', responses: { '(?i)password': 'a' } })).toBe('');
    expect(argError(expectModule, { command: 'x', responses: { 'x(?i:password)': 'a' } })).toMatch(/cannot be expressed in JavaScript/);
  });
});

describe('stat', () => {
  it('registers Ansible-shaped keys and plans nothing', async () => {
    const r = await plan(statModule, { path: '/f' }, { 'stat:/f': fileStat({ mode: 0o600, sha256: 'ab'.repeat(32), size: 3 }) });
    expect(r.changes).toEqual([]);
    expect(r.result).toEqual({
      stat: {
        exists: true,
        path: '/f',
        mode: '0600',
        isdir: false,
        isreg: true,
        islnk: false,
        isfifo: false,
        issock: false,
        ischr: false,
        isblk: false,
        uid: 0,
        gid: 0,
        pw_name: 'root',
        gr_name: 'root',
        size: 3,
        mtime: 0,
        checksum: 'ab'.repeat(32),
      },
    });
    expect((await plan(statModule, { path: '/f', follow: true }, { 'stat-follow:/f': absent })).result).toEqual({ stat: { exists: false } });
  });
  it('argument errors', () => {
    expect(argError(statModule, {})).toMatch(/path/);
    expect(argError(statModule, { path: '/f', checksum_algorithm: 'md5' })).toMatch(/checksum_algorithm/);
  });
});
