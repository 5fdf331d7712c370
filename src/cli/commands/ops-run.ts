/** What `afo status`, `afo switchover` and `afo scale-in` do once chosen (ops.ts holds their flags and exit codes). */
import { allNormal, runScaleIn, runStatus, runSwitchover, statusJson, statusTable, type ActOptions, type ActOutcome } from '../../opengauss/ops/index.js';
import { confirmPlan } from '../prompt.js';
import { runChoices, type RunFlags } from '../run-flags.js';

export interface ActFlags extends RunFlags {
  check?: boolean;
  yes?: boolean;
}

const EXIT_NOT_NORMAL = 3;
const EXIT_NOTHING_CHANGED = 3;

const out = (l: string) => process.stdout.write(`${l}\n`);
const err = (l: string) => process.stderr.write(`${l}\n`);

export async function status(f: RunFlags): Promise<number> {
  const { view, notInCluster } = await runStatus(await runChoices(f));
  if (f.json) out(statusJson(view));
  else {
    out(statusTable(view));
    if (notInCluster.length > 0)
      out(`\ninventory hosts the cluster does not have: ${notInCluster.join(', ')} (remove them from the inventory, or add them with afo expand)`);
  }
  return allNormal(view) ? 0 : EXIT_NOT_NORMAL;
}

/** The options both changing commands take from their flags: the run, --check, -y and where notes go. */
async function actOptions(f: ActFlags, what: string): Promise<ActOptions> {
  return {
    ...(await runChoices(f)),
    check: !!f.check,
    say: f.json ? err : out,
    confirm: (plan) => confirmPlan(`${what}: ${plan}`, !!f.yes, what),
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

export async function switchover(f: ActFlags & { to: string }): Promise<number> {
  const r = await runSwitchover({ ...(await actOptions(f, 'afo switchover')), to: f.to });
  const secs = r.commandSeconds?.toFixed(1);
  return report(
    f,
    r,
    `switchover done: ${r.target.host} is the primary; writes were unavailable for at most ${secs} s (the switchover command's duration)`,
    secs === undefined ? {} : { write_unavailable_max_seconds: r.commandSeconds },
  );
}

export async function scaleIn(f: ActFlags & { host: string }): Promise<number> {
  const r = await runScaleIn({ ...(await actOptions(f, 'afo scale-in')), host: f.host });
  const code = report(f, r, `scale-in done: ${r.target.host} is no longer part of the cluster.`, r.outcome === 'done' ? { advice: r.advice } : {});
  if (r.outcome === 'done') (f.json ? err : out)(r.advice);
  return code;
}
