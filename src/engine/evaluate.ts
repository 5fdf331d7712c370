/**
 * The engine's one doorway to the expression language: conditions, templating and loops, with
 * errors turned into task failures that quote what the user wrote.
 */
import { TaskFailure } from '../errors.js';
import { evaluateCondition, templateValue } from '../expr/index.js';
import { toBool } from '../text/bool.js';

export type Scope = Record<string, unknown>;

function why(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Evaluate one condition (`when`, `changed_when`, `failed_when`, `until`). */
export function condition(cond: unknown, scope: Scope, keyword: string): boolean {
  if (typeof cond === 'boolean') return cond;
  if (cond === null || cond === undefined) return false;
  let text = String(cond).trim();
  // `when: "{{ x }}"` is common in old roles: treat it as the bare expression.
  const wrapped = /^\{\{(.*)\}\}$/s.exec(text);
  if (wrapped && !wrapped[1]!.includes('{{')) text = wrapped[1]!.trim();
  try {
    return evaluateCondition(text, scope);
  } catch (err) {
    throw new TaskFailure(`${keyword}: could not evaluate '${text}': ${why(err)}`);
  }
}

/** All conditions hold (an empty list holds). */
export function allHold(conds: unknown[] | undefined, scope: Scope, keyword: string): boolean {
  for (const c of conds ?? []) if (!condition(c, scope, keyword)) return false;
  return true;
}

/** Template a value (deeply); `what` names it in errors. */
export function template(value: unknown, scope: Scope, what: string): unknown {
  try {
    return templateValue(value, scope);
  } catch (err) {
    throw new TaskFailure(`${what}: ${why(err)}`);
  }
}

/** Loop items: a list (items templated) or an expression yielding one; `with_items` flattens one level, `with_dict` gives {key, value}. */
export function loopItems(items: unknown, kind: 'loop' | 'with_items' | 'with_dict', scope: Scope): unknown[] {
  let value: unknown = template(items, scope, 'loop');
  if (kind === 'with_dict') {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new TaskFailure(`with_dict: expected a mapping, got ${Array.isArray(value) ? 'a list' : typeof value}`);
    return Object.entries(value).map(([key, v]) => ({ key, value: v }));
  }
  const flatten = kind === 'with_items';
  if (typeof value === 'string' && flatten) value = [value];
  if (!Array.isArray(value))
    throw new TaskFailure(`loop: expected a list, got ${value === null ? 'null' : typeof value} (${JSON.stringify(value)?.slice(0, 80)})`);
  return flatten ? value.flatMap((v) => (Array.isArray(v) ? v : [v])) : value;
}

/** Ansible booleans for keywords such as `become`, `ignore_errors`, `no_log` (may be templated). */
export function flag(value: unknown, scope: Scope, keyword: string): boolean {
  if (value === undefined || value === null) return false;
  const v = typeof value === 'string' ? template(value, scope, keyword) : value;
  return toBool(v);
}

/** The user a task's commands run as: undefined without become, else become_user (default root). */
export function becomeUserOf(task: { become?: unknown; becomeUser?: unknown }, scope: Scope): string | undefined {
  const become = flag(task.become ?? scope.ansible_become, scope, 'become');
  return become ? String(template(task.becomeUser ?? scope.ansible_become_user ?? 'root', scope, 'become_user')) : undefined;
}
