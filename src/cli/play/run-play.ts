/**
 * `afo play`: load and validate the role (before any host is touched), read the inventory and
 * -e vars, pick hosts, open the run (src/play: one SSH connection per host), run the role, and
 * show its events (listr2 on a TTY, plain lines otherwise, or --json). Returns the exit code.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseForks } from '../forks.js';
import { sshConfigFile } from '../run-flags.js';
import type { BaseFacts } from '../../facts/base.js';
import type { HostConnection } from '../../connection/settings.js';
import type { SshDefaults } from '../../play/hosts.js';
import type { Transport } from '../../connection/transport.js';
import type { EventSink } from '../../engine/events.js';
import { limitHosts, matchPattern } from '../../inventory/patterns.js';
import { loadInventory } from '../../inventory/load.js';
import { openRun } from '../../play/open.js';
import { jsonSink } from '../../report/json.js';
import type { ListrView } from '../../report/listr-view.js';
import { plainRenderer } from '../../report/plain.js';
import { RunLog, fanOut } from '../../report/run-log.js';
import { TaskLoader } from '../../roles/load.js';
import { builtinModules } from '../../tasks/modules/index.js';
import { parseExtraVars } from '../../vars/extra-vars.js';
import { fsLoader, withVault } from '../../inventory/loader.js';
import { UserError } from '../../errors.js';
import { vaultFrom, type VaultFlags } from '../vault-flags.js';

export interface PlayOptions extends VaultFlags {
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
  /** `-u`: Ansible's remote_user (the login user where the inventory names none). */
  user?: string;
  /** afo.cfg's connection defaults and roles_path (src/cli/settings/apply.ts). */
  ssh?: SshDefaults;
  rolesPath?: string;
  /** `--ssh-config FILE` (else AFO_SSH_CONFIG, else ~/.ssh/config). */
  sshConfig?: string;
  logDir?: string;
  verify?: boolean;
  verbose?: boolean;
}

export interface PlayIO {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
  /** Whether stdin is a terminal to ask passwords on (default: isTTY). */
  stdinTTY?: boolean;
  askSecret(question: string): Promise<string>;
  env: NodeJS.ProcessEnv;
  /** Replaces SSH (tests): the transport for a host and its connection settings. */
  connect?: (settings: HostConnection) => Promise<Transport>;
}

export async function runPlay(target: string, opts: PlayOptions, io: PlayIO): Promise<number> {
  const loader = new TaskLoader(builtinModules);
  if (!opts.inventory) throw new UserError('afo play: -i INVENTORY is required (or set inventory in afo.cfg)');
  const role = loader.load(findRole(target, opts.rolesPath));
  const vault = await vaultFrom(opts, { isTTY: io.stdinTTY ?? io.isTTY, ask: io.askSecret, env: io.env });
  const vars = withVault(fsLoader, vault);
  const inv = loadInventory(opts.inventory, vars);
  for (const w of inv.warnings) io.err(`afo: warning: ${w}\n`);
  const extraVars = parseExtraVars(opts.extraVars, vars);
  let hosts = matchPattern(inv, opts.hosts ?? 'all').hosts;
  if (opts.limit) {
    const limited = new Set(limitHosts(inv, opts.limit));
    hosts = hosts.filter((h) => limited.has(h));
  }
  if (hosts.length === 0)
    throw new UserError(
      `no hosts to run on in ${opts.inventory}${opts.hosts ? ` for --hosts '${opts.hosts}'` : ''}${opts.limit ? ` with --limit '${opts.limit}'` : ''}`,
    );
  const forks = parseForks(opts.forks) ?? 10;
  // Asked before the run starts, so the prompt never fights the progress view.
  const becomePassword = opts.askBecomePass ? await io.askSecret('BECOME password: ') : undefined;

  // Opened (connection settings read) before the log exists: bad input leaves nothing behind.
  const opened = openRun({
    inventory: inv,
    loader,
    env: io.env,
    ...(becomePassword !== undefined ? { becomePassword } : {}),
    ...(vault ? { secretValues: vault.revealed } : {}),
    ...(opts.acceptNewHostKeys ? { acceptNewHostKeys: true } : {}),
    ...(opts.user ? { remoteUser: opts.user } : {}),
    ...(opts.ssh ? { ssh: opts.ssh } : {}),
    sshConfigFile: sshConfigFile(opts.sshConfig, io.env),
    ...(io.connect ? { connect: io.connect } : {}),
  });
  const logRoot = opts.logDir ?? 'reports/logs';
  const log = new RunLog(logRoot, role.name);
  const hintsFile = join(logRoot, 'base-facts.json');
  const factHints = readHints(hintsFile);
  // listr2 is only loaded for a terminal (it is the progress view, nothing else uses it).
  const view: ListrView | undefined = !opts.json && io.isTTY ? new (await import('../../report/listr-view.js')).ListrView((t) => io.out(t)) : undefined;
  const screen: EventSink = opts.json
    ? jsonSink((l) => io.out(`${l}\n`))
    : view
      ? view.sink()
      : plainRenderer((l) => io.out(`${l}\n`), { verbose: opts.verbose });
  try {
    const result = await opened.run(role, {
      emit: fanOut(screen, log.sink()),
      hosts,
      check: opts.check,
      diff: opts.diff,
      tags: splitList(opts.tags),
      skipTags: splitList(opts.skipTags),
      forks,
      extraVars,
      verify: opts.verify,
      factHints,
    });
    writeHints(hintsFile, { ...factHints, ...result.baseFacts });
    await view?.close();
    (opts.json ? io.err : io.out)(`run log: ${log.dir}\n`);
    return result.exitCode;
  } finally {
    await opened.close();
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
  return v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

/** The role argument as a path, else NAME in the first roles_path directory that has it (as Ansible's roles_path). */
export function findRole(target: string, rolesPath: string | undefined): string {
  if (existsSync(target) || !rolesPath) return target;
  const found = rolesPath
    .split(':')
    .filter(Boolean)
    .map((d) => join(d, target))
    .find((p) => existsSync(p));
  return found ?? target;
}
