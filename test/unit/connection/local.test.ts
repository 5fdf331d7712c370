import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalTransport } from '../../../src/connection/local.js';
import { running } from '../../support/proc.js';
import { waitFor } from '../../support/wait-for.js';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'afo-local-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('LocalTransport', () => {
  const t = new LocalTransport();

  it('runs sh -c with stdin, env and cwd; returns exit code, stdout and stderr', async () => {
    const r = await t.exec('cat; echo "$GREETING" >&2; pwd; exit 4', { stdin: 'in\n', env: { GREETING: "it's me" }, cwd: dir });
    expect(r).toMatchObject({ exitCode: 4, stdout: `in\n${dir}\n`, stderr: "it's me\n", timedOut: false });
    expect(t.stats().channels).toBe(1);
  });

  it('kills the whole command at the timeout', async () => {
    const marker = join(dir, 'survived');
    const pidFile = join(dir, 'pid');
    const r = await t.exec(`echo $$ > ${pidFile}; sleep 2; touch ${marker}`, { timeoutMs: 100 });
    expect(r.timedOut).toBe(true);
    // Once the shell is gone it cannot touch the marker any more; a shell that survived the
    // timeout would touch it before it exits.
    const pid = readFileSync(pidFile, 'utf8').trim();
    await waitFor(() => !running(pid), { timeoutMs: 10_000, what: `the timed-out shell (pid ${pid}) to be gone` });
    expect(() => statSync(marker)).toThrow();
  });

  it('answers prompts read from stdin and masks the answer if echoed', async () => {
    const r = await t.exec('printf "Secret: "; read -r s; echo "you typed $s"', { expect: [{ prompt: 'Secret: $', answer: 'pa55' }], timeoutMs: 5000 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('Secret: you typed ********\n');
  });

  it('uploads atomically with the mode, keeping the old mode when none is given', async () => {
    const dest = join(dir, 'conf');
    await t.upload(Buffer.from('v1'), dest, { mode: '0640' });
    expect(readFileSync(dest, 'utf8')).toBe('v1');
    expect(statSync(dest).mode & 0o777).toBe(0o640);
    writeFileSync(dest, 'v1');
    await t.upload(Buffer.from('v2'), dest, { owner: userInfo().username, mode: '0600' });
    expect(readFileSync(dest, 'utf8')).toBe('v2');
    expect(statSync(dest).mode & 0o777).toBe(0o600);
    expect((await t.download(dest)).toString()).toBe('v2');
  });
});
