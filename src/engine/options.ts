/** What a run is given: options (what to do) and dependencies (how to reach hosts, where events go). */
import type { Transport } from '../connection/transport.js';
import type { BaseFacts } from '../facts/base.js';
import type { TaskLoader } from '../roles/load.js';
import type { Role } from '../roles/types.js';
import type { EventSink } from './events.js';

export interface RunOptions {
  /** Plan only (--check): no change is applied; tasks with changes report "changed (check)". */
  check?: boolean;
  /** Attach before/after text to change events (--diff). */
  diff?: boolean;
  /** Run only tasks with one of these tags (plus `always`). */
  tags?: string[];
  /** Skip tasks with one of these tags. */
  skipTags?: string[];
  /** Hosts worked on at once (default 10). */
  forks?: number;
  /** `-e` variables: highest precedence. */
  extraVars?: Record<string, unknown>;
  /** The sudo password (only used for redaction here: the transport owns it). */
  becomePassword?: string;
  /** Values that are secret whatever their variable is called (`!vault` values), hidden like the become password. */
  secretValues?: Iterable<string>;
  /** Re-plan after apply and fail a task whose plan is not empty (proves convergence; tests turn it on). */
  verify?: boolean;
  /** Fetch facts later tasks will need in the same round trip as earlier ones (default true). */
  prefetch?: boolean;
  /** Once aborted (an interrupt), no further task or handler starts (docs/architecture.md §7.2). */
  signal?: AbortSignal;
  /** Base facts from an earlier run, per host: only used to guess what the first batch should fetch. */
  factHints?: Record<string, BaseFacts>;
}

/** A host of the inventory as the engine sees it. */
export interface EngineHost {
  name: string;
  /** Its merged inventory variables (group and host vars, without role defaults or -e). */
  vars: Record<string, unknown>;
  /**
   * The user SSH logs in as (from the connection settings; decides when an upload needs sudo).
   * Without it, the engine takes ansible_ssh_user / ansible_user, else root.
   */
  loginUser?: string;
}

export interface RunInput {
  role: Role;
  /** Every inventory host (for hostvars, groups and delegate_to), in inventory order. */
  inventory: EngineHost[];
  /** Group name -> host names (including `all`). */
  groups: Record<string, string[]>;
  /** The hosts to run on (after --hosts/--limit), in order. */
  hosts: string[];
}

export interface RunDeps {
  /** Loads include_tasks files at run time (and holds the module registry). */
  loader: TaskLoader;
  /** The connection to an inventory host (pooled by the caller: one per host for the run). */
  connect(host: EngineHost): Promise<Transport>;
  /** A transport for the control machine (delegate_to: localhost). */
  local?(): Transport;
  emit: EventSink;
  /** Waits between `until` retries (tests pass a fake). */
  sleep?(ms: number): Promise<void>;
}
