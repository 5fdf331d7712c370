/**
 * `afo play`: load and validate the role (before any host is touched), read the inventory and
 * -e vars, pick hosts, connect through one pooled SSH connection per host, run the engine, and
 * show its events (listr2 on a TTY, plain lines otherwise, or --json). Returns the exit code.
 */
import { ConnectionPool } from '../../connection/pool.js';
import { LocalTransport } from '../../connection/local.js';
import type { EventSink } from '../../engine/events.js';
import type { EngineHost } from '../../engine/options.js';
import { runRole } from '../../engine/run.js';
import { hostsOfGroup } from '../../inventory/query.js';
import { limitHosts, matchPattern } from '../../inventory/patterns.js';
import { loadInventory } from '../../inventory/load.js';
import { jsonSink } from '../../report/json.js';
import { ListrView } from '../../report/listr-view.js';
import { plainRenderer } from '../../report/plain.js';
import { RunLog, fanOut } from '../../report/run-log.js';
import { TaskLoader } from '../../roles/load.js';
import { builtinModules } from '../../tasks/modules/index.js';
import { parseExtraVars } from '../../vars/extra-vars.js';
import { fsLoader } from '../../vars/loader.js';
import { resolveHostVars } from '../../vars/precedence.js';
import { UserError } from '../errors.js';
import { connectionSettings } from './connect.js';

export interface PlayOptions {
  inventory: string;
  extraVars: string[];
  check?: boolean;
  diff?: boolean;
  limit?: string;
  hosts?: string;
  tags?: string;
  skipTags?: string;
  forks?: string;
  json?: boolean;
  askBecomePass?: boolean;
  acceptNewHostKeys?: boolean;
  logDir?: string;
  verify?: boolean;
  verbose?: boolean;
}

export interface PlayIO {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
  askSecret(question: string): Promise<string>;
  env: NodeJS.ProcessEnv;
}

export async function runPlay(target: string, opts: PlayOptions, io: PlayIO): Promise<number> {
  const loader = new TaskLoader(builtinModules);
  const role = loader.load(target);
  const inv = loadInventory(opts.inventory, fsLoader);
  for (const w of inv.warnings) io.err(`afo: warning: ${w}\n`);
  const extraVars = parseExtraVars(opts.extraVars, fsLoader);
  let hosts = matchPattern(inv, opts.hosts ?? 'all').hosts;
  if (opts.limit) {
    const limited = new Set(limitHosts(inv, opts.limit));
    hosts = hosts.filter((h) => limited.has(h));
  }
  if (hosts.length === 0) throw new UserError(`no hosts to run on in ${opts.inventory}${opts.hosts ? ` for --hosts '${opts.hosts}'` : ''}${opts.limit ? ` with --limit '${opts.limit}'` : ''}`);
  const forks = opts.forks === undefined ? 10 : Number(opts.forks);
  if (!Number.isInteger(forks) || forks < 1) throw new UserError(`--forks must be a positive whole number, got '${opts.forks}'`);
  const becomePassword = opts.askBecomePass ? await io.askSecret('BECOME password: ') : io.env.AFO_BECOME_PASS;

  const inventory: EngineHost[] = inv.hostOrder.map((name) => ({ name, vars: resolveHostVars(inv, name, { roleDefaults: {}, extraVars }) }));
  const byName = new Map(inventory.map((h) => [h.name, h]));
  // Settings are read up front so a bad connection variable is an input error before the run.
  const settings = new Map(hosts.map((h) => [h, connectionSettings(h, byName.get(h)!.vars as never, { acceptNewHostKeys: opts.acceptNewHostKeys, becomePassword })]));
  for (const h of hosts) {
    const u = settings.get(h)!.user;
    byName.get(h)!.vars = { ...byName.get(h)!.vars, ansible_user: byName.get(h)!.vars.ansible_user ?? u };
  }
  const groups = Object.fromEntries(inv.groupOrder.map((g) => [g, hostsOfGroup(inv, g)]));

  const log = new RunLog(opts.logDir ?? 'reports/logs', role.name);
  const view = !opts.json && io.isTTY ? new ListrView((t) => io.out(t)) : undefined;
  const screen: EventSink = opts.json ? jsonSink((l) => io.out(`${l}\n`)) : view ? view.sink() : plainRenderer((l) => io.out(`${l}\n`), { verbose: opts.verbose });
  const pool = new ConnectionPool({});
  try {
    const result = await runRole(
      { role, inventory, groups, hosts },
      {
        loader,
        connect: async (h) => pool.connect(settings.get(h.name) ?? connectionSettings(h.name, h.vars as never, { acceptNewHostKeys: opts.acceptNewHostKeys, becomePassword })),
        local: () => new LocalTransport({ becomePassword }),
        emit: fanOut(screen, log.sink()),
      },
      {
        check: opts.check,
        diff: opts.diff,
        tags: splitList(opts.tags),
        skipTags: splitList(opts.skipTags),
        forks,
        extraVars,
        becomePassword,
        verify: opts.verify,
      },
    );
    await view?.close();
    (opts.json ? io.err : io.out)(`run log: ${log.dir}\n`);
    return result.exitCode;
  } finally {
    await pool.closeAll();
  }
}

function splitList(v: string | undefined): string[] | undefined {
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);
}
