/**
 * `afo expand`: hosts added to [opengauss_standby] / [opengauss_cascade] join the running cluster;
 * CM is added when it reaches 3 data nodes (src/opengauss/deploy/expand.ts does the work).
 */
import type { Command } from 'commander';
import { runOptions, type DeployFlags } from './deploy.js';
import type { SetExit } from './index.js';

export function registerExpandCommand(program: Command, setExit: SetExit): void {
  runOptions(
    program
      .command('expand')
      .description(
        'add the new inventory standbys and cascades to the running cluster (standbys first), and CM when it reaches 3 data nodes; ' +
          '--check prints the hosts, the order, the new cluster_config.xml with its difference and the OM commands; re-running changes nothing',
      ),
    'do not ask for confirmation (afo expand does not ask; accepted for scripts)',
  ).action(async (flags: DeployFlags) => {
    const [{ runOpenGaussCommand }, { runExpand }] = await Promise.all([import('./deploy-run.js'), import('../../opengauss/deploy/expand.js')]);
    setExit(await runOpenGaussCommand('expand', runExpand, flags));
  });
}
