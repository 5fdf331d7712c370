/**
 * A host for engine tests that runs what the engine sends in a real `sh`: each exec is a chroot
 * into a temp directory (the host's filesystem) inside a private user, mount, network and UTS
 * namespace, so `/etc/a` in a script is `<root>/etc/a` on this machine and nothing reaches the
 * machine's own files or network. The machine's /usr is bound in read-only (sh and the commands),
 * /dev and /proc as they are. No part of the engine's generated shell is parsed here: what a test
 * sees is what sh did.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../../support/temp.js';

/** The machine's directories a host's commands need; everything else of the host is its own. */
const SYSTEM = ['usr', 'bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32', 'dev', 'proc'];
/** Where the fake host keeps its tools and per-call logs (not part of `files`). */
const TOOLS = 'afo';
/** The host's own system files, seeded at creation (not part of `files`). */
const SEEDED = new Set(['etc/os-release', 'etc/passwd', 'etc/group']);

// Bind the machine's programs read-only, give the host its own network (eth0 10.213.9.11/24, a
// default route; nothing behind it) and name, and run the script chrooted.
const ENTER = `R=$1
for d in dev proc; do mount --rbind "/$d" "$R/$d" || exit 125; done
for d in usr bin sbin lib lib32 lib64 libx32; do
  [ -d "$R/$d" ] && [ ! -L "$R/$d" ] || continue
  mount --bind "/$d" "$R/$d" && mount -o remount,bind,ro "$R/$d" || exit 125
done
ip -batch - <<'NET' || exit 125
link add eth0 type veth peer name veth0
address add 10.213.9.11/24 dev eth0
link set veth0 up
link set eth0 up
link set lo up
route add default via 10.213.9.1
NET
hostname "$2" || exit 125
exec chroot "$R" /bin/sh -c "$3"`;

/** Logs the tool's command line (for `execs`), then runs its body. */
const tool = (body: string) => `#!/bin/sh\n{ printf 'exec\\t%s' "\${0##*/}"; for a; do printf ' %s' "$a"; done; echo; } >> "$AFO_LOG"\n${body}\n`;

/** Tools every host has (the fake modules' commands). */
const BUILTIN_TOOLS: Record<string, string> = {
  // parents appear as needed: the fake modules write anywhere without a directory task
  write: 'mkdir -p "$(dirname "$1")" && printf %s "$2" > "$1" && printf \'wrote\\t%s\\n\' "$1" >> "$AFO_LOG"',
  poke: 'true',
  'wait-for': 'true',
};

export interface ShResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** What the host's tools and fact commands logged during this exec, one line each. */
  log: string[];
}

export class HostFs {
  /** Contents as set by the test or first seen, to tell later changes apart. */
  private readonly baseline = new Map<string, string | undefined>();

  constructor(readonly root: string) {}

  private at(path: string): string {
    if (!path.startsWith('/')) throw new Error(`host paths are absolute: ${path}`);
    return join(this.root, path);
  }

  get(path: string): string | undefined {
    const p = this.at(path);
    return existsSync(p) && lstatSync(p).isFile() ? readFileSync(p, 'utf8') : undefined;
  }

  set(path: string, content: string): this {
    mkdirSync(dirname(this.at(path)), { recursive: true });
    writeFileSync(this.at(path), content);
    this.baseline.set(path, content);
    return this;
  }

  /** Makes a directory (with its parents). */
  dir(path: string): this {
    mkdirSync(this.at(path), { recursive: true });
    return this;
  }

  has(path: string): boolean {
    return this.get(path) !== undefined;
  }

  /** The test's files (regular files outside the host's system and tool directories). */
  keys(): string[] {
    const out: string[] = [];
    const walk = (rel: string): void => {
      for (const e of readdirSync(join(this.root, rel), { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (!rel && (SYSTEM.includes(e.name) || e.name === TOOLS)) continue;
        if (e.isDirectory()) walk(r);
        else if (e.isFile() && !SEEDED.has(r)) out.push(`/${r}`);
      }
    };
    walk('');
    return out;
  }

  get size(): number {
    return this.keys().length;
  }

  /** Files whose content is not what the test set (or that appeared), with their content now. */
  changed(): [string, string][] {
    return this.keys().flatMap((k) => (this.baseline.get(k) === this.get(k) ? [] : [[k, this.get(k) ?? ''] as [string, string]]));
  }
}

/** Makes a host's root: system directories to bind, /etc with a Debian os-release, the tools. */
export function makeRoot(name: string): string {
  const root = tempDir(`afo-fakehost-${name}-`);
  for (const d of SYSTEM) {
    const m = join('/', d);
    if (!existsSync(m)) continue;
    if (lstatSync(m).isSymbolicLink()) symlinkSync(readlinkSync(m), join(root, d));
    else mkdirSync(join(root, d));
  }
  mkdirSync(join(root, 'etc'));
  mkdirSync(join(root, 'tmp'), { mode: 0o1777 });
  mkdirSync(join(root, TOOLS, 'bin'), { recursive: true });
  mkdirSync(join(root, TOOLS, 'log'));
  // os-release is sourced by the base facts: it records that they were read, like the fact tools do
  writeFileSync(join(root, 'etc/os-release'), `printf 'fact\\tbase\\n' >> "$AFO_LOG"\nID=debian\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n`);
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\n');
  for (const [t, body] of Object.entries(BUILTIN_TOOLS)) installTool(root, t, body);
  return root;
}

/** A command on the host's PATH that records each run in `execs` and then runs `body` (sh). */
export function installTool(root: string, name: string, body: string): void {
  const file = join(root, TOOLS, 'bin', name);
  writeFileSync(file, tool(body));
  chmodSync(file, 0o755);
}

let calls = 0;

/** Runs `script` with sh on the host; `env` is exported in the host's shell. */
export function runOnHost(
  root: string,
  hostname: string,
  script: string,
  env: Record<string, string>,
  stdin?: string | Buffer,
  onOutput?: (chunk: Buffer) => void,
): Promise<ShResult> {
  const log = `/${TOOLS}/log/${++calls}`;
  const hostEnv = { PATH: `/${TOOLS}/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin`, HOME: '/', LANG: 'C.UTF-8', AFO_LOG: log, ...env };
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['--map-root-user', '--mount', '--uts', '--net', 'sh', '-c', ENTER, 'enter', root, hostname, script], {
      env: hostEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onOutput?.(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onOutput?.(d);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      // 125: the namespace could not be set up; that is the test machine's problem, not a result
      if (code === 125) return reject(new Error(`fake host ${hostname}: cannot enter its namespaces (unshare, mount): ${stderr}`));
      const logFile = join(root, log);
      const lines = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter(Boolean) : [];
      resolve({ exitCode: code ?? -1, stdout, stderr, log: lines });
    });
    child.stdin.on('error', () => {}); // EPIPE: the script exited without reading its input
    child.stdin.end(stdin);
  });
}
