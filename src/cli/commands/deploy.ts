/**
 * `afo deploy` and `afo config`: the openGauss deployment (src/opengauss/deploy/run.ts does the
 * work) and the rendered cluster_config.xml without touching any host. Only the flags live here;
 * the work is loaded on use (deploy-run.ts), so `afo --version` and `afo inventory` do not pay
 * for the engine, SSH and the report views.
 */
import type { Command } from 'commander';
import type { SetExit } from './index.js';

export interface DeployFlags {
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
}

export const DEFAULT_INVENTORY = 'inventories/opengauss/hosts.ini';

export const collect = (v: string, acc: string[]) => [...acc, v];

/** The flags `afo deploy` and `afo expand` share (one list, so their --help agree). */
export function runOptions(c: Command, yes: string): Command {
  return c
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
    'do not ask for confirmation (afo deploy never asks; accepted for scripts)',
  ).action(async (flags: DeployFlags) => {
    const [{ runOpenGaussCommand }, { runDeploy }] = await Promise.all([import('./deploy-run.js'), import('../../opengauss/deploy/run.js')]);
    setExit(await runOpenGaussCommand('deploy', runDeploy, flags));
  });
  program
    .command('config')
    .description('print the cluster_config.xml afo would use; touches no host')
    .option('-i, --inventory <file>', 'INI inventory', DEFAULT_INVENTORY)
    .option('-e, --extra-vars <vars>', 'variables: k=v, @file.yml or JSON (repeatable)', collect, [] as string[])
    .action(async (flags: Pick<DeployFlags, 'inventory' | 'extraVars'>) => (await import('./deploy-run.js')).config(flags));
}
