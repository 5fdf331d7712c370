/**
 * Per-host run state: its connection (a Target, shared with tasks delegated to it), facts,
 * variables set during the run, notified handlers, and why it left the run if it did.
 */
import { userInfo } from 'node:os';
import type { ExecOptions, Transport } from '../connection/transport.js';
import { ansibleFactVars, type BaseFacts } from '../facts/base.js';
import type { ModuleTask } from '../roles/types.js';
import type { Ahead } from './batch.js';
import type { HostSummary, TaskRef } from './events.js';
import { FactCache, type BatchRunner } from './fact-cache.js';
import type { EngineHost } from './options.js';

/** Where commands run: an inventory host or the control machine. */
export class Target {
  readonly facts: FactCache;
  private conn?: Promise<Transport>;
  private startChannels = 0;
  private opened?: Transport;

  constructor(
    readonly name: string,
    /** The user the connection logs in as ("root" needs no sudo). */
    readonly loginUser: string,
    private readonly open: () => Promise<Transport>,
    runBatch: (target: Target) => BatchRunner,
  ) {
    // Facts run as root (FactSpec contract): sudo only when the login user is someone else.
    const opts: ExecOptions = loginUser === 'root' ? {} : { become: { user: 'root' } };
    this.facts = new FactCache(name, runBatch(this), opts);
  }

  private queue: Promise<unknown> = Promise.resolve();

  /** Run `fn` with this target to itself (one plan/apply at a time per target). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  transport(): Promise<Transport> {
    if (!this.conn) {
      this.conn = this.open().then((t) => {
        this.opened = t;
        this.startChannels = t.stats().channels;
        return t;
      });
    }
    return this.conn;
  }

  /** Channels opened during this run. */
  channels(): number {
    return this.opened ? this.opened.stats().channels - this.startChannels : 0;
  }

  /** SSH connections the host's transport has opened so far, this run and earlier ones on the same opener. */
  connections(): number {
    return this.opened ? this.opened.stats().connections : 0;
  }

  static loginUserOf(vars: Record<string, unknown>): string {
    // ansible_ssh_user wins over ansible_user, as in Ansible's ssh plugin.
    const u = vars.ansible_ssh_user ?? vars.ansible_user;
    return typeof u === 'string' && u.length > 0 ? u : 'root';
  }

  static localUser(): string {
    return userInfo().username;
  }
}

export interface HostFailure {
  task: TaskRef;
  message: string;
}

export class HostState {
  /** set_fact and register values (persist for the run). Change them through setVars. */
  readonly runVars: Record<string, unknown> = {};
  /** Bumped whenever the host's variables change (caches of derived data compare it). */
  varsVersion = 0;
  readonly notified = new Set<string>();
  /** Tasks (per loop item index) run ahead in a batch (batch.ts), reported when the run reaches them. */
  readonly ahead = new Map<ModuleTask, Map<number, Ahead>>();
  base?: BaseFacts;
  factVars: Record<string, unknown> = {};
  failure?: HostFailure;
  unreachable = false;
  readonly summary: Omit<HostSummary, 'state' | 'failure' | 'channels' | 'connections'> = {
    ok: 0,
    changed: 0,
    failed: 0,
    skipped: 0,
    unreachable: 0,
    rescued: 0,
    ignored: 0,
  };

  constructor(
    readonly host: EngineHost,
    readonly target: Target,
  ) {}

  get name(): string {
    return this.host.name;
  }

  get active(): boolean {
    return !this.failure && !this.unreachable;
  }

  setBase(base: BaseFacts): void {
    this.base = base;
    this.factVars = ansibleFactVars(base);
    this.varsVersion++;
  }

  clearBase(): void {
    this.base = undefined;
    this.factVars = {};
    this.varsVersion++;
  }

  setVars(vars: Record<string, unknown>): void {
    Object.assign(this.runVars, vars);
    this.varsVersion++;
  }
}
