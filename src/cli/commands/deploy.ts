/**
 * `afo deploy` and `afo config`: the openGauss deployment (src/opengauss/deploy/run.ts does the
 * work) and the rendered cluster_config.xml without touching any host.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { EventSink } from '../../engine/events.js';
import { loadDefaults, runDeploy, type DeployOptions, type DeployOutcome } from '../../opengauss/deploy/run.js';
import { planDeploy } from '../../opengauss/deploy/plan.js';
import { jsonSink } from '../../report/json.js';
import { ListrView } from '../../report/listr-view.js';
import { plainRenderer } from '../../report/plain.js';
import { fsLoader, withVault } from '../../inventory/index.js';
import { parseExtraVars } from '../../vars/index.js';
import { exitCodeForOutcome } from '../exit-code.js';
import { parseForks } from '../forks.js';
import { parsePackageSha256 } from '../package-flags.js';
import { interruptSignal } from '../interrupt.js';
import { confirmPlan, promptSecret } from '../prompt.js';
import { refuseWithoutTerminal } from '../confirm.js';
import { vaultFrom, withVaultFlags, type VaultFlags } from '../vault-flags.js';
import { SSH_CONFIG_HELP, sshConfigFile } from '../run-flags.js';
import type { SetExit } from './index.js';
import type { SshDefaults } from '../../play/hosts.js';

export interface DeployFlags extends VaultFlags {
  inventory: string;
  extraVars: string[];
  package?: string;
  packageSha256?: string;
  check?: boolean;
  diff?: boolean;
  forks?: string;
  json?: boolean;
  yes?: boolean;
  askBecomePass?: boolean;
  acceptNewHostKeys?: boolean;
  user?: string;
  /** afo.cfg's connection defaults (src/cli/settings/apply.ts). */
  ssh?: SshDefaults;
  sshConfig?: string;
  breakLock?: boolean;
}

export const DEFAULT_INVENTORY = 'inventories/opengauss/hosts.ini';

function progressSink(json: boolean): { sink: EventSink; close: () => Promise<void> } {
  if (json) return { sink: jsonSink((l) => process.stdout.write(`${l}\n`)), close: async () => {} };
  if (process.stdout.isTTY) {
    const view = new ListrView((t) => process.stdout.write(t));
    return { sink: view.sink(), close: () => view.close() };
  }
  return { sink: plainRenderer((l) => process.stdout.write(`${l}\n`)), close: async () => {} };
}

type Runner = (o: DeployOptions) => Promise<DeployOutcome>;

/** `afo deploy` and `afo expand`: the same flags, session and output; `name` labels the result lines. */
export async function runOpenGaussCommand(name: 'deploy' | 'expand', runner: Runner, flags: DeployFlags): Promise<number> {
  // docs/architecture.md §7.3: no terminal and no -y is refused before anything is read or contacted.
  refuseWithoutTerminal(`afo ${name}`, { check: !!flags.check, yes: !!flags.yes, tty: process.stdin.isTTY === true });
  const vault = await vaultFrom(flags);
  const extraVars = parseExtraVars(flags.extraVars, withVault(fsLoader, vault)) as Record<string, unknown>;
  const forks = parseForks(flags.forks);
  const packageSha256 = parsePackageSha256(flags.packageSha256);
  // Asked before the run starts, so the prompt never fights the progress view.
  const becomePassword = flags.askBecomePass ? await promptSecret('BECOME password: ') : undefined;
  const progress = progressSink(!!flags.json);
  const say = (l: string) => (flags.json ? process.stderr : process.stdout).write(`${l}\n`);
  const interrupt = interruptSignal();
  try {
    const out = await runner({
      inventory: flags.inventory,
      extraVars,
      ...(vault ? { vault } : {}),
      ...(flags.package ? { package: flags.package } : {}),
      ...(packageSha256 ? { packageSha256 } : {}),
      check: !!flags.check,
      diff: !!flags.diff,
      ...(forks ? { forks } : {}),
      ...(flags.acceptNewHostKeys ? { acceptNewHostKeys: true } : {}),
      ...(becomePassword !== undefined ? { becomePassword } : {}),
      ...(flags.user ? { remoteUser: flags.user } : {}),
      ...(flags.ssh ? { ssh: flags.ssh } : {}),
      sshConfigFile: sshConfigFile(flags.sshConfig),
      ...(flags.breakLock ? { breakLock: true } : {}),
      signal: interrupt.signal,
      confirm: async (summary) => {
        await progress.close(); // the progress view has drawn everything: the question stands alone
        return confirmPlan(summary, !!flags.yes, `afo ${name}`, process.stdin, process.stderr, interrupt.signal);
      },
      progress: progress.sink,
      say,
      cacheDir: process.env.AFO_CACHE_DIR ?? join(homedir(), '.cache', 'afo', 'packages'),
    });
    await progress.close();
    say(`afo ${name}: ${out.report.outcome}: ${out.report.message}`);
    say(`report: ${out.reportPaths.md} (and report.json)`);
    say(`log: ${out.logDir}`);
    // last, so it is the line to click
    say(`html report: ${out.reportPaths.html}`);
    if (flags.json) process.stdout.write(`${JSON.stringify({ type: `${name}-result`, report: out.report, reportPaths: out.reportPaths })}\n`);
    return exitCodeForOutcome(out.report.outcome, out.exitCode);
  } catch (e) {
    await progress.close();
    throw e;
  } finally {
    interrupt.dispose();
  }
}

type ConfigFlags = Pick<DeployFlags, 'inventory' | 'extraVars'> & VaultFlags;

async function config(flags: ConfigFlags): Promise<void> {
  const vault = await vaultFrom(flags);
  const extraVars = parseExtraVars(flags.extraVars, withVault(fsLoader, vault)) as Record<string, unknown>;
  const plan = await planDeploy({ inventoryPath: flags.inventory, extraVars, roleDefaults: loadDefaults(), ...(vault ? { vault } : {}) });
  process.stdout.write(plan.xml.endsWith('\n') ? plan.xml : `${plan.xml}\n`);
}

export const collect = (v: string, acc: string[]) => [...acc, v];

/** The flags `afo deploy` and `afo expand` share (one list, so their --help agree). */
export function runOptions(c: Command, yes: string): Command {
  return withVaultFlags(c)
    .option('-i, --inventory <file>', 'INI inventory with opengauss_primary/standby/cascade groups', DEFAULT_INVENTORY)
    .option('-e, --extra-vars <vars>', 'variables: k=v, @file.yml or JSON (repeatable)', collect, [] as string[])
    .option('--package <path|url>', 'the openGauss "all" tarball to install (offline sites)')
    .option('--package-sha256 <hex>', "the package's SHA-256 (else <package>.sha256 / SHA256SUMS beside it)")
    .option('-C, --check', 'show the plan (hosts, OS changes, XML, commands); change nothing')
    .option('-D, --diff', 'show before/after of changed files')
    .option('-f, --forks <n>', 'hosts worked on at once (default: 10)')
    .option('--json', 'events and the result as JSON lines')
    .option('-K, --ask-become-pass', 'ask for the sudo password (once, for all hosts; else ansible_become_pass or AFO_BECOME_PASS)')
    .option('--accept-new-host-keys', 'record unknown SSH host keys instead of refusing them (a changed key is always refused)')
    .option('-u, --user <name>', "login user where the inventory sets no ansible_user (Ansible's remote_user; default: your user)")
    .option('--ssh-config <file>', SSH_CONFIG_HELP)
    .option('--break-lock', "remove a stale run lock (a run that is gone) before taking it; see the refusal's holder first")
    .option('-y, --yes', yes);
}

export function registerDeployCommand(program: Command, setExit: SetExit): void {
  runOptions(
    program
      .command('deploy')
      .description(
        'deploy openGauss (primary, standbys, cascades, CM for 3+ nodes) on the inventory hosts; re-running changes nothing. ' +
          'New hosts of an installed, healthy cluster: the installed nodes converge, the expand plan and the `afo expand -i INV` command are printed, exit 5',
      ),
    'do not ask before changing the hosts (required without a terminal; --check never asks)',
  ).action(async (flags: DeployFlags) => setExit(await runOpenGaussCommand('deploy', runDeploy, flags)));
  withVaultFlags(
    program
      .command('config')
      .description('print the cluster_config.xml afo would use; touches no host')
      .option('-i, --inventory <file>', 'INI inventory', DEFAULT_INVENTORY)
      .option('-e, --extra-vars <vars>', 'variables: k=v, @file.yml or JSON (repeatable)', collect, [] as string[]),
  ).action((flags: ConfigFlags) => config(flags));
}
