/**
 * The stand-in's cm_server process on this machine (loopback only): a manual `--stop` keeps it
 * stopped against om_monitor's restarts (`--monitor`), while cm_ctl start's path starts it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/wait-for.js';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const ENTRY = `import sys; sys.path.insert(0, ${JSON.stringify(SRC)}); from afostandin.cm import server_main; sys.exit(server_main(sys.argv[1:]))`;

let dir: string;
let port: number;

function cmServer(...args: string[]): number | null {
  return spawnSync('python3', ['-B', '-c', ENTRY, ...args, '--dir', dir], { encoding: 'utf8', timeout: 10_000, killSignal: 'SIGKILL' }).status;
}

function startDetached(...args: string[]): void {
  spawn('python3', ['-B', '-c', ENTRY, '--port', String(port), '--dir', dir, ...args], { detached: true, stdio: 'ignore' }).unref();
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
  const p = (s.address() as { port: number }).port;
  await new Promise<void>((res) => s.close(() => res()));
  return p;
}

function listening(): Promise<boolean> {
  return new Promise((res) => {
    const c = connect({ host: '127.0.0.1', port }, () => {
      c.destroy();
      res(true);
    });
    c.on('error', () => res(false));
  });
}

const until = (what: string, probe: () => boolean | Promise<boolean>) => waitFor(probe, { timeoutMs: 10_000, what });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'afo-cm-server-'));
  port = await freePort();
});

afterAll(() => {
  cmServer('--stop');
  rmSync(dir, { recursive: true, force: true });
});

describe('stand-in cm_server', () => {
  it('runs, answers --check and holds its port', async () => {
    startDetached();
    await until('cm_server --check to succeed', () => cmServer('--check') === 0);
    expect(await listening()).toBe(true);
  });

  it('--stop stops it and marks the stop as manual', async () => {
    expect(cmServer('--stop')).toBe(0);
    expect(cmServer('--check')).toBe(1);
    expect(existsSync(join(dir, 'cm_server.manually_stopped'))).toBe(true);
    await until(`cm_server's port ${port} to close`, async () => !(await listening()));
  });

  it("om_monitor's start (--monitor) leaves a manually stopped server stopped", async () => {
    expect(cmServer('--port', String(port), '--monitor')).toBe(0); // returns at once instead of serving
    expect(cmServer('--check')).toBe(1);
    expect(await listening()).toBe(false);
  });

  it('a start without --monitor (cm_ctl start clears the mark first) serves again, once', async () => {
    startDetached();
    await until('cm_server --check to succeed', () => cmServer('--check') === 0);
    const pid = readFileSync(join(dir, 'cm_server.pid'), 'utf8');
    expect(cmServer('--port', String(port))).toBe(0); // already running: a second start exits at once
    expect(readFileSync(join(dir, 'cm_server.pid'), 'utf8')).toBe(pid);
    expect(await listening()).toBe(true);
  });
});
