/**
 * A fake Transport over an in-memory host: answers fact batches section by section (the
 * `content:` facts of fake-modules read its files; "base" gets a canned Debian answer), applies
 * the fake modules' write commands, and records every call so tests can count round trips.
 */
import type { ExecOptions, ExecResult, Transport, TransportStats, UploadOptions } from '../../../src/connection/transport.js';
import { UnreachableError } from '../../../src/connection/transport.js';

export const BASE_OUTPUT = [
  'id=debian', 'id_like=', 'name=Debian GNU/Linux', 'version_id=12', 'debian_version=12.5', 'uname=6.1.0 x86_64',
  'hostname=HOST', 'cpus=2', 'memtotal_kb=2048000', 'python3=/usr/bin/python3.11', 'pkg=apt-get', 'systemctl=1', 'systemd=1',
  'tz=Etc/UTC', 'lang=C.UTF-8', 'user=root', 'link=lo 65536 unknown', 'link=eth0 1500 up', 'route=eth0 0109D50A',
  '@addr', '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever', '2: eth0    inet 10.213.9.11/24 brd 10.213.9.255 scope global eth0',
  '@locales', 'C', 'C.utf8', 'POSIX',
].join('\n');

/** Shared across hosts: how many calls are in flight at once (for the forks bound). */
export class Concurrency {
  now = 0;
  max = 0;
}

export interface Call {
  command: string;
  opts?: ExecOptions;
}

export class FakeHost {
  readonly files = new Map<string, string>();
  /** Commands other than fact batches, in order. */
  readonly execs: Call[] = [];
  /** Files placed, by SFTP or inline (engine/inline-upload.ts: a shell script carrying the bytes). */
  readonly uploads: { dest: string; content: string; opts?: UploadOptions; inline?: boolean }[] = [];
  factBatches = 0;
  /** Fact ids asked for, per batch. */
  readonly batches: string[][] = [];
  channels = 0;
  unreachable = false;
  /** Custom answers for commands (return undefined for the default behaviour). */
  respond?: (command: string) => Partial<ExecResult> | undefined;
  /** Milliseconds each exec takes (tests use it to make hosts overlap). */
  delayMs = 0;
  /** Called after each fact batch was answered (tests change the host between reads). */
  onBatch?: (n: number) => void;

  constructor(
    readonly name: string,
    readonly concurrency = new Concurrency(),
  ) {}

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
    h.concurrency.now++;
    h.concurrency.max = Math.max(h.concurrency.max, h.concurrency.now);
    try {
      await new Promise((r) => setTimeout(r, h.delayMs));
      if (command.includes('@@afo-c')) return this.changeScript(command, opts);
      if (command.includes('@@afo-')) return this.batch(command);
      return this.one(command, opts);
    } finally {
      h.concurrency.now--;
    }
  }

  private one(command: string, opts?: ExecOptions): ExecResult {
    const h = this.h;
    h.execs.push({ command, opts });
    const custom = h.respond?.(command);
    if (custom) return { exitCode: 0, stdout: '', stderr: '', durationMs: 1, timedOut: false, ...custom };
    const write = /^printf %s '([^']*)' > (\S+)$/.exec(command);
    if (write) h.files.set(write[2]!, write[1]!);
    const inline = /printf '%s' '([A-Za-z0-9+/=]*)' \| base64 -d > [\s\S]*?; dest=(?:'([^']+)'|([^;']+));/.exec(command);
    if (inline) {
      const content = Buffer.from(inline[1]!, 'base64').toString();
      const dest = (inline[2] ?? inline[3])!;
      h.files.set(dest, content);
      h.uploads.push({ dest, content, inline: true });
    }
    return { exitCode: 0, stdout: '', stderr: '', durationMs: 1, timedOut: false };
  }

  /** Several changes in one script (engine apply batching), maybe followed by a fact refresh. */
  private changeScript(script: string, opts?: ExecOptions): ExecResult {
    const re = /\(\n([\s\S]*?)\n\)\n__afo_rc=\$\?\nprintf '\\n%s:%s\\n' '(@@afo-c[0-9a-f]+:\d+)' "\$__afo_rc"\ncase " ([\d ]+) " in/g;
    let stdout = '';
    let stderr = '';
    for (const m of script.matchAll(re)) {
      const [, cmd, mark, ok] = m as unknown as [string, string, string, string];
      const r = this.one(cmd, opts);
      stdout += `${r.stdout}\n${mark}:${r.exitCode}\n`;
      stderr += r.stderr;
      if (!ok.split(' ').map(Number).includes(r.exitCode)) return { exitCode: r.exitCode, stdout, stderr, durationMs: 1, timedOut: false };
    }
    if (script.includes('@@afo-') && /@@afo-[0-9a-f]+:B:/.test(script)) stdout += this.batch(script).stdout;
    return { exitCode: 0, stdout, stderr, durationMs: 1, timedOut: false };
  }

  private batch(script: string): ExecResult {
    const h = this.h;
    h.factBatches++;
    const ids: string[] = [];
    const re = /printf '%s\\n' '(@@afo-[0-9a-f]+):B:(\d+)'\n\(\n([\s\S]*?)\n\) <\/dev\/null 2>\/dev\/null\n/g;
    let out = '';
    for (const m of script.matchAll(re)) {
      const [, mark, i, cmd] = m as unknown as [string, string, string, string];
      let stdout = '';
      let code = 0;
      const cat = /^cat (\S+) 2>\/dev\/null \|\| echo __ABSENT__$/.exec(cmd);
      if (cat) {
        ids.push(`content:${cat[1]}`);
        const c = h.files.get(cat[1]!);
        stdout = c === undefined ? '__ABSENT__\n' : `${c}\n`;
      } else if (cmd.includes('/etc/os-release')) {
        ids.push('base');
        stdout = BASE_OUTPUT.replace('HOST', h.name) + '\n';
      } else {
        ids.push('?');
        code = 127;
      }
      out += `${mark}:B:${i}\n${stdout}\n${mark}:E:${i}:${code}\n`;
    }
    h.batches.push(ids);
    h.onBatch?.(h.factBatches);
    return { exitCode: 0, stdout: out, stderr: '', durationMs: 1, timedOut: false };
  }

  async upload(content: Buffer, dest: string, opts?: UploadOptions): Promise<void> {
    this.h.channels++;
    this.h.uploads.push({ dest, content: content.toString(), opts });
    this.h.files.set(dest, content.toString());
  }

  stats(): TransportStats {
    return { channels: this.h.channels, connections: 1 };
  }

  async close(): Promise<void> {}
}
