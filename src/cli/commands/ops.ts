/**
 * `afo status`, `afo switchover`, `afo scale-in` (src/opengauss/ops does the work). Exit codes
 * (docs/architecture.md §7): status 0 every node Normal, 3 the cluster answered but is not all
 * Normal; switchover / scale-in 0 done (or --check), 3 refused or answered no (nothing changed);
 * all: 2 bad input, 4 a command failed, timed out or no node could show the status.
 */
import type { Command } from 'commander';
import { allNormal, runScaleIn, runStatus, runSwitchover, statusJson, statusTable, type ActOptions, type ActOutcome } from '../../opengauss/ops/index.js';
import { confirmPlan } from '../prompt.js';
import { refuseWithoutTerminal } from '../confirm.js';
import { interruptSignal } from '../interrupt.js';
import { runChoices, withRunFlags, type RunFlags } from '../run-flags.js';
import type { SetExit } from './index.js';

interface ActFlags extends RunFlags {
  check?: boolean;
  yes?: boolean;
  breakLock?: boolean;
}

const EXIT_NOT_NORMAL = 3;
const EXIT_NOTHING_CHANGED = 3;

const out = (l: string) => process.stdout.write(`${l}\n`);
const err = (l: string) => process.stderr.write(`${l}\n`);

async function status(f: RunFlags): Promise<number> {
  const { view, notInCluster } = await runStatus(await runChoices(f));
  if (f.json) out(statusJson(view));
  else {
    out(statusTable(view));
    if (notInCluster.length > 0)
      out(`\ninventory hosts the cluster does not have: ${notInCluster.join(', ')} (remove them from the inventory, or add them with afo expand)`);
  }
  return allNormal(view) ? 0 : EXIT_NOT_NORMAL;
}

/** The options both changing commands take from their flags: the run, --check, -y, Ctrl-C and where notes go. */
async function actOptions(f: ActFlags, what: string, signal: AbortSignal): Promise<ActOptions> {
  // docs/architecture.md §7.3: no terminal and no -y is refused before any connection.
  refuseWithoutTerminal(what, { check: !!f.check, yes: !!f.yes, tty: process.stdin.isTTY === true });
  return {
    ...(await runChoices(f)),
    check: !!f.check,
    ...(f.breakLock ? { breakLock: true } : {}),
    say: f.json ? err : out,
    signal,
    confirm: (plan) => confirmPlan(`${what}: ${plan}`, !!f.yes, what, process.stdin, process.stderr, signal),
  };
}

function report(f: ActFlags, r: ActOutcome, done: string, extra: Record<string, unknown> = {}): number {
  if (f.json) {
    out(
      JSON.stringify({
        outcome: r.outcome,
        target: r.target.host,
        run_on: r.runOn,
        command: r.command,
        ...(r.commandSeconds === undefined ? {} : { command_seconds: r.commandSeconds }),
        ...(r.logDir ? { log: r.logDir } : {}),
        ...extra,
        status: r.after ?? r.before,
      }),
    );
  } else if (r.outcome === 'done') {
    out(done);
    out(statusTable(r.after!));
    if (r.logDir) out(`log: ${r.logDir}`);
  } else if (r.outcome === 'cancelled') err('not confirmed; nothing was changed');
  return r.outcome === 'cancelled' ? EXIT_NOTHING_CHANGED : 0;
}

/** Runs a changing command with Ctrl-C wired as for afo deploy (src/cli/interrupt.ts). */
async function interruptible<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const interrupt = interruptSignal();
  try {
    return await body(interrupt.signal);
  } finally {
    interrupt.dispose();
  }
}

async function switchover(f: ActFlags & { to: string }): Promise<number> {
  const r = await interruptible(async (signal) => runSwitchover({ ...(await actOptions(f, 'afo switchover', signal)), to: f.to }));
  const secs = r.commandSeconds?.toFixed(1);
  return report(
    f,
    r,
    `switchover done: ${r.target.host} is the primary; writes were unavailable for at most ${secs} s (the switchover command's duration)`,
    secs === undefined ? {} : { write_unavailable_max_seconds: r.commandSeconds },
  );
}

async function scaleIn(f: ActFlags & { host: string }): Promise<number> {
  const r = await interruptible(async (signal) => runScaleIn({ ...(await actOptions(f, 'afo scale-in', signal)), host: f.host }));
  const code = report(f, r, `scale-in done: ${r.target.host} is no longer part of the cluster.`, r.outcome === 'done' ? { advice: r.advice } : {});
  if (r.outcome === 'done') (f.json ? err : out)(r.advice);
  return code;
}

export function registerOpsCommands(program: Command, setExit: SetExit): void {
  withRunFlags(
    program
      .command('status')
      .description(
        'the cluster as a table (--json: one object): role, state, upstream, sync state, lag, CM; read-only. Exit 0 only when every node is Normal, 3 when not, 4 when no node could show the status',
      ),
  ).action(async (f: RunFlags) => setExit(await status(f)));
  changing(
    program,
    'switchover',
    'make a Normal standby the primary (cm_ctl with CM, else gs_ctl), wait until every replica follows it, refresh the OM configuration',
    '--to <host>',
    'the standby to promote (inventory host or address)',
  ).action(async (f: ActFlags & { to: string }) => setExit(await switchover(f)));
  changing(
    program,
    'scale-in',
    'remove a standby or cascade from the cluster (gs_dropnode on the primary); then remove the host from the inventory',
    '--host <host>',
    'the node to remove (inventory host or address)',
  ).action(async (f: ActFlags & { host: string }) => setExit(await scaleIn(f)));
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
      .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
      .option('--break-lock', 'remove a stale run lock (a run that is gone) before taking it'),
  );
}
