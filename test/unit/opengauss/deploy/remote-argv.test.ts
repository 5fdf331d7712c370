/**
 * What the remote shell sees: every role task that builds a command line from settings
 * (command, shell, expect) is rendered with hostile values (quotes, spaces, `$()`, backticks,
 * newlines), planned by its real module, and the command the module would send is run by a real
 * bash on this machine in a scratch directory whose programs only record their argv. Each program
 * must receive exactly the intended values, and no injected command may run. The schema refuses
 * such values before any connection (schema.test.ts); this is the layer behind it: one quoting
 * function (shQuote = Python's shlex.quote, the `quote` filter) at every shell level.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { template } from '../../../../src/engine/evaluate.js';
import { resolveVars } from '../../../../src/expr/index.js';
import { openGaussModules } from '../../../../src/opengauss/modules/index.js';
import { parseTaskFile } from '../../../../src/roles/parse-task.js';
import { ModuleRegistry } from '../../../../src/roles/registry.js';
import type { ModuleTask, Task } from '../../../../src/roles/types.js';
import type { LoadIssue } from '../../../../src/roles/yaml-file.js';
import { checkArgs } from '../../../../src/roles/validate-args.js';
import type { ExecChange, ModuleContext } from '../../../../src/tasks/module.js';
import { builtinModules } from '../../../../src/tasks/modules/index.js';

const ROLE = new URL('../../../../roles/opengauss/', import.meta.url).pathname;
const FILES = ['install.yml', 'expand.yml', 'cm.yml', 'ops.yml', 'os.yml'];
const SHELL_MODULES = new Set(['command', 'shell', 'expect']);

const root = mkdtempSync(join(tmpdir(), 'afo-argv-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A value with every character that a shell treats specially; `$(...)` and backticks would create PWNED. */
const evil = (tag: string) => `${tag} it's "q" $(touch ${root}/PWNED) \`touch ${root}/PWNED\` ; & | * ~ \\ $HOME\nline2`;

const upload = join(root, evil('up'));
const app = join(root, evil('app'));
const home = join(root, 'home');
const bin = join(root, 'bin');
const log = join(root, 'argv.log');

const vars: Record<string, unknown> = {
  inventory_hostname: 'h1',
  og_primary: 'h1',
  opengauss_upload_path: upload,
  opengauss_paths: {
    gaussdbAppPath: app,
    gaussdbLogPath: join(root, evil('log')),
    gaussdbToolPath: join(root, evil('tool')),
    dataPath: join(root, evil('data')),
  },
  opengauss_env: { user_name: evil('user'), user_group: evil('group'), iface_mtu: evil('mtu') },
  opengauss_db_set: { locale: evil('locale') },
  og_install_timeout: evil('t'),
  og_expansion_timeout: evil('xt'),
  og_expand_hosts: [evil('ip1'), evil('ip2')],
  og_cm_member: evil('cm.tar.gz'),
  og_cm_timeout: 60,
  og_db_pass: 'Secret_123',
  og_ca_pass: 'Secret_123',
  og_target_dir: join(root, evil('dn')),
  og_target_node_id: evil('id'),
  og_drop_ip: evil('drop'),
  global_timezone: evil('tz'),
  og_nodes: { h1: { iface: evil('eth0') } },
  og_joining_marker: join(root, evil('joining')),
};
const u = vars.opengauss_env as Record<string, string>;
const dataPath = (vars.opengauss_paths as Record<string, string>).dataPath!;

/** A program that appends `argc, $0, args...` (NUL-separated) to the log. */
function recorder(path: string, then = ''): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `#!/bin/sh\nprintf '%s\\0' "$#" "$0" "$@" >> ${JSON.stringify(log)}\n${then}\n`);
  chmodSync(path, 0o755);
}

function setUp(): void {
  for (const name of ['gs_install', 'python3', 'gs_ctl', 'cm_ctl', 'gs_dropnode', 'timedatectl', 'ip', 'find']) recorder(join(bin, name));
  // bash -lc: recorded, then the script runs in a plain bash (a login shell would reset PATH).
  recorder(join(bin, 'bash'), 'exec /bin/bash --noprofile --norc -c "$2"');
  recorder(join(bin, 'getent'), `echo "omm:x:1000:1000::${home}:/bin/sh"`);
  recorder(join(upload, 'script', 'gs_preinstall'));
  recorder(join(upload, 'script', 'gs_expansion'));
  mkdirSync(join(app, 'tool', 'cm_tool'), { recursive: true });
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, '.bashrc'), '');
  // an interrupted join: afo's marker and the directories OM left (no postmaster.pid: nothing to stop)
  mkdirSync(join(vars.og_joining_marker as string, '..'), { recursive: true });
  writeFileSync(vars.og_joining_marker as string, '');
  for (const d of ['dn', 'cm']) mkdirSync(join(dataPath, d), { recursive: true });
}

/** The argv of every recorded program run, in order ($0 as a base name for programs on PATH). */
function recorded(): string[][] {
  if (!existsSync(log)) return [];
  const fields = readFileSync(log, 'utf8').split('\0').slice(0, -1);
  const out: string[][] = [];
  for (let i = 0; i < fields.length; ) {
    const n = Number(fields[i]);
    const argv = fields.slice(i + 1, i + 2 + n);
    if (argv[0]!.startsWith(`${bin}/`)) argv[0] = argv[0]!.slice(bin.length + 1);
    out.push(argv);
    i += n + 2;
  }
  return out;
}

function flatten(tasks: Task[]): ModuleTask[] {
  return tasks.flatMap((t) => (t.kind === 'module' ? [t] : t.kind === 'block' ? flatten([...t.block, ...t.rescue, ...t.always]) : []));
}

const registry = new ModuleRegistry([...builtinModules, ...openGaussModules()]);
/** A task file of the role as the role loader parses it (imports inlined). */
function taskFile(name: string): ModuleTask[] {
  const issues: LoadIssue[] = [];
  const tasks = parseTaskFile(join(ROLE, 'tasks', name), { registry, issues, baseDir: ROLE, searchDirs: [join(ROLE, 'tasks')], importStack: [] });
  if (issues.length > 0) throw new Error(issues.map((i) => i.message).join('\n'));
  return flatten(tasks);
}
const tasks = FILES.flatMap(taskFile).filter((t) => SHELL_MODULES.has(t.module) && JSON.stringify(t.args).includes('{{'));

/** The command the module would send to the host for this task, with `vars`. */
async function remoteCommand(task: ModuleTask): Promise<string> {
  const scope = resolveVars({ ...vars, ...task.vars });
  const checked = checkArgs(registry.get(task.module)!, template(task.args, scope, 'arguments'));
  if (!checked.ok) throw new Error(checked.message);
  const plan = await registry.get(task.module)!.plan(checked.value as never, { get: () => false as never }, {} as ModuleContext);
  const [change] = plan.changes as ExecChange[];
  return change!.command;
}

/** Runs the command as the host's sh would (`sh -c`), in `cwd`, with only the recorders on PATH. */
function runRemote(command: string, cwd = '/'): string[][] {
  rmSync(log, { force: true });
  execFileSync('/bin/sh', ['-c', command], { cwd, env: { PATH: `${bin}:/usr/bin:/bin`, HOME: home }, stdio: 'pipe' });
  return recorded();
}

const xml = `${upload}/cluster_config.xml`;
const EXPECTED: Record<string, string[][]> = {
  'gs_preinstall (root, on the primary)': [[`${upload}/script/gs_preinstall`, '-U', u.user_name!, '-G', u.user_group!, '-X', xml, '--non-interactive']],
  'gs_install (database user, on the primary)': [
    ['bash', '-lc', expect.any(String) as unknown as string],
    ['gs_install', '-X', xml, `--gsinit-parameter=--locale=${evil('locale')}`, `--time-out=${evil('t')}`],
  ],
  'gs_expansion (root, on the primary)': [
    ['getent', 'passwd', u.user_name!],
    [`${upload}/script/gs_expansion`, '-U', u.user_name!, '-G', u.user_group!, '-X', xml, '-h', `${evil('ip1')},${evil('ip2')}`, `--time-out=${evil('xt')}`],
  ],
  'cm_install (database user, on the primary)': [
    ['bash', '-lc', expect.any(String) as unknown as string],
    ['python3', 'cm_install', '-X', xml, `--cmpkg=${upload}/${evil('cm.tar.gz')}`],
  ],
  'switchover without CM (gs_ctl, on the standby to promote)': [
    ['bash', '-lc', expect.any(String) as unknown as string],
    ['gs_ctl', 'switchover', '-D', vars.og_target_dir as string],
  ],
  'switchover with CM (cm_ctl; CM may treat a kernel-level switchover as a fault)': [
    ['bash', '-lc', expect.any(String) as unknown as string],
    ['cm_ctl', 'switchover', '-n', evil('id'), '-D', vars.og_target_dir as string],
  ],
  'drop the node from the cluster (gs_dropnode, on the primary)': [
    ['bash', '-lc', expect.any(String) as unknown as string],
    ['gs_dropnode', '-U', u.user_name!, '-G', u.user_group!, '-h', evil('drop')],
  ],
  'leftovers of an interrupted join cleared (hosts afo marked)': [join(dataPath, 'dn'), join(dataPath, 'cm'), app].map((d) => [
    'find',
    d,
    '-mindepth',
    '1',
    '-delete',
  ]),
  'time zone (only when you set global_timezone)': [['timedatectl', 'set-timezone', evil('tz')]],
  "MTU live on the NIC with the host's address (opt-in)": [['ip', 'link', 'set', 'dev', evil('eth0'), 'mtu', evil('mtu')]],
};

describe('every setting that reaches a remote shell arrives as the intended argv', () => {
  setUp();

  it('every command/shell/expect task of the role that uses a variable is covered here', () => {
    expect(tasks.map((t) => t.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(tasks.map((t) => [t.name!, t] as const))('%s', async (name, task) => {
    expect(runRemote(await remoteCommand(task))).toEqual(EXPECTED[name]);
    expect(readdirSync(root)).not.toContain('PWNED');
  });

  it('the cron job line quotes the om_monitor path too', () => {
    const cron = taskFile('cm.yml').find((t) => t.module === 'cron')!;
    const job = String((template(cron.args, resolveVars(vars), 'arguments') as { job: string }).job);
    const om = join(app, 'bin', 'om_monitor');
    recorder(om);
    expect(runRemote(job)).toEqual([[om]]);
    expect(readdirSync(root)).not.toContain('PWNED');
  });
});
