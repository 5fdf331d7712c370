/**
 * A Transport over a fake host (fake-host.ts) that runs every exec in a real sh on the host's own
 * filesystem, and records what happened there so tests can count round trips: the fact commands
 * that ran (the fake modules' facts and the base facts log themselves), the host tools that ran,
 * the files placed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecOptions, ExecResult, Transport, TransportStats, UploadOptions } from '../../../src/connection/transport.js';
import { UnreachableError } from '../../../src/connection/transport.js';
import { shQuote } from '../../../src/text/shlex.js';
import { HostFs, installTool, makeRoot, runOnHost } from './fake-host.js';

/** Shared across hosts: how many calls are in flight at once (for the forks bound). */
export class Concurrency {
  now = 0;
  max = 0;
}

export interface Call {
  /** The tool's command line as it ran (`name args...`). */
  command: string;
  /** The options of the exec it ran in. */
  opts?: ExecOptions;
}

export class FakeHost {
  /** The host's filesystem, seen from the machine. */
  readonly root: string;
  readonly files: HostFs;
  /** Host tools that ran (stubs and the fake modules' commands), in order. */
  readonly execs: Call[] = [];
  /** Files placed by SFTP (upload()). */
  readonly sftp: { dest: string; content: string; opts?: UploadOptions }[] = [];
  /** Paths the fake modules' `write` tool wrote. */
  readonly written = new Set<string>();
  /** Execs that read facts. */
  factBatches = 0;
  /** Fact ids read, per exec that read any. */
  readonly batches: string[][] = [];
  channels = 0;
  /** Every exec's script, in order (tests count what shared a round trip). */
  readonly scripts: string[] = [];
  unreachable = false;
  /** Milliseconds of latency before each exec (tests use it to make hosts overlap). */
  delayMs = 0;
  /** Called after each exec that read facts (tests change the host between reads). */
  onBatch?: (n: number) => void;
  /** Called after each exec with its script (tests act on other hosts, as an OM tool does over SSH). */
  onExec?: (script: string) => void;

  constructor(
    readonly name: string,
    readonly concurrency = new Concurrency(),
  ) {
    this.root = makeRoot(name);
    this.files = new HostFs(this.root);
  }

  /** Puts a command on the host's PATH: `body` is its sh script; each run is recorded in execs. */
  stub(command: string, body: string): this {
    installTool(this.root, command, body);
    return this;
  }

  /** Every file placed: by SFTP, or by a script of the engine's (inline: not a fake module's write). */
  get uploads(): { dest: string; content: string; opts?: UploadOptions; inline?: boolean }[] {
    const sftp = new Set(this.sftp.map((u) => u.dest));
    const inline = this.files.changed().filter(([p]) => !sftp.has(p) && !this.written.has(p));
    return [...this.sftp, ...inline.map(([dest, content]) => ({ dest, content, inline: true }))];
  }

  transport(): Transport {
    return new FakeTransport(this);
  }
}

class FakeTransport implements Transport {
  constructor(private readonly h: FakeHost) {}

  get host(): string {
    return this.h.name;
  }

  async exec(command: string, opts?: ExecOptions): Promise<ExecResult> {
    const h = this.h;
    if (h.unreachable) throw new UnreachableError(h.name, `${h.name}: connect ECONNREFUSED`);
    h.channels++;
    h.scripts.push(command);
    h.concurrency.now++;
    h.concurrency.max = Math.max(h.concurrency.max, h.concurrency.now);
    const started = Date.now();
    try {
      // latency of the link, not a wait for anything: the hosts' execs overlap as over SSH
      if (h.delayMs > 0) await new Promise((r) => setTimeout(r, h.delayMs));
      const script = opts?.cwd !== undefined ? `cd ${shQuote(opts.cwd)} || exit 1\n${command}` : command;
      const env = { ...opts?.env, ...(opts?.become ? { AFO_BECOME_USER: opts.become.user } : {}) };
      const r = await runOnHost(h.root, h.name, script, env, opts?.stdin, opts?.onOutput);
      this.record(r.log, opts);
      h.onExec?.(script);
      return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, durationMs: Date.now() - started, timedOut: false };
    } finally {
      h.concurrency.now--;
    }
  }

  private record(log: string[], opts?: ExecOptions): void {
    const h = this.h;
    const facts: string[] = [];
    for (const line of log) {
      const [kind, text = ''] = line.split('\t', 2) as [string, string?];
      if (kind === 'fact') facts.push(text);
      else if (kind === 'exec') h.execs.push({ command: text, opts });
      else if (kind === 'wrote') h.written.add(text);
    }
    if (facts.length === 0) return;
    h.factBatches++;
    h.batches.push(facts);
    h.onBatch?.(h.factBatches);
  }

  async upload(content: Buffer, dest: string, opts?: UploadOptions): Promise<void> {
    this.h.channels++;
    this.h.sftp.push({ dest, content: content.toString(), opts });
    // like SFTP, a missing parent directory fails (ENOENT)
    writeFileSync(join(this.h.root, dest), content);
  }

  stats(): TransportStats {
    return { channels: this.h.channels, connections: 1 };
  }

  async close(): Promise<void> {}
}
