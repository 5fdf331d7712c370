/**
 * `afo status`, `afo switchover`, `afo scale-in` (src/opengauss/ops does the work). Exit codes
 * (docs/architecture.md §7): status 0 every node Normal, 3 the cluster answered but is not all
 * Normal; switchover / scale-in 0 done (or --check), 3 refused or answered no (nothing changed);
 * all: 2 bad input, 4 a command failed, timed out or no node could show the status.
 * The work is loaded on use (ops-run.ts): other commands do not pay for it.
 */
import type { Command } from 'commander';
import { withRunFlags, type RunFlags } from '../run-flags.js';
import type { ActFlags } from './ops-run.js';
import type { SetExit } from './index.js';

const load = () => import('./ops-run.js');

export function registerOpsCommands(program: Command, setExit: SetExit): void {
  withRunFlags(
    program
      .command('status')
      .description(
        'the cluster as a table (--json: one object): role, state, upstream, sync state, lag, CM; read-only. Exit 0 only when every node is Normal, 3 when not, 4 when no node could show the status',
      ),
  ).action(async (f: RunFlags) => setExit(await (await load()).status(f)));
  changing(
    program,
    'switchover',
    'make a Normal standby the primary (cm_ctl with CM, else gs_ctl), wait until every replica follows it, refresh the OM configuration',
    '--to <host>',
    'the standby to promote (inventory host or address)',
  ).action(async (f: ActFlags & { to: string }) => setExit(await (await load()).switchover(f)));
  changing(
    program,
    'scale-in',
    'remove a standby or cascade from the cluster (gs_dropnode on the primary); then remove the host from the inventory',
    '--host <host>',
    'the node to remove (inventory host or address)',
  ).action(async (f: ActFlags & { host: string }) => setExit(await (await load()).scaleIn(f)));
}

/** A command that changes the cluster: the run flags, its target, --check and -y, and the exit codes in its help. */
function changing(program: Command, name: string, what: string, target: string, targetHelp: string): Command {
  return withRunFlags(
    program
      .command(name)
      .description(
        `${what}. Exit 0 done (or --check), 2 bad input or no terminal without -y, 3 refused or not confirmed (nothing changed), 4 failed or did not settle`,
      )
      .requiredOption(target, targetHelp)
      .option('-C, --check', 'show what it would do; change nothing')
      .option('-y, --yes', 'do not ask for confirmation (required without a terminal)'),
  );
}
