/**
 * `afo play`: load and validate the role (before any host is touched), read the inventory and
 * -e vars, pick hosts, connect through one pooled SSH connection per host, run the engine, and
 * show its events (listr2 on a TTY, plain lines otherwise, or --json). Returns the exit code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseForks } from '../forks.js';
import { connectionFromVars } from '../../connection/from-inventory.js';
import type { BaseFacts } from '../../facts/base.js';
import { ConnectionPool } from '../../connection/pool.js';
import type { Vars } from '../../inventory/types.js';
import type { HostConnection } from '../../connection/settings.js';
import type { Transport } from '../../connection/transport.js';
import { LocalTransport } from '../../connection/local.js';
import type { EventSink } from '../../engine/events.js';
import type { EngineHost } from '../../engine/options.js';
import { runRole } from '../../engine/run.js';
import { hostsOfGroup } from '../../inventory/query.js';
import { limitHosts, matchPattern } from '../../inventory/patterns.js';
import { loadInventory } from '../../inventory/load.js';
import { jsonSink } from '../../report/json.js';
import type { ListrView } from '../../report/listr-view.js';
import { plainRenderer } from '../../report/plain.js';
import { RunLog, fanOut } from '../../report/run-log.js';
import { TaskLoader } from '../../roles/load.js';
import { builtinModules } from '../../tasks/modules/index.js';
import { parseExtraVars } from '../../vars/extra-vars.js';
import { fsLoader } from '../../vars/loader.js';
import { magicVars } from '../../vars/magic.js';
import { resolveHostVars } from '../../vars/precedence.js';
import { UserError } from '../errors.js';

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
  /** Replaces SSH (tests): the transport for a host and its connection settings. */
  connect?: (settings: HostConnection) => Promise<Transport>;
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
  const forks = parseForks(opts.forks) ?? 10;
  // Asked before the run starts, so the prompt never fights the progress view.
  const becomePassword = opts.askBecomePass ? await io.askSecret('BECOME password: ') : undefined;

  const inventory: EngineHost[] = inv.hostOrder.map((name) => ({ name, vars: { ...resolveHostVars(inv, name, { roleDefaults: {}, extraVars }), ...magicVars(inv, name) } }));
  const byName = new Map(inventory.map((h) => [h.name, h]));
  // Settings are read up front so a bad connection variable is an input error before the run.
  const connectOpts = { acceptNewHostKeys: opts.acceptNewHostKeys };
  const settings = new Map(hosts.map((h) => [h, connectionFromVars(h, byName.get(h)!.vars as Vars, connectOpts)]));
  for (const h of hosts) {
    const u = settings.get(h)!.user;
    byName.get(h)!.vars = { ...byName.get(h)!.vars, ansible_user: byName.get(h)!.vars.ansible_user ?? u };
  }
  const groups = Object.fromEntries(inv.groupOrder.map((g) => [g, hostsOfGroup(inv, g)]));

  const logRoot = opts.logDir ?? 'reports/logs';
  const log = new RunLog(logRoot, role.name);
  const hintsFile = join(logRoot, 'base-facts.json');
  const factHints = readHints(hintsFile);
  // listr2 is only loaded for a terminal (it is the progress view, nothing else uses it).
  const view: ListrView | undefined = !opts.json && io.isTTY ? new (await import('../../report/listr-view.js')).ListrView((t) => io.out(t)) : undefined;
  const screen: EventSink = opts.json ? jsonSink((l) => io.out(`${l}\n`)) : view ? view.sink() : plainRenderer((l) => io.out(`${l}\n`), { verbose: opts.verbose });
  const pool = new ConnectionPool(becomePassword !== undefined ? { askBecomePassword: async () => becomePassword } : {});
  try {
    const result = await runRole(
      { role, inventory, groups, hosts },
      {
        loader,
        connect: async (h) => {
          const c = settings.get(h.name) ?? connectionFromVars(h.name, h.vars as Vars, connectOpts);
          return io.connect ? io.connect(c) : pool.connect(c);
        },
        local: () => new LocalTransport({ becomePassword: becomePassword ?? io.env.AFO_BECOME_PASS }),
        emit: fanOut(screen, log.sink()),
      },
      {
        check: opts.check,
        diff: opts.diff,
        tags: splitList(opts.tags),
        skipTags: splitList(opts.skipTags),
        forks,
        extraVars,
        becomePassword: becomePassword ?? io.env.AFO_BECOME_PASS,
        verify: opts.verify,
        factHints,
      },
    );
    writeHints(hintsFile, { ...factHints, ...result.baseFacts });
    await view?.close();
    (opts.json ? io.err : io.out)(`run log: ${log.dir}\n`);
    return result.exitCode;
  } finally {
    await pool.closeAll();
  }
}

/** Last runs' base facts (a hint for the first fact batch; a missing or bad file is no hint). */
function readHints(file: string): Record<string, BaseFacts> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, BaseFacts>;
  } catch {
    return {};
  }
}

function writeHints(file: string, hints: Record<string, BaseFacts>): void {
  try {
    writeFileSync(file, JSON.stringify(hints));
  } catch {
    // Only an optimisation: a read-only log directory costs one round trip next time.
  }
}

function splitList(v: string | undefined): string[] | undefined {
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);
}
