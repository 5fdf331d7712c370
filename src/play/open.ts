/**
 * The one front door to the engine (docs/architecture.md, "The run opener"): open a run on an
 * inventory — its hosts and their variables, one SSH connection per host for the whole run, the
 * become password — run roles (or some of their tags) on it as often as the caller needs, then
 * close it. `afo play`, `afo deploy` and every later command go through here; nothing else
 * builds a connection pool.
 */
import { ConnectionPool } from '../connection/pool.js';
import { LocalTransport } from '../connection/local.js';
import type { HostConnection } from '../connection/settings.js';
import type { ExecOptions, ExecResult, Transport } from '../connection/transport.js';
import type { EventSink } from '../engine/events.js';
import type { EngineHost, RunOptions } from '../engine/options.js';
import { runRole, type RunResult } from '../engine/run.js';
import type { Inventory } from '../inventory/types.js';
import type { TaskLoader } from '../roles/load.js';
import type { Role } from '../roles/types.js';
import { runHosts, type ConnectionChoices } from './hosts.js';

export interface OpenRunOptions extends ConnectionChoices {
  inventory: Inventory;
  /** The module registry (and include_tasks loader) every role of this run uses. */
  loader: TaskLoader;
  /** The sudo password for every host (`-K`); a host's own ansible_become_pass wins. */
  becomePassword?: string;
  /** Values to hide in every run's output whatever their variable is called (the `!vault` values read). */
  secretValues?: Iterable<string>;
  /** AFO_BECOME_PASS and friends (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /**
   * Aborted on an interrupt (Ctrl-C): no new task starts, and the commands running on every host
   * are killed (docs/architecture.md §7.2). `interrupted()` resolves once they are.
   */
  signal?: AbortSignal;
  /** Replaces SSH (tests): the transport for a host's connection settings. */
  connect?: (settings: HostConnection) => Promise<Transport>;
}

/** What one `run` call does: which hosts, which tags, the -e values, check mode, ... */
export type RoleRunOptions = Omit<RunOptions, 'becomePassword'> & {
  /** Where the engine's events go (fanned out to screen and log by the caller). */
  emit: EventSink;
  /** The hosts to run on, in order (default: every inventory host). */
  hosts?: string[];
};

export interface OpenedRun {
  readonly hosts: readonly EngineHost[];
  readonly groups: Readonly<Record<string, string[]>>;
  /** A host's SSH settings (as the run connects with them). */
  connection(host: string): HostConnection;
  /** Runs `role` (its tasks selected by `opts.tags`) on the hosts; failures are in the result. */
  run(role: Role, opts: RoleRunOptions): Promise<RunResult>;
  /**
   * One command on one host over the run's connection, outside any role (the run lock,
   * src/opengauss/lock.ts). Throws UnreachableError when the host does not answer.
   */
  exec(host: string, command: string, opts?: ExecOptions): Promise<ExecResult>;
  /** SSH connections opened so far, per host (one each, however many roles ran). */
  connections(): Record<string, number>;
  /** After an interrupt: resolves once the commands running on the hosts were killed. */
  interrupted(): Promise<void>;
  close(): Promise<void>;
}

export function openRun(o: OpenRunOptions): OpenedRun {
  const { hosts, groups, connections } = runHosts(o.inventory, o);
  const becomePassword = o.becomePassword ?? o.env?.AFO_BECOME_PASS;
  const sudo = o.becomePassword;
  const pool = new ConnectionPool(sudo !== undefined ? { askBecomePassword: async () => sudo } : {});
  let killing: Promise<void> = Promise.resolve();
  o.signal?.addEventListener('abort', () => {
    killing = pool.interruptAll();
  });
  const opened = new Map<string, Promise<Transport>>();
  const stats = new Map<string, Transport>();
  // One transport per host for the whole run, whichever role or phase asks first; a failed
  // connect is forgotten so that a later run on the same opener tries again.
  const connect = (h: EngineHost): Promise<Transport> => {
    let t = opened.get(h.name);
    if (!t) {
      const settings = connections.get(h.name)!;
      t = (o.connect ? o.connect(settings) : pool.connect(settings)).then(
        (ok) => {
          stats.set(h.name, ok);
          return ok;
        },
        (err: unknown) => {
          opened.delete(h.name);
          throw err;
        },
      );
      opened.set(h.name, t);
    }
    return t;
  };
  return {
    hosts,
    groups,
    connection: (host) => {
      const c = connections.get(host);
      if (!c) throw new Error(`internal: '${host}' is not an inventory host of this run`);
      return c;
    },
    run: (role, opts) => {
      const { hosts: only, emit, ...rest } = opts;
      return runRole(
        { role, inventory: hosts, groups, hosts: only ?? hosts.map((h) => h.name) },
        { loader: o.loader, connect, local: () => new LocalTransport(becomePassword !== undefined ? { becomePassword } : {}), emit },
        {
          ...rest,
          ...(o.secretValues ? { secretValues: o.secretValues } : {}),
          ...(becomePassword !== undefined ? { becomePassword } : {}),
          ...(o.signal ? { signal: o.signal } : {}),
        },
      );
    },
    exec: async (host, command, opts) => {
      const h = hosts.find((x) => x.name === host);
      if (!h) throw new Error(`internal: '${host}' is not an inventory host of this run`);
      return (await connect(h)).exec(command, opts);
    },
    connections: () => Object.fromEntries([...stats].map(([h, t]) => [h, t.stats().connections])),
    interrupted: () => killing,
    close: () => pool.closeAll(),
  };
}
