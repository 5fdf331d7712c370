/**
 * Runs one phase (a tag of roles/opengauss) on the cluster's hosts with the engine: the same
 * connection pool, module registry and event sink for every phase of a deploy, so each host
 * keeps one SSH connection for the whole run.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConnectionPool } from '../../connection/pool.js';
import { LocalTransport } from '../../connection/local.js';
import type { EventSink } from '../../engine/events.js';
import type { EngineHost } from '../../engine/options.js';
import { runRole, type RunResult } from '../../engine/run.js';
import { groupsOfHost, type Inventory } from '../../inventory/index.js';
import { connectionFromVars } from '../../connection/from-inventory.js';
import { TaskLoader } from '../../roles/load.js';
import type { Role } from '../../roles/types.js';
import { builtinModules } from '../../tasks/modules/index.js';
import { inventoryHostVars } from '../../vars/index.js';
import { openGaussModules } from '../modules/modules.js';
import type { OpenGaussSink } from '../modules/sink.js';

/** `roles/opengauss` at the package root (from src/ or dist/src/). */
export function roleDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, 'roles', 'opengauss');
    if (existsSync(join(p, 'tasks', 'main.yml'))) return p;
    dir = dirname(dir);
  }
  throw new Error('internal: roles/opengauss not found above the afo sources');
}

/** The role's defaults, loaded (and every task file validated) without connecting anywhere. */
export function loadDefaults(): Record<string, unknown> {
  return new TaskLoader([...builtinModules, ...openGaussModules()]).load(roleDir()).defaults;
}

export interface PhaseRunnerOptions {
  inventory: Inventory;
  hosts: string[];
  emit: EventSink;
  sink: OpenGaussSink;
  extraVars: Record<string, unknown>;
  forks?: number;
  diff?: boolean;
  /** `--accept-new-host-keys`: record unknown host keys (a changed key is always refused). */
  acceptNewHostKeys?: boolean;
  /** `--ask-become-pass`: the sudo password for every host (the inventory's, if any, wins). */
  becomePassword?: string;
}

export class PhaseRunner {
  readonly role: Role;
  private readonly loader: TaskLoader;
  private readonly pool: ConnectionPool;
  private readonly engineHosts: EngineHost[];
  private readonly groups: Record<string, string[]>;

  constructor(private readonly o: PhaseRunnerOptions) {
    const sudo = o.becomePassword;
    this.pool = new ConnectionPool(sudo !== undefined ? { askBecomePassword: async () => sudo } : {});
    this.loader = new TaskLoader([...builtinModules, ...openGaussModules(o.sink)]);
    this.role = this.loader.load(roleDir());
    const inv = o.inventory;
    this.engineHosts = inv.hostOrder.map((name) => ({ name, vars: inventoryHostVars(inv, name) as Record<string, unknown> }));
    this.groups = {};
    for (const h of inv.hostOrder) for (const g of groupsOfHost(inv, h)) (this.groups[g] ??= []).push(h);
    this.groups.all ??= [...inv.hostOrder];
  }

  /** Runs the role's tasks tagged `tag` on `hosts` (default: all cluster hosts). */
  run(tag: string, opts: { check?: boolean; hosts?: string[] } = {}): Promise<RunResult> {
    return runRole(
      { role: this.role, inventory: this.engineHosts, groups: this.groups, hosts: opts.hosts ?? this.o.hosts },
      {
        loader: this.loader,
        connect: async (h) => this.pool.get(connectionFromVars(h.name, h.vars as never, { acceptNewHostKeys: this.o.acceptNewHostKeys === true })),
        local: () => new LocalTransport(),
        emit: this.o.emit,
      },
      { tags: [tag], check: opts.check ?? false, diff: this.o.diff ?? false, extraVars: this.o.extraVars, ...(this.o.forks ? { forks: this.o.forks } : {}),
        ...(this.o.becomePassword !== undefined ? { becomePassword: this.o.becomePassword } : {}) },
    );
  }

  close(): Promise<void> {
    return this.pool.closeAll();
  }
}
