/**
 * The control machine as a host (`delegate_to: localhost`, engine tests): `sh -c` through
 * child_process, with the same become wrapping, stdin, timeout and expect handling as SSH
 * (expect here has no PTY: programs that insist on a terminal need the SSH transport).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile, chmod } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, isAbsolute, basename, join } from 'node:path';
import { wrapCommand, type BecomeMarkers } from './become.js';
import { BecomeError, TransferError } from './errors.js';
import { runSession, toExecResult, type ProcessHandle } from './session.js';
import { shQuote } from '../text/shlex.js';
import { placeScript } from './upload.js';
import type { ExecOptions, ExecResult, Transport, TransportStats, UploadOptions } from './transport.js';

export interface LocalTransportOptions {
  /** Inventory name (default "localhost"). */
  name?: string;
  becomePassword?: string;
}

export class LocalTransport implements Transport {
  readonly host: string;
  private readonly counters: TransportStats = { channels: 0, connections: 0 };
  private readonly markers: BecomeMarkers;
  private readonly user = userInfo().username;

  constructor(private readonly opts: LocalTransportOptions = {}) {
    this.host = opts.name ?? 'localhost';
    const tag = randomBytes(6).toString('hex');
    this.markers = { prompt: `[afo-sudo-${tag}] password: `, success: `AFO-BECOME-OK-${tag}` };
  }

  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const started = Date.now();
    const becomeUser = opts.become ? (opts.become.user ?? 'root') : opts.login ? this.user : undefined;
    const wrapped = wrapCommand({ command, loginUser: this.user, becomeUser, login: opts.login, cwd: opts.cwd, env: opts.env }, this.markers);
    const password = this.opts.becomePassword ?? process.env.AFO_BECOME_PASS;
    const child = spawn('/bin/sh', ['-c', wrapped.command], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.counters.channels++;
    const handle: ProcessHandle = {
      onStdout: (cb) => child.stdout.on('data', cb),
      onStderr: (cb) => child.stderr.on('data', cb),
      onClose: (cb) => child.on('close', (code, signal) => cb(code, signal ? signal.replace(/^SIG/, '') : null)),
      write: (d) => void child.stdin.write(d),
      endStdin: () => void child.stdin.end(),
      kill: () => {
        // The command runs in its own process group: kill the whole group, not just sh.
        if (child.pid !== undefined) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            child.kill('SIGKILL');
          }
        }
      },
    };
    child.stdin.on('error', () => undefined); // the command may exit without reading stdin
    const raw = await runSession(handle, {
      stdin: opts.stdin,
      timeoutMs: opts.timeoutMs,
      expect: opts.expect,
      interactive: opts.expect !== undefined && opts.expect.length > 0,
      ...(opts.onOutput ? { onOutput: opts.onOutput } : {}),
      ...(wrapped.sudo ? { sudo: { markers: this.markers, password } } : {}),
    });
    if (raw.becomeFailure)
      throw new BecomeError(
        this.host,
        `sudo on ${this.host} ${raw.becomeFailure === 'wrong-password' ? 'refused the become password' : 'asks for a password and none was given (AFO_BECOME_PASS)'}.`,
      );
    const secrets = [...(opts.expect ?? []).map((r) => r.answer)].filter((s): s is string => !!s);
    const markers = wrapped.sudo ? this.markers : undefined;
    return toExecResult(raw, markers, secrets, started);
  }

  async upload(content: Buffer, dest: string, opts: UploadOptions = {}): Promise<void> {
    if (!isAbsolute(dest)) throw new TransferError(this.host, `upload to ${this.host}: destination ${dest} must be an absolute path`);
    const tmp = join(dirname(dest), `.${basename(dest)}.afo-${randomBytes(6).toString('hex')}`);
    const needsShell = opts.owner !== undefined || opts.group !== undefined || (opts.become === true && this.user !== 'root');
    if (!needsShell) {
      try {
        await writeFile(tmp, content, { mode: 0o600 });
        if (opts.mode !== undefined) await chmod(tmp, parseInt(opts.mode, 8));
        await rename(tmp, dest);
        return;
      } catch (e) {
        throw new TransferError(this.host, `upload to ${this.host}:${dest} failed: ${(e as Error).message}`);
      }
    }
    const staged = join('/tmp', `afo-upload-${randomBytes(6).toString('hex')}`);
    await mkdir('/tmp', { recursive: true });
    await writeFile(staged, content, { mode: 0o600 });
    const r = await this.exec(
      placeScript({ tmp: staged, dest, mode: opts.mode, owner: opts.owner, group: opts.group, copy: true }),
      opts.become ? { become: {} } : {},
    );
    if (r.exitCode !== 0) throw new TransferError(this.host, `upload to ${this.host}:${dest} failed: ${r.stderr.trim() || `exit code ${r.exitCode}`}`);
  }

  async download(path: string, opts: { become?: boolean } = {}): Promise<Buffer> {
    if (!opts.become || this.user === 'root') return readFile(path);
    const r = await this.exec(`base64 < ${shQuote(path)}`, { become: {} });
    if (r.exitCode !== 0) throw new TransferError(this.host, `reading ${this.host}:${path} failed: ${r.stderr.trim()}`);
    return Buffer.from(r.stdout, 'base64');
  }

  stats(): TransportStats {
    return { ...this.counters };
  }

  async close(): Promise<void> {}
}
