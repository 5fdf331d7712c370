/**
 * The module contract (docs/architecture.md §3.2). A module plans from facts and returns plain data; the
 * engine applies it. An empty change list means "already done": that is idempotency.
 */
import type { z } from 'zod';
import type { ExpectRule } from '../connection/transport.js';
import type { ReadCommand } from '../facts/command-output.js';
import type { FactReader, FactSpec } from '../facts/fact.js';

/** Run a command on the host. */
export interface ExecChange {
  kind: 'exec';
  /** Shown to the user in --check / logs. Must not contain secrets. */
  description: string;
  command: string;
  /** Run as this user via sudo (default: the task's become setting). */
  becomeUser?: string;
  stdin?: string;
  expect?: ExpectRule[];
  login?: boolean;
  cwd?: string;
  timeoutMs?: number;
  /** Exit codes that count as success (default [0]). */
  okCodes?: number[];
  /**
   * A wait or check rather than a change (wait_for): the engine runs it on apply like any exec,
   * but it does not make the task "changed" and a re-plan may return it again.
   */
  probe?: boolean;
}

/** Place a file (sha256-checked by the planner before it asks for this). */
export interface UploadChange {
  kind: 'upload';
  description: string;
  dest: string;
  content: Buffer;
  mode?: string;
  owner?: string;
  group?: string;
  /** For --diff: the text before (if known and not secret) and after. */
  diff?: { before?: string; after?: string };
}

export type Change = ExecChange | UploadChange;

export interface PlanResult {
  changes: Change[];
  /**
   * Values for `register:` that do not need the apply step (e.g. `stat`, `set_fact`, `debug`).
   * For exec changes the engine adds rc/stdout/stderr of the last one.
   */
  result?: Record<string, unknown>;
  /** Fact ids that applying these changes can alter (default: all facts the task read). */
  touches?: string[];
  /** For `fail`/`assert`: the task fails with this message without applying anything. */
  fail?: string;
  /** Variables to set on the host (`set_fact`). */
  setFacts?: Record<string, unknown>;
  /** Messages to show (`debug`). */
  messages?: string[];
}

export interface ModuleContext {
  /** Inventory name of the host. */
  host: string;
  /** The host's variables (merged, templated on access by the engine). */
  vars: Record<string, unknown>;
  /** True when the engine only plans (--check). Modules must not branch on it to do work. */
  check: boolean;
  /** Directory of the role or playbook, for `src:` lookups (copy, template). */
  baseDir: string;
  /** The user commands run as when the task has become; undefined = login user. */
  becomeUser?: string;
}

export interface Module<A = Record<string, unknown>> {
  /** YAML name, e.g. "file", "lineinfile", "opengauss_status". */
  name: string;
  /** Validates the task's arguments (after templating); errors name file:line via the loader. */
  args: z.ZodType<A>;
  /** Facts the planner will read for these arguments. */
  facts(args: A, ctx: ModuleContext): FactSpec[];
  /** Pure: arguments + facts -> changes. May be async for control-machine work (template rendering, reading `src`). */
  plan(args: A, facts: FactReader, ctx: ModuleContext): PlanResult | Promise<PlanResult>;
  /** Modules whose changes are always run (command/shell) and whose result is registered. */
  alwaysRuns?: boolean;
  /**
   * The command its one exec change runs, for the engine to read in the fact batch when the role
   * marks the task `changed_when: false` (docs/architecture.md §3.3, read commands); undefined
   * when it cannot run there as it would run on its own (stdin, a PTY).
   */
  readCommand?(args: A): ReadCommand | undefined;
  /** Runs on the control machine only (set_fact, debug, assert): no facts, no transport. */
  local?: boolean;
  /**
   * What applying this module's changes can alter, when that is known: the facts the task read,
   * the files its uploads place, and the facts about these paths (and what is under them). Unset:
   * anything on the host. The engine sends a later task in the same script as this one only
   * when the later task reads none of that (docs/architecture.md §3.3, batched changes).
   */
  effects?(args: A): string[];
  /**
   * What `plan`'s changes leave behind, when the module knows it exactly: fact values by id (a
   * file's new content, the stat fields its placement sets). A later task of the same batch is
   * planned from these instead of ending the batch (docs/architecture.md §3.3, predicted facts).
   * A value's field that the change does not set exactly must throw when read (`withUnknown`).
   * `writer`: the user the changes run as.
   */
  predict?(args: A, plan: PlanResult, facts: FactReader, writer: string): Record<string, unknown> | undefined;
}
