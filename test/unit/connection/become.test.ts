import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { innerScript, isEnvName, wrapCommand } from '../../../src/connection/become.js';
import { running } from '../../support/proc.js';
import { waitFor } from '../../support/wait-for.js';

const markers = { prompt: '[afo-sudo-abc] password: ', success: 'AFO-BECOME-OK-abc' };

describe('innerScript', () => {
  it('exports env and changes directory before the command', () => {
    const s = innerScript({ command: 'pwd; echo "$A"', cwd: '/tmp', env: { A: "x 'y'" } });
    expect(execFileSync('/bin/sh', ['-c', s], { encoding: 'utf8' })).toBe("/tmp\nx 'y'\n");
  });

  it('fails the command when the directory is missing', () => {
    const s = innerScript({ command: 'echo ran', cwd: '/nonexistent-afo-dir' });
    expect(() => execFileSync('/bin/sh', ['-c', s], { stdio: 'pipe' })).toThrow();
  });

  it.each(["it's", 'a b\tc\nd', '$(touch /tmp/afo-pwned)', '`id`', '"; exit 7 #', '\\', "'", '*', 'ünïcödé', '%s'])(
    'passes env values through the shell unchanged: %j',
    (value) => {
      const s = innerScript({ command: 'printf %s "$V"', env: { V: value } });
      expect(execFileSync('/bin/sh', ['-c', s], { encoding: 'utf8' })).toBe(value);
    },
  );

  it('refuses invalid environment names', () => {
    expect(isEnvName('GAUSSHOME')).toBe(true);
    expect(isEnvName('A-B')).toBe(false);
    expect(() => innerScript({ command: 'true', env: { 'A;id': '1' } })).toThrow(/invalid environment variable name/);
  });
});

describe('wrapCommand', () => {
  it('runs plain sh -c without become, and the wrapped command runs as written', () => {
    const w = wrapCommand({ command: `echo "it's" $((1+2))`, loginUser: 'root' }, markers);
    expect(w.sudo).toBe(false);
    expect(w.command).toMatch(/^exec \/bin\/sh -c /);
    expect(execFileSync('/bin/sh', ['-c', w.command], { encoding: 'utf8' })).toBe("it's 3\n");
  });

  it('does not use sudo to become the login user itself', () => {
    expect(wrapCommand({ command: 'id', loginUser: 'omm', becomeUser: 'omm' }, markers).command).not.toContain('sudo');
  });

  it('wraps a non-root login in sudo -S with the prompt marker, never the password', () => {
    const w = wrapCommand({ command: 'id -un', loginUser: 'tester', becomeUser: 'root' }, markers);
    expect(w.sudo).toBe(true);
    expect(w.command).toMatch(/^exec sudo -S -p '\[afo-sudo-abc\] password: ' -H -u root -- \/bin\/sh -c /);
    expect(w.command).toContain('echo AFO-BECOME-OK-abc');
  });

  it('drops -S over a PTY so sudo reads the terminal with echo off', () => {
    const w = wrapCommand({ command: 'id', loginUser: 'tester', becomeUser: 'root', pty: true }, markers);
    expect(w.command).toMatch(/^exec sudo -p /);
  });

  it('uses a login shell for the become user with login: true', () => {
    const w = wrapCommand({ command: 'gs_om -t status', loginUser: 'tester', becomeUser: 'omm', login: true }, markers);
    expect(w.command).toContain(' -H -u omm -i -- ');
  });

  it('as root: sudo -u USER when sudo exists, else su, without a password handshake', () => {
    const w = wrapCommand({ command: 'id -un', loginUser: 'root', becomeUser: 'omm' }, markers);
    expect(w.sudo).toBe(false);
    expect(w.command).toContain('then exec sudo -H -u omm -- /bin/sh -c');
    expect(w.command).toContain("else exec su omm -s /bin/sh -c 'id -un'");
    const login = wrapCommand({ command: 'id -un', loginUser: 'root', becomeUser: 'omm', login: true }, markers);
    expect(login.command).toContain('sudo -H -u omm -i --');
    expect(login.command).toContain("su - omm -c 'id -un'");
  });

  it('quotes hostile user names and commands', () => {
    const w = wrapCommand({ command: "echo '$(id)'", loginUser: 'tester', becomeUser: 'a b;id' }, markers);
    expect(w.command).toContain("-u 'a b;id'");
  });

  it('runs the command exactly once through the root branch (sh executes the fallback chain)', () => {
    // `command -v sudo` decides the branch; stub both so the test runs anywhere.
    const w = wrapCommand({ command: 'echo "$0-$1"', loginUser: 'root', becomeUser: 'omm' }, markers);
    const stubbed = `sudo() { shift 4; "$@"; }; ${w.command.replace(/exec sudo/, 'sudo')}`;
    expect(execFileSync('/bin/sh', ['-c', stubbed], { encoding: 'utf8' })).toBe('/bin/sh-\n');
  });
});

describe('host-side timeout', () => {
  it('wraps the command in GNU timeout, which kills its whole process group', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afo-timeout-'));
    const s = innerScript({ command: `sleep 30 & echo $! > ${dir}/bg; sleep 30`, timeoutMs: 200 });
    expect(s).toContain('timeout -k 2 0.200 /bin/sh -c');
    let status: number | null = 0;
    try {
      execFileSync('/bin/sh', ['-c', s], { stdio: 'pipe' });
    } catch (e) {
      status = (e as { status: number | null }).status;
    }
    expect(status).toBe(124);
    const bg = readFileSync(join(dir, 'bg'), 'utf8').trim();
    // The background child was in the group too: it goes away (or is a zombie waiting to be reaped).
    await waitFor(() => !running(bg), { timeoutMs: 5000, what: `the background sleep (pid ${bg}) to be killed with its group` });
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the command in the foreground on a PTY', () => {
    expect(innerScript({ command: 'passwd', timeoutMs: 1500, pty: true })).toContain('timeout --foreground -k 2 1.500 ');
  });
});
