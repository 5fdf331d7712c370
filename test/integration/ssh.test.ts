/**
 * The SSH transport against real lab hosts (real sshd at its defaults, real sudo, real files).
 * Host roles: [0] root-key tests and reconnects (Debian), [1] password + sudo user (openEuler,
 * RHEL-style .bashrc), [2] host keys, then stopped (CentOS 7). Lab name/subnet from AFO_LAB/AFO_LAB_NET.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BecomeError, TransferError } from '../../src/connection/errors.js';
import { ConnectionPool } from '../../src/connection/pool.js';
import { PROGRESS_CHUNK } from '../../src/connection/upload.js';
import { shQuote } from '../../src/text/shlex.js';
import { SshTransport } from '../../src/connection/ssh.js';
import { UnreachableError } from '../../src/connection/transport.js';
import type { Lab } from '../lab/api.js';
import { labDown, labUp, rekeyHost, stopHost } from '../lab/lab.js';
import { rootConn, sudoConn } from './ssh-conns.js';
import { waitFor } from '../support/wait-for.js';

let lab: Lab;
let tmp: string;
const opened: SshTransport[] = [];
/** No agent, no env passwords: each test states its auth. */
function transport(...args: ConstructorParameters<typeof SshTransport>): SshTransport {
  const t = new SshTransport(args[0], { env: {}, ...args[1] });
  opened.push(t);
  return t;
}
const host = (i: number) => lab.hosts[i]!;
const re = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

beforeAll(async () => {
  lab = await labUp({ hosts: 3, os: ['debian12', 'openeuler20.03', 'centos7'] });
  tmp = mkdtempSync(join(tmpdir(), 'afo-ssh-it-'));
});
afterAll(async () => {
  await Promise.all(opened.map((t) => t.close()));
  if (lab) await labDown(lab);
  rmSync(tmp, { recursive: true, force: true });
});

describe('exec as root with a key', () => {
  it('returns exit codes, stdout and stderr, and feeds stdin', async () => {
    const t = transport(rootConn(lab, host(0)));
    let t0 = Date.now();
    await t.connect();
    console.log(`[measure] connect (key auth, host key check): ${Date.now() - t0} ms`);
    t0 = Date.now();
    const r = await t.exec('echo out; echo err >&2; exit 3');
    console.log(`[measure] first exec round trip: ${Date.now() - t0} ms`);
    expect(r).toMatchObject({ exitCode: 0 + 3, stdout: 'out\n', stderr: 'err\n', timedOut: false });
    expect((await t.exec('hostname')).stdout.trim()).toBe(host(0).name);
    expect((await t.exec('tr a-z A-Z', { stdin: 'piped\n' })).stdout).toBe('PIPED\n');
    expect((await t.exec('pwd; echo "$X"', { cwd: '/etc', env: { X: "a 'b'" } })).stdout).toBe("/etc\na 'b'\n");
    expect((await t.exec('id -un')).stdout).toBe('root\n');
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const s = Date.now();
      await t.exec('true');
      times.push(Date.now() - s);
    }
    console.log(`[measure] exec round trip (10 sequential): ${times.join(' ')} ms`);
    expect(t.stats()).toEqual({ connections: 1, channels: 15 });
  });

  it('runs 30 concurrent execs over ONE connection, queueing beyond MaxSessions', async () => {
    const t = transport(rootConn(lab, host(0)));
    await t.connect();
    const t0 = Date.now();
    const rs = await Promise.all(Array.from({ length: 30 }, (_, i) => t.exec(`sleep 0.2; echo ${i}`)));
    console.log(`[measure] 30 concurrent execs (each sleeps 0.2 s): ${Date.now() - t0} ms`);
    expect(rs.map((r) => r.exitCode)).toEqual(Array(30).fill(0));
    expect(rs.map((r) => r.stdout)).toEqual(Array.from({ length: 30 }, (_, i) => `${i}\n`));
    expect(t.stats()).toEqual({ connections: 1, channels: 30 });
    const t1 = Date.now();
    const quick = await Promise.all(Array.from({ length: 30 }, () => t.exec('true')));
    console.log(`[measure] 30 concurrent execs of 'true': ${Date.now() - t1} ms`);
    expect(quick.every((r) => r.exitCode === 0)).toBe(true);
    expect(t.stats()).toEqual({ connections: 1, channels: 60 });
  });

  it('copes with a channel limit above what sshd allows (refused opens wait and retry)', async () => {
    const t = transport(rootConn(lab, host(0)), { maxChannels: 20 }); // sshd's MaxSessions is 10
    const rs = await Promise.all(Array.from({ length: 30 }, (_, i) => t.exec(`sleep 0.2; echo ${i}`)));
    expect(rs.map((r) => r.stdout)).toEqual(Array.from({ length: 30 }, (_, i) => `${i}\n`));
    expect(t.stats()).toEqual({ connections: 1, channels: 30 });
  });

  it('kills a command at its timeout and reports timedOut', async () => {
    const t = transport(rootConn(lab, host(0)));
    const r = await t.exec('sleep 37; echo finished', { timeoutMs: 300 });
    expect(r.timedOut).toBe(true);
    expect(r.stdout).toBe('');
    await waitFor(async () => (await t.exec('pgrep -f "slee[p] 37"')).exitCode === 1, {
      timeoutMs: 10_000,
      what: 'the timed-out sleep 37 to be killed on the host',
      intervalMs: 100,
    });
  });

  it('re-opens a broken connection once, then fails the host', async () => {
    const t = transport(rootConn(lab, host(0)));
    // $PPID of the command is the sshd process serving this connection: killing it drops the connection.
    await expect(t.exec('kill -9 $PPID; sleep 5')).rejects.toThrow(new RegExp(`connection to host ${host(0).name} .* broke while a command ran`));
    expect((await t.exec('echo again')).stdout).toBe('again\n');
    expect(t.stats().connections).toBe(2);
    await expect(t.exec('kill -9 $PPID; sleep 5')).rejects.toBeInstanceOf(UnreachableError);
    await expect(t.exec('echo more')).rejects.toThrow(/broke again after one reconnect/);
  });

  it('places uploads atomically with owner and mode, and reads files back', async () => {
    const t = transport(rootConn(lab, host(0)));
    await t.exec('mkdir -p /etc/afo && printf old > /etc/afo/app.conf && chmod 0600 /etc/afo/app.conf');
    const inode = (await t.exec('stat -c %i /etc/afo/app.conf')).stdout;
    await t.upload(Buffer.from('new content\n'), '/etc/afo/app.conf', { mode: '0640', owner: 'tester', group: 'tester' });
    expect((await t.exec('stat -c "%U:%G %a" /etc/afo/app.conf; cat /etc/afo/app.conf')).stdout).toBe('tester:tester 640\nnew content\n');
    expect((await t.exec('stat -c %i /etc/afo/app.conf')).stdout).not.toBe(inode); // replaced by rename, not rewritten
    // No mode or owner given: the existing file's are kept.
    await t.upload(Buffer.from([0, 1, 2, 255]), '/etc/afo/app.conf');
    expect((await t.exec('stat -c "%U:%G %a" /etc/afo/app.conf')).stdout).toBe('tester:tester 640\n');
    expect([...(await t.download('/etc/afo/app.conf'))]).toEqual([0, 1, 2, 255]);
    // A new file without a mode gets 0644 and root.
    await t.upload(Buffer.from('x'), '/etc/afo/fresh');
    expect((await t.exec('stat -c "%U:%G %a" /etc/afo/fresh; ls -a /etc/afo | grep -c afo- || true')).stdout).toBe('root:root 644\n0\n');
    await expect(t.upload(Buffer.from('x'), '/etc/afo/missing/dir/f')).rejects.toThrow(/parent directory/);
    await expect(t.upload(Buffer.from('x'), '/etc/afo/missing/dir/f')).rejects.toBeInstanceOf(TransferError);
  });

  it('reports upload progress per 1 MiB written, and the file arrives whole', async () => {
    const t = transport(rootConn(lab, host(0)));
    const content = randomBytes(2 * PROGRESS_CHUNK + 12345);
    const seen: number[] = [];
    await t.upload(content, '/etc/afo/big.bin', { mode: '0600', onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([PROGRESS_CHUNK, 2 * PROGRESS_CHUNK, content.length]);
    const sum = createHash('sha256').update(content).digest('hex');
    expect((await t.exec('sha256sum /etc/afo/big.bin | cut -c1-64; stat -c %a /etc/afo/big.bin')).stdout).toBe(`${sum}\n600\n`);
  });

  it("streams a command's output while it runs (onOutput), sudo's own talk left out", async () => {
    for (const i of [0, 1]) {
      // host 0: root with a key; host 1: the sudo user becoming root (a sudo handshake first)
      const t = transport(i === 0 ? rootConn(lab, host(0)) : sudoConn(lab, host(1)));
      const become = i === 0 ? undefined : { user: 'root' };
      const root = transport(rootConn(lab, host(i)));
      const go = `/tmp/afo-go-${randomBytes(4).toString('hex')}`;
      let live = '';
      // the command waits for a file that is only created once its first line has been seen
      const r = await t.exec(`echo first; while [ ! -e ${go} ]; do sleep 0.1; done; echo second`, {
        ...(become ? { become } : {}),
        timeoutMs: 30_000,
        onOutput: (c) => {
          live += c.toString();
          if (live.includes('first') && !live.includes('second')) void root.exec(`touch ${go}`);
        },
      });
      expect(r.timedOut).toBe(false);
      expect(r.stdout).toBe('first\nsecond\n');
      expect(live).toBe('first\nsecond\n');
      await root.exec(`rm -f ${go}`);
    }
  });
});

describe('password login and sudo', () => {
  it('logs in with a password and becomes root or another user via sudo', async () => {
    const t = transport(sudoConn(lab, host(1)));
    expect((await t.exec('id -un')).stdout).toBe(`${lab.sudoUser}\n`);
    const r = await t.exec('id -un; cat', { become: {}, stdin: 'through sudo\n' });
    expect(r).toMatchObject({ exitCode: 0, stdout: 'root\nthrough sudo\n', stderr: '' });
    expect((await t.exec('id -un', { become: { user: 'nobody' } })).stdout).toBe('nobody\n');
    expect((await t.exec('exit 5', { become: {} })).exitCode).toBe(5);
  });

  it('gives the become user a login shell with login: true (its .bashrc env, as gs_preinstall writes it, is read)', async () => {
    const root = transport(rootConn(lab, host(1)));
    await root.exec(`id omm >/dev/null 2>&1 || useradd -m -s /bin/bash omm; echo 'export AFO_PROFILE=loaded' >> ~omm/.bashrc`);
    const t = transport(sudoConn(lab, host(1)));
    const show = 'echo "[$AFO_PROFILE] $(id -un) $PWD"';
    expect((await t.exec(show, { become: { user: 'omm' }, login: true })).stdout).toBe('[loaded] omm /home/omm\n');
    expect((await t.exec(show, { become: { user: 'omm' }, cwd: '/tmp' })).stdout).toBe('[] omm /tmp\n');
    expect((await root.exec(show, { become: { user: 'omm' }, login: true })).stdout).toBe('[loaded] omm /home/omm\n');
  });

  it('fails clearly on a wrong sudo password, and when none is given', async () => {
    const wrong = transport(sudoConn(lab, host(1), { becomePassword: 'not-the-password' }));
    const err = await wrong.exec('id', { become: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BecomeError);
    expect((err as Error).message).toMatch(
      new RegExp(`^sudo on ${host(1).name} \\(${lab.sudoUser}@${re(host(1).ip)}:22, becoming root\\) refused the become password`),
    );
    expect((err as Error).message).not.toContain('not-the-password');
    expect((await wrong.exec('echo still usable')).stdout).toBe('still usable\n');
    const none = transport(sudoConn(lab, host(1), { becomePassword: undefined }));
    await expect(none.exec('id', { become: {} })).rejects.toThrow(/asks for a password and none was given/);
    // The pool's --ask-become-pass hook is asked once and used for every host.
    let asked = 0;
    const pool = new ConnectionPool({ env: {}, askBecomePassword: async () => (asked++, lab.sudoPassword) });
    const p = pool.get(sudoConn(lab, host(1), { becomePassword: undefined }));
    const rs = await Promise.all([p.exec('id -un', { become: {} }), p.exec('id -un', { become: {} })]);
    expect(rs.map((r) => r.stdout)).toEqual(['root\n', 'root\n']);
    expect(asked).toBe(1);
    await pool.closeAll();
  });

  it('uploads through sudo into root-owned places and downloads root-only files', async () => {
    const t = transport(sudoConn(lab, host(1)));
    await t.upload(Buffer.from('secret=1\n'), '/etc/afo-sudo.conf', { become: true, mode: '0600', owner: 'root', group: 'root' });
    const root = transport(rootConn(lab, host(1)));
    expect((await root.exec('stat -c "%U:%G %a" /etc/afo-sudo.conf; cat /etc/afo-sudo.conf')).stdout).toBe('root:root 600\nsecret=1\n');
    expect((await t.download('/etc/afo-sudo.conf', { become: true })).toString()).toBe('secret=1\n');
    await expect(t.download('/etc/afo-sudo.conf')).rejects.toThrow(/permission denied/);
    expect((await root.exec('ls -a /tmp /etc | grep -c afo-upload || true')).stdout).toBe('0\n');
    await expect(t.upload(Buffer.from('x'), '/nonexistent/dir/f', { become: true })).rejects.toThrow(/parent directory does not exist/);
    // Without become, into the login user's own home: SFTP and a rename only.
    await t.upload(Buffer.from('mine'), `/home/${lab.sudoUser}/mine.txt`, { mode: '0600' });
    expect((await t.exec('stat -c "%U %a" ~/mine.txt; cat ~/mine.txt')).stdout).toBe(`${lab.sudoUser} 600\nmine`);
  });

  it('kills a sudo command at its timeout', async () => {
    const t = transport(sudoConn(lab, host(1)));
    expect((await t.exec('sleep 38', { become: {}, timeoutMs: 300 })).timedOut).toBe(true);
    await waitFor(async () => (await t.exec('pgrep -f "slee[p] 38"')).exitCode === 1, {
      timeoutMs: 10_000,
      what: 'the timed-out sleep 38 (become) to be killed on the host',
      intervalMs: 100,
    });
  });
});

describe('expect over a PTY', () => {
  const script = [
    'read -s -p "New password: " a; echo',
    'read -s -p "Retype new password: " b; echo',
    'ps -eo args > /tmp/afo-ps.txt',
    '[ "$a" = "$b" ] && echo "match len=${#a}"',
    'echo "typed:$a"',
    '[ -t 0 ] && echo tty',
  ].join('\n');
  const answer = 'Xyzzy-42!';
  const rules = [
    { prompt: 'New password: $', answer, times: 1 },
    { prompt: 'Retype new password: $', answer, times: 1 },
  ];

  it('answers prompts; the answer is in neither the output nor the process list', async () => {
    const t = transport(rootConn(lab, host(0)));
    const r = await t.exec(`bash -c ${shQuote(script)}`, { expect: rules, timeoutMs: 10_000 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`match len=${answer.length}`);
    expect(r.stdout).toContain('typed:********');
    expect(r.stdout).toContain('tty');
    expect(r.stdout).not.toContain(answer);
    const ps = (await t.download('/tmp/afo-ps.txt')).toString();
    expect(ps).toContain('ps -eo args');
    expect(ps).not.toContain(answer);
  });

  it('works with become + login: sudo asks on the PTY first', async () => {
    const t = transport(sudoConn(lab, host(1)));
    const r = await t.exec(`bash -c ${shQuote(`${script}\nid -un`)}`, { become: {}, login: true, expect: rules, timeoutMs: 10_000 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`match len=${answer.length}`);
    expect(r.stdout).toMatch(/root\r?\n$/);
    expect(r.stdout).not.toContain(answer);
    expect(r.stdout).not.toContain(lab.sudoPassword + '\r');
  });

  it('stops a program whose prompt returns after the answers ran out', async () => {
    const t = transport(rootConn(lab, host(0)));
    const loop = 'while :; do read -s -p "Password: " p; echo; echo "Sorry"; done';
    const r = await t.exec(`bash -c '${loop}'`, { expect: [{ prompt: 'Password: $', answer: 'x', times: 2 }], timeoutMs: 10_000 });
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/appeared again after its answers ran out/);
    expect(r.stdout.match(/Sorry/g)).toHaveLength(2);
  });
});

describe('authentication', () => {
  /** A new key pair authorized for root on host 0. */
  async function authorizedKey(name: string, passphrase: string): Promise<string> {
    const file = join(tmp, name);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-f', file]);
    const root = transport(rootConn(lab, host(0)));
    await root.upload(readFileSync(`${file}.pub`), `/root/.ssh/${name}.pub`);
    await root.exec(`cat /root/.ssh/${name}.pub >> /root/.ssh/authorized_keys`);
    return file;
  }

  it('uses an encrypted key with its passphrase (setting or prompt hook) and says when it is missing or wrong', async () => {
    const key = await authorizedKey('enc', 'key pass');
    const withSetting = transport(rootConn(lab, host(0), { privateKeyFile: key, privateKeyPassphrase: 'key pass' }));
    expect((await withSetting.exec('echo ok')).stdout).toBe('ok\n');
    const asked: string[] = [];
    const withHook = transport(rootConn(lab, host(0), { privateKeyFile: key }), { passphraseHook: async (f) => (asked.push(f), 'key pass') });
    expect((await withHook.exec('echo ok')).stdout).toBe('ok\n');
    expect(asked).toEqual([key]);
    await expect(transport(rootConn(lab, host(0), { privateKeyFile: key })).exec('true')).rejects.toThrow(/is encrypted: give its passphrase/);
    await expect(transport(rootConn(lab, host(0), { privateKeyFile: key, privateKeyPassphrase: 'nope' })).exec('true')).rejects.toThrow(/wrong passphrase/);
  });

  it('uses keys from ssh-agent (SSH_AUTH_SOCK)', async () => {
    const key = await authorizedKey('agentkey', '');
    const sock = join(tmp, 'agent.sock');
    const out = execFileSync('ssh-agent', ['-s', '-a', sock], { encoding: 'utf8' });
    const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(out)![1]);
    try {
      execFileSync('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      rmSync(key); // only the agent has it now
      const t = transport(rootConn(lab, host(0), { privateKeyFile: undefined }), { env: { SSH_AUTH_SOCK: sock } });
      expect((await t.exec('echo via agent')).stdout).toBe('via agent\n');
    } finally {
      process.kill(pid);
    }
  });

  it('reports failed authentication with what was tried', async () => {
    const t = transport(sudoConn(lab, host(1), { password: 'wrong password' }));
    const err = await t.exec('true').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect((err as Error).message).toMatch(/authentication failed \(tried .*password\)\. Check ansible_user/);
    expect((err as Error).message).not.toContain('wrong password');
  });
});

describe('host keys', () => {
  it('refuses an unknown host key by default', async () => {
    const file = join(tmp, 'kh-empty');
    writeFileSync(file, '');
    const t = transport(rootConn(lab, host(2), { knownHostsFile: file }));
    const err = await t.exec('true').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect((err as Error).message).toMatch(
      new RegExp(`cannot connect to host ${host(2).name} \\(root@${re(host(2).ip)}:22\\): host key for ${re(host(2).ip)} is not known`),
    );
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('accepts and records a new key when the user opted in, then verifies it', async () => {
    const file = join(tmp, 'kh-new');
    const t = transport(rootConn(lab, host(2), { knownHostsFile: file, strictHostKeyChecking: 'accept-new' }), { hashKnownHosts: true });
    expect((await t.exec('echo in')).stdout).toBe('in\n');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^\|1\|\S+ ssh-ed25519 \S+\n$/);
    const again = transport(rootConn(lab, host(2), { knownHostsFile: file }));
    expect((await again.exec('echo known')).stdout).toBe('known\n');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('always refuses a changed host key, naming the line to remove', async () => {
    await rekeyHost(lab, host(2));
    for (const strict of ['yes', 'accept-new', 'no'] as const) {
      const t = transport(rootConn(lab, host(2), { strictHostKeyChecking: strict }));
      const err = await t.exec('true').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnreachableError);
      expect((err as Error).message).toMatch(new RegExp(`host key for ${re(host(2).ip)} changed: .*remove the old line \\d+ of ${re(lab.knownHosts)}`));
    }
  });
});

describe('pool', () => {
  it('fails a stopped host alone while the others keep working', async () => {
    const pool = new ConnectionPool({ env: {} });
    const conns = [rootConn(lab, host(0)), sudoConn(lab, host(1)), rootConn(lab, host(2), { knownHostsFile: join(tmp, 'kh-new') })];
    await stopHost(lab, host(2));
    const rs = await Promise.allSettled(conns.map((c) => pool.get(c).exec('hostname')));
    expect(rs[0]).toMatchObject({ status: 'fulfilled', value: { stdout: `${host(0).name}\n` } });
    expect(rs[1]).toMatchObject({ status: 'fulfilled', value: { stdout: `${host(1).name}\n` } });
    expect(rs[2]!.status).toBe('rejected');
    const reason = (rs[2] as PromiseRejectedResult).reason as Error;
    expect(reason).toBeInstanceOf(UnreachableError);
    expect(reason.message).toMatch(new RegExp(`cannot connect to host ${host(2).name} \\(root@${re(host(2).ip)}:22\\): .*(refused|no route|no SSH answer)`));
    // Shared connects: concurrent first uses of a host open one connection.
    await Promise.all([pool.connect(conns[0]!), pool.connect(conns[0]!)]);
    expect(pool.stats().connections).toBe(2); // ssh3 never connected
    await pool.closeAll();
  });
});
