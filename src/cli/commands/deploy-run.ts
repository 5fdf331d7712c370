/** What `afo deploy`, `afo expand` and `afo config` do once chosen (deploy.ts holds their flags). */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { EventSink } from '../../engine/events.js';
import { loadDefaults, type DeployOptions, type DeployOutcome } from '../../opengauss/deploy/run.js';
import { planDeploy } from '../../opengauss/deploy/plan.js';
import { jsonSink } from '../../report/json.js';
import { ListrView } from '../../report/listr-view.js';
import { plainRenderer } from '../../report/plain.js';
import { fsLoader } from '../../inventory/index.js';
import { parseExtraVars } from '../../vars/index.js';
import { exitCodeForOutcome } from '../exit-code.js';
import { parseForks } from '../forks.js';
import { promptSecret } from '../prompt.js';
import type { DeployFlags } from './deploy.js';

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
  const extraVars = parseExtraVars(flags.extraVars, fsLoader) as Record<string, unknown>;
  const forks = parseForks(flags.forks);
  // Asked before the run starts, so the prompt never fights the progress view.
  const becomePassword = flags.askBecomePass ? await promptSecret('BECOME password: ') : undefined;
  const progress = progressSink(!!flags.json);
  const say = (l: string) => (flags.json ? process.stderr : process.stdout).write(`${l}\n`);
  try {
    const out = await runner({
      inventory: flags.inventory,
      extraVars,
      ...(flags.package ? { package: flags.package } : {}),
      ...(flags.packageSha256 ? { packageSha256: flags.packageSha256 } : {}),
      check: !!flags.check,
      diff: !!flags.diff,
      ...(forks ? { forks } : {}),
      ...(flags.acceptNewHostKeys ? { acceptNewHostKeys: true } : {}),
      ...(becomePassword !== undefined ? { becomePassword } : {}),
      ...(flags.user ? { remoteUser: flags.user } : {}),
      progress: progress.sink,
      say,
      cacheDir: process.env.AFO_CACHE_DIR ?? join(homedir(), '.cache', 'afo', 'packages'),
    });
    await progress.close();
    say(`afo ${name}: ${out.report.outcome}: ${out.report.message}`);
    say(`report: ${out.reportPaths.md} (and report.json)`);
    say(`log: ${out.logDir}`);
    if (flags.json) process.stdout.write(`${JSON.stringify({ type: `${name}-result`, report: out.report, reportPaths: out.reportPaths })}\n`);
    return exitCodeForOutcome(out.report.outcome, out.exitCode);
  } catch (e) {
    await progress.close();
    throw e;
  }
}

export async function config(flags: Pick<DeployFlags, 'inventory' | 'extraVars'>): Promise<void> {
  const extraVars = parseExtraVars(flags.extraVars, fsLoader) as Record<string, unknown>;
  const plan = await planDeploy({ inventoryPath: flags.inventory, extraVars, roleDefaults: loadDefaults() });
  process.stdout.write(plan.xml.endsWith('\n') ? plan.xml : `${plan.xml}\n`);
}
