/**
 * The SSH transport (ssh2): ONE connection per host for the whole run, many exec channels over
 * it, bounded by a channel limiter (sshd's MaxSessions). Connects lazily; a connection that breaks
 * mid-run is re-opened once, then the host fails. `exec` rejects only with UnreachableError
 * (unreachable, authentication, sudo refusing the become password), never for a non-zero exit.
 */
import { randomBytes } from 'node:crypto';
import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';
import { wrapCommand, type BecomeMarkers } from './become.js';
import { channelHandle } from './channel.js';
import { openClient, type ConnectOptions, type Tunnel } from './connect.js';
import { BecomeError, target } from './errors.js';
import { interruptScript, RUN_TAG_VAR } from './interrupt.js';
import { ChannelLimiter } from './limiter.js';
import { runSession, toExecResult, stripSuccessMarker, type RawResult } from './session.js';
import type { HostConnection } from './settings.js';
import { UnreachableError, type ExecOptions, type ExecResult, type Transport, type TransportStats, type UploadOptions } from './transport.js';
import { downloadFile, uploadFile } from './upload.js';

/** A become password, or a hook that asks for it (called at most once per pool: `--ask-become-pass`). */
export type BecomePasswordSource = () => Promise<string | undefined>;

export interface SshTransportOptions extends ConnectOptions {
  /** Channels open at once on the connection (default 8; sshd's MaxSessions default is 10). */
  maxChannels?: number;
  /** Used when the host has no `becomePassword` (the `--ask-become-pass` answer); then AFO_BECOME_PASS. */
  becomePassword?: BecomePasswordSource;
  /** The jump host to connect through (the pool's shared Bastion); absent: direct TCP. */
  via?: Tunnel;
}

export class SshTransport implements Transport {
  readonly host: string;
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private dead: UnreachableError | undefined;
  private generation = 0;
  private lostGeneration = -1;
  private reconnects = 0;
  private everConnected = false;
  private closed = false;
  private readonly limiter: ChannelLimiter;
  private readonly counters: TransportStats = { channels: 0, connections: 0 };
  private readonly markers: BecomeMarkers;
  /** Marks every process a command of this transport starts (see interruptScript). */
  private readonly runTag: string;
  private running = 0;
  private becomePass: Promise<string | undefined> | undefined;

  constructor(
    readonly conn: HostConnection,
    private readonly opts: SshTransportOptions = {},
  ) {
    this.host = conn.name;
    this.limiter = new ChannelLimiter(opts.maxChannels ?? 8);
    const tag = randomBytes(6).toString('hex');
    this.markers = { prompt: `[afo-sudo-${tag}] password: `, success: `AFO-BECOME-OK-${tag}` };
    this.runTag = tag;
  }

  /**
   * Kills every process the running commands of this transport started on the host (an
   * interrupted run, docs/architecture.md §7.2), over a channel of its own. Closing a channel
   * does not stop a command without a PTY, and sshd refuses signal requests for root logins.
   */
  async interrupt(): Promise<void> {
    if (this.running === 0 || !this.client) return;
    await this.run(interruptScript(this.runTag), { become: { user: 'root' }, timeoutMs: 15_000 }, { untagged: true }).catch(() => undefined);
  }

  stats(): TransportStats {
    return { ...this.counters };
  }

  /** Connect now (the pool and tests use it); exec connects on demand anyway. */
  async connect(): Promise<void> {
    await this.ensureClient();
  }

  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const started = Date.now();
    const { raw, markers, secrets } = await this.run(command, opts);
    return toExecResult(raw, markers, secrets, started);
  }

  /** Like exec, but stdout as bytes (sudo markers removed, nothing masked). */
  async execRaw(command: string, opts: ExecOptions = {}): Promise<RawResult> {
    const { raw, markers } = await this.run(command, opts);
    return markers ? { ...raw, stdout: stripSuccessMarker(raw.stdout, markers) } : raw;
  }

  async upload(content: Buffer, dest: string, opts: UploadOptions = {}): Promise<void> {
    await uploadFile(this.fileOps(), content, dest, opts);
  }

  async download(path: string, opts: { become?: boolean } = {}): Promise<Buffer> {
    return downloadFile(this.fileOps(), path, opts);
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client;
    this.client = undefined;
    if (c) {
      await new Promise<void>((r) => {
        c.once('close', () => r());
        c.end();
        setTimeout(r, 2000).unref();
      });
    }
  }

  private fileOps() {
    return {
      host: this.host,
      loginUser: this.conn.user,
      exec: (cmd: string, o?: ExecOptions) => this.exec(cmd, o),
      execRaw: (cmd: string, o?: ExecOptions) => this.execRaw(cmd, o),
      withSftp: <T>(fn: (sftp: SFTPWrapper) => Promise<T>) => this.withSftp(fn),
    };
  }

  private async run(command: string, opts: ExecOptions, how: { untagged?: boolean } = {}) {
    const pty = opts.pty === true || (opts.expect !== undefined && opts.expect.length > 0);
    const becomeUser = opts.become ? (opts.become.user ?? 'root') : opts.login ? this.conn.user : undefined;
    // The run tag goes into the environment of the login shell (so sudo carries it) and of the
    // command itself (sudo resets the environment): interrupt() finds the processes by it.
    const env = how.untagged ? opts.env : { ...opts.env, [RUN_TAG_VAR]: this.runTag };
    const inner = wrapCommand(
      { command, loginUser: this.conn.user, becomeUser, login: opts.login, cwd: opts.cwd, env, pty, timeoutMs: opts.timeoutMs },
      this.markers,
    );
    const wrapped = how.untagged ? inner : { ...inner, command: `${RUN_TAG_VAR}=${this.runTag}; export ${RUN_TAG_VAR}; ${inner.command}` };
    const password = wrapped.sudo ? await this.becomePassword() : undefined;
    // Mask what we type into a terminal (it may be echoed): expect answers, and sudo's password on a PTY.
    const secrets = [pty ? password : undefined, ...(opts.expect ?? []).map((r) => r.answer)].filter((s): s is string => !!s);
    // The interrupt's own command does not wait for a free channel (they may all be running).
    const release = how.untagged ? () => undefined : await this.limiter.acquire();
    if (!how.untagged) this.running++;
    try {
      const { channel, generation } = await this.openChannel<ClientChannel>((c, cb) =>
        c.exec(wrapped.command, pty ? { pty: { term: 'vt100', cols: 200, rows: 50 } } : {}, cb),
      );
      const raw = await runSession(channelHandle(channel), {
        stdin: opts.stdin,
        timeoutMs: opts.timeoutMs,
        expect: opts.expect,
        interactive: pty,
        hostTimeout: opts.timeoutMs !== undefined,
        ...(opts.onOutput ? { onOutput: opts.onOutput } : {}),
        ...(wrapped.sudo ? { sudo: { markers: this.markers, password } } : {}),
      });
      if (raw.becomeFailure) throw this.becomeError(raw.becomeFailure, becomeUser ?? 'root');
      if (raw.exitCode === -1 && !raw.timedOut && !raw.expectError && this.lostGeneration >= generation) {
        throw new UnreachableError(
          this.host,
          `the connection to host ${this.host} (${target(this.conn)}) broke while a command ran; it may or may not have completed.`,
        );
      }
      return { raw, markers: wrapped.sudo ? this.markers : undefined, secrets };
    } finally {
      if (!how.untagged) this.running--;
      release();
    }
  }

  private becomeError(kind: 'no-password' | 'wrong-password', user: string): BecomeError {
    const where = `sudo on ${this.host} (${target(this.conn)}, becoming ${user})`;
    return new BecomeError(
      this.host,
      kind === 'wrong-password'
        ? `${where} refused the become password. Check ansible_become_pass / AFO_BECOME_PASS or the password typed for --ask-become-pass.`
        : `${where} asks for a password and none was given: use --ask-become-pass, ansible_become_pass in the inventory, or AFO_BECOME_PASS.`,
    );
  }

  private becomePassword(): Promise<string | undefined> {
    this.becomePass ??= (async () => this.conn.becomePassword ?? (await this.opts.becomePassword?.()) ?? (this.opts.env ?? process.env).AFO_BECOME_PASS)();
    return this.becomePass;
  }

  private async withSftp<T>(fn: (sftp: SFTPWrapper) => Promise<T>): Promise<T> {
    const release = await this.limiter.acquire();
    try {
      const { channel: sftp } = await this.openChannel<SFTPWrapper>((c, cb) => c.sftp(cb));
      sftp.on('error', () => undefined); // failures reach the pending calls' callbacks
      try {
        return await fn(sftp);
      } finally {
        sftp.end();
      }
    } finally {
      release();
    }
  }

  /**
   * Open a channel, re-opening a broken connection once. A channel refused while others are open
   * means the server allows fewer sessions than our limit: lower it and wait for a free one.
   */
  private async openChannel<C>(open: (c: Client, cb: (err: Error | undefined, ch: C) => void) => void): Promise<{ channel: C; generation: number }> {
    let refusals = 0;
    for (;;) {
      const client = await this.ensureClient();
      const generation = this.generation;
      try {
        const channel = await new Promise<C>((resolve, reject) => {
          try {
            open(client, (err, ch) => (err ? reject(err) : resolve(ch)));
          } catch (e) {
            reject(e as Error);
          }
        });
        this.counters.channels++;
        return { channel, generation };
      } catch (e) {
        const err = e as Error & { reason?: number };
        if (this.client !== client || /not connected|no response/i.test(err.message)) continue; // broken: ensureClient decides
        // sshd frees a session slot a little after the channel closes, so a refusal while others
        // are open is usually transient: wait for one to finish and retry. Repeated refusals mean
        // the server allows fewer sessions than our limit (MaxSessions below 10): lower it.
        if ((err.reason === 1 || err.reason === 2) && this.limiter.open > 1) {
          if (++refusals % 3 === 0) this.limiter.lowerTo(this.limiter.open - 1);
          await this.limiter.nextRelease(200);
          continue;
        }
        throw new UnreachableError(this.host, `host ${this.host} (${target(this.conn)}) refused a new SSH channel: ${err.message}`);
      }
    }
  }

  private ensureClient(): Promise<Client> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.closed) return Promise.reject(new UnreachableError(this.host, `the connection to ${this.host} was closed`));
    if (this.client) return Promise.resolve(this.client);
    if (this.connecting) return this.connecting;
    if (this.everConnected) {
      if (this.reconnects >= 1) {
        this.dead = new UnreachableError(
          this.host,
          `the connection to host ${this.host} (${target(this.conn)}) broke again after one reconnect; giving up on this host.`,
        );
        return Promise.reject(this.dead);
      }
      this.reconnects++;
    }
    this.connecting = this.connectOnce().then(
      (c) => {
        this.connecting = undefined;
        this.client = c;
        this.everConnected = true;
        return c;
      },
      (e: UnreachableError) => {
        this.connecting = undefined;
        this.dead = e; // an unreachable host stays failed for the run
        throw e;
      },
    );
    return this.connecting;
  }

  private async connectOnce(): Promise<Client> {
    const gen = this.generation + 1;
    const client = await openClient(
      this.conn,
      this.opts,
      (c) => {
        // Unexpected close: in-flight commands of this generation fail; the next one reconnects.
        if (this.client === c) this.client = undefined;
        this.lostGeneration = Math.max(this.lostGeneration, gen);
      },
      this.opts.via ? { via: this.opts.via } : {},
    );
    this.generation = gen;
    this.counters.connections++;
    return client;
  }
}
