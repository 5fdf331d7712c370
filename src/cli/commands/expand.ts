/**
 * `afo expand`: hosts added to [opengauss_standby] / [opengauss_cascade] join the running cluster;
 * CM is added when it reaches 3 data nodes (src/opengauss/deploy/expand.ts does the work).
 */
import type { Command } from 'commander';
import { runExpand } from '../../opengauss/deploy/expand.js';
import { runOpenGaussCommand, runOptions, type DeployFlags } from './deploy.js';
import type { SetExit } from './index.js';

export function registerExpandCommand(program: Command, setExit: SetExit): void {
  runOptions(
    program
      .command('expand')
      .description(
        'add the new inventory standbys and cascades to the running cluster (standbys first), and CM when it reaches 3 data nodes; ' +
          '--check prints the hosts, the order, the new cluster_config.xml with its difference and the OM commands; re-running changes nothing',
      ),
    'do not ask before changing the hosts (required without a terminal; --check never asks)',
  ).action(async (flags: DeployFlags) => setExit(await runOpenGaussCommand('expand', runExpand, flags)));
}
