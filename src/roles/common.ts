/**
 * Keyword normalisation shared by every kind of task, and the inheritance rules a block, an
 * import or an include applies to its children.
 */
import { parseBool } from '../text/bool.js';
import type { Inherited, LoopSpec, TaskBase } from './types.js';

/** Raw keyword values of one task, as plain JS. */
export type RawTask = Record<string, unknown>;

/** Conditions: a string, a boolean or a list of them -> list. */
export function asConditions(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Tags: a list, or a comma-separated string. */
export function asTags(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : String(value).split(',');
  return list.map((t) => String(t).trim()).filter((t) => t.length > 0);
}

/** `notify:` / `listen:`: a string or a list. */
export function asNames(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** YAML booleans plus the string spellings Ansible accepts; `undefined` when not a boolean. */
export function asBool(value: unknown): boolean | undefined {
  return parseBool(value);
}

/** `loop` / `with_items` with `loop_control`; problems go to `problem`. */
export function loopOf(raw: RawTask, problem: (msg: string) => void): LoopSpec | undefined {
  const control = raw.loop_control;
  let loopVar = 'item';
  let label: string | undefined;
  let indexVar: string | undefined;
  if (control !== undefined) {
    if (typeof control !== 'object' || control === null || Array.isArray(control)) {
      problem('loop_control must be a mapping (loop_var, label)');
    } else {
      for (const [k, v] of Object.entries(control)) {
        if (k === 'loop_var') loopVar = String(v);
        else if (k === 'label') label = String(v);
        else if (k === 'index_var') indexVar = String(v);
        else if (k === 'pause' || k === 'extended') continue;
        else problem(`unknown loop_control key '${k}' (afo knows loop_var, label, index_var)`);
      }
    }
  }
  const kinds = ['loop', 'with_items', 'with_list', 'with_dict'].filter((k) => k in raw);
  if (kinds.length > 1) problem(`use one of ${kinds.join(', ')}, not several`);
  const kind = kinds[0];
  if (kind === 'loop' || kind === 'with_list') return { kind: 'loop', items: raw[kind], loopVar, label, indexVar };
  if (kind === 'with_items') return { kind: 'with_items', items: raw.with_items, loopVar, label, indexVar };
  if (kind === 'with_dict') return { kind: 'with_dict', items: raw.with_dict, loopVar, label, indexVar };
  if (control !== undefined) problem('loop_control without loop or with_items');
  return undefined;
}

/** Keywords common to all tasks, merged over what the parent passes down. */
export function baseOf(raw: RawTask, inherit: Inherited, loc: TaskBase['loc'], problem: (msg: string) => void): TaskBase {
  const vars = raw.vars;
  let ownVars: Record<string, unknown> = {};
  if (vars !== undefined && vars !== null) {
    if (typeof vars === 'object' && !Array.isArray(vars)) ownVars = vars as Record<string, unknown>;
    else problem('vars must be a mapping of names to values');
  }
  const checkMode = raw.check_mode === undefined ? inherit.checkMode : asBool(raw.check_mode);
  if (raw.check_mode !== undefined && checkMode === undefined) problem('check_mode must be true or false');
  const runOnce = raw.run_once === undefined ? inherit.runOnce : asBool(raw.run_once);
  return {
    name: raw.name === undefined || raw.name === null ? undefined : String(raw.name),
    loc,
    when: [...inherit.when, ...asConditions(raw.when)],
    tags: unique([...inherit.tags, ...asTags(raw.tags)]),
    vars: { ...inherit.vars, ...ownVars },
    become: raw.become ?? inherit.become,
    becomeUser: raw.become_user ?? inherit.becomeUser,
    delegateTo: raw.delegate_to ?? inherit.delegateTo,
    runOnce,
    ignoreErrors: raw.ignore_errors ?? inherit.ignoreErrors,
    noLog: raw.no_log ?? inherit.noLog,
    checkMode,
    environment: raw.environment ?? inherit.environment,
  };
}

/** What `base` (a block, import or include) passes to its children. */
export function inheritFrom(base: TaskBase, includeWhen: boolean): Inherited {
  return {
    when: includeWhen ? base.when : [],
    tags: base.tags,
    vars: base.vars,
    become: base.become,
    becomeUser: base.becomeUser,
    delegateTo: base.delegateTo,
    ignoreErrors: base.ignoreErrors,
    noLog: base.noLog,
    checkMode: base.checkMode,
    environment: base.environment,
    runOnce: base.runOnce,
  };
}

export const NOTHING_INHERITED: Inherited = { when: [], tags: [], vars: {} };

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
