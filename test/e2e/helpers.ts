/**
 * Helpers of the deploy e2e tests: the project lab (test/lab/lab.ts), an openGauss inventory for its hosts, `afo deploy --json`
 * as a child process (the built CLI, as users run it), and commands on the hosts over SSH.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import type { EngineEvent, RunEndEvent } from '../../src/engine/events.js';
import type { Lab, LabOs } from '../lab/api.js';
import * as lab from '../lab/lab.js';
import { waitFor } from '../support/wait-for.js';

const run = promisify(execFile);
export const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const STANDIN = join(REPO, '.cache/standin');

/** The project lab (AFO_LAB / AFO_LAB_NET / AFO_LAB_CACHE as for `npm run lab`). */
export function labUp(n: number, os: LabOs[]): Promise<Lab> {
  return lab.labUp({ hosts: n, os });
}

export function labDown(l: Lab): Promise<void> {
  return lab.labDown(l);
}

export { stopHost, startHost } from '../lab/lab.js';

/** Builds the stand-in packages once (they are reproducible). */
export async function standinPackage(name: string): Promise<string> {
  const p = join(STANDIN, name);
  let built = 0;
  try {
    built = statSync(p).mtimeMs;
  } catch {
    // not built yet
  }
  // Rebuilt when a stand-in source is newer than the package: a stale stand-in tests old behaviour.
  if (built === 0 || newestUnder(join(REPO, 'test/opengauss-standin/src')) > built) {
    await run('bash', [join(REPO, 'test/opengauss-standin/package.sh')], { maxBuffer: 1 << 24 });
  }
  return p;
}

/** The built CLI, as users run it (`npm run build`). */
export const AFO_MAIN = join(REPO, 'dist/src/cli/main.js');

/** Whether the built CLI is missing or older than a file under src/, roles/ or templates/ (the demo and the bench rebuild it then). */
export function afoBuildStale(): boolean {
  let built = 0;
  try {
    built = statSync(AFO_MAIN).mtimeMs;
  } catch {
    return true;
  }
  return ['src', 'roles', 'templates'].some((d) => newestUnder(join(REPO, d)) > built);
}

/** The newest modification time (ms) of the files under `dir`. */
export function newestUnder(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === '__pycache__') continue;
    const path = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export interface Roles {
  primary: string;
  standby?: string[];
  cascade?: string[];
}

/**
 * An inventory for lab hosts named by IPv4 address, in a fresh directory under the lab dir.
 * `connection`: the [opengauss:vars] lines (default: root by the lab's key, the lab's known_hosts).
 */
export function writeInventory(lab: Lab, name: string, roles: Roles, connection?: string[]): string {
  const file = join(inventoryDir(lab, name), 'hosts.ini');
  writeFileSync(file, inventoryText(lab, roles, connection));
  return file;
}

/** The text of an openGauss inventory for lab hosts (the demo writes the same). */
export function inventoryText(lab: Lab, roles: Roles, connection?: string[], comment?: string): string {
  const vars = connection ?? [
    'ansible_user=root',
    `ansible_ssh_private_key_file=${lab.key}`,
    `ansible_ssh_common_args='-o UserKnownHostsFile=${lab.knownHosts} -o StrictHostKeyChecking=yes'`,
  ];
  return [
    ...(comment ? [`# ${comment}`] : []),
    `[opengauss_primary]\n${roles.primary}\n`,
    `[opengauss_standby]\n${(roles.standby ?? []).join('\n')}\n`,
    `[opengauss_cascade]\n${(roles.cascade ?? []).join('\n')}\n`,
    '[opengauss:children]\nopengauss_primary\nopengauss_standby\nopengauss_cascade\n',
    '[opengauss:vars]',
    ...vars,
    '',
  ].join('\n');
}

/** The directory writeInventory(lab, name, ...) writes into (made if missing). */
export function inventoryDir(lab: Lab, name: string): string {
  const dir = join(lab.dir, 'e2e', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface AfoRun {
  code: number;
  stdout: string;
  stderr: string;
  events: EngineEvent[];
  result?: { report: { outcome: string; message: string; logDir: string }; reportPaths: { md: string; json: string; html: string } };
}

/** The built CLI with `args` (and `input` on its stdin; stdin is never a terminal); never throws on a non-zero exit. */
export async function afo(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const p = run('node', [join(REPO, 'dist/src/cli/main.js'), ...args], { maxBuffer: 1 << 26 });
  p.child.stdin?.end(input ?? '');
  return p.then(
    (x) => ({ code: 0, stdout: x.stdout, stderr: x.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({
      code: typeof e.code === 'number' ? e.code : 1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
    }),
  );
}

/** `afo deploy --json -y ...args` (with `input` on its stdin, e.g. a -K answer); never throws on a non-zero exit. */
export function afoDeploy(args: string[], input?: string): Promise<AfoRun> {
  return afoJson('deploy', args, input);
}

/** `afo expand --json -y ...args`; never throws on a non-zero exit. */
export function afoExpand(args: string[], input?: string): Promise<AfoRun> {
  return afoJson('expand', args, input);
}

async function afoJson(command: 'deploy' | 'expand', args: string[], input?: string): Promise<AfoRun> {
  // -y: stdin is never a terminal here, so a changing run must not ask (docs/architecture.md §7.3)
  return parseRun(command, await afo([command, '--json', '-y', ...args], input));
}

/**
 * `afo deploy|expand --json -y ...args` started, not awaited: the child (to signal it), its events as
 * they come (`onEvent`), and the finished run.
 */
export function startAfo(
  command: 'deploy' | 'expand',
  args: string[],
  onEvent: (e: EngineEvent) => void = () => {},
): { child: ChildProcess; done: Promise<AfoRun> } {
  const child = spawn('node', [join(REPO, 'dist/src/cli/main.js'), command, '--json', '-y', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    pending += d.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const l of lines) if (l.startsWith('{')) onEvent(JSON.parse(l) as EngineEvent);
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<AfoRun>((resolve) =>
    child.on('close', (code, signal) => resolve(parseRun(command, { code: code ?? (signal ? 128 : 1), stdout, stderr }))),
  );
  return { child, done };
}

function parseRun(command: 'deploy' | 'expand', r: { code: number; stdout: string; stderr: string }): AfoRun {
  const events: EngineEvent[] = [];
  let result: AfoRun['result'];
  for (const line of r.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const o = JSON.parse(line) as { type: string };
    if (o.type === `${command}-result`) result = o as never;
    else events.push(o as EngineEvent);
  }
  return { ...r, events, ...(result ? { result } : {}) };
}

/** Changed tasks per host, summed over every phase of a run (run-end summaries). */
export function changedPerHost(events: EngineEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events.filter((x): x is RunEndEvent => x.type === 'run-end')) {
    for (const [h, s] of Object.entries(e.hosts)) out[h] = (out[h] ?? 0) + s.changed;
  }
  return out;
}

/** Tasks that changed (or would, under --check): "host: task name". */
export function changedTasks(events: EngineEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'host-task-end' && e.status === 'changed' ? [`${e.host}: ${e.task.name}`] : []));
}

/** Runs a shell command on a lab host as root over SSH. */
export async function sh(l: Lab, host: string, cmd: string): Promise<{ code: number; out: string }> {
  const r = await lab.labExec(l, host, cmd);
  return { code: r.code, out: `${r.stdout}${r.stderr}` };
}

/** The lab host name (ssh_config alias) of an address. */
export function hostOf(lab: Lab, ip: string): string {
  return lab.hosts.find((h) => h.ip === ip)!.name;
}

/** SQL as the database user on a host (gsql over the local socket). */
export function gsql(lab: Lab, ip: string, sql: string): Promise<{ code: number; out: string }> {
  return sh(lab, hostOf(lab, ip), `su - omm -c ${JSON.stringify(`gsql -d postgres -p 15400 -tA -c "${sql}"`)}`);
}

/** A query's answer on a host once it equals `want` (replication catches up); throws after 30 s, naming the last answer. */
export async function readBack(lab: Lab, ip: string, sql: string, want: string): Promise<string> {
  await waitFor(async () => (await gsql(lab, ip, sql)).out.trim() === want, { timeoutMs: 30_000, what: `${want} from "${sql}" on ${ip}`, intervalMs: 500 });
  return want;
}

/** A run's report.json path: from its result, or (a failed run prints no result) from its "report:" line. */
export function reportPath(r: AfoRun): string {
  const p = r.result?.reportPaths.md ?? /report: (\S+)/.exec(r.stderr)?.[1];
  if (!p) throw new Error(`no report path in the output of afo:\n${r.stderr}`);
  return p.replace(/report\.md$/, 'report.json');
}

/** A run's report.json, and its status rows as "ip role state". */
export function reportOf(r: AfoRun): { report: Record<string, any>; rows: string[] } {
  const report = JSON.parse(readFileSync(r.result!.reportPaths.json, 'utf8'));
  const rows = (report.status?.datanodes ?? []).map((d: { ip: string; role: string; state: string }) => `${d.ip} ${d.role} ${d.state}`);
  return { report, rows };
}

/** The rows of a Normal 1P+1S+1C with CM (layout B) on these addresses. */
export function normalRows1p1s1c(ips: string[]): string[] {
  return [`${ips[0]} Primary Normal`, `${ips[1]} Standby Normal`, `${ips[2]} Cascade Standby Normal`];
}

/** The secrets afo keeps beside the inventory. */
export function secretsOf(inventory: string): string[] {
  const data = parse(readFileSync(join(dirname(inventory), 'credentials', 'opengauss.yml'), 'utf8')) as Record<string, string>;
  return Object.values(data);
}

/** Every file under a directory, as text. */
export function filesUnder(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const p = join(dir, f);
    if (statSync(p).isFile()) out.push({ path: p, text: readFileSync(p, 'utf8') });
  }
  return out;
}

export interface WriterResult {
  /** Ids the primary acknowledged (INSERT 0 1, exit 0). */
  acked: number[];
  /** Inserts that failed (no primary writable on that host at the time). */
  failed: number;
  /** The longest time between two acknowledged inserts (s): what a client saw of the switchovers. */
  longestGapSeconds: number;
}

/**
 * A writer that keeps inserting ids 1, 2, 3, ... into `table` (id int primary key) through gsql on
 * the host `ip`, one at a time, until stopped; it records which inserts the primary acknowledged.
 */
export function startWriter(l: Lab, ip: string, table: string): { stop(): Promise<WriterResult> } {
  let running = true;
  const acked: number[] = [];
  let failed = 0;
  let lastAck = Date.now();
  let longest = 0;
  const loop = (async () => {
    for (let id = 1; running; id++) {
      const r = await gsql(l, ip, `insert into ${table} values (${id})`);
      if (r.code === 0 && /INSERT 0 1/.test(r.out)) {
        acked.push(id);
        longest = Math.max(longest, (Date.now() - lastAck) / 1000);
        lastAck = Date.now();
      } else failed++;
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { acked, failed, longestGapSeconds: longest };
    },
  };
}
