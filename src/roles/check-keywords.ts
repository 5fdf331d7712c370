/**
 * Load-time type checks of task keywords, so a role mistake is found with its file:line before
 * any host is touched instead of on the first host that reaches the task (issue 12). The rules
 * are Ansible's: a loop takes a list (or a template giving one), a condition is text or a
 * boolean, `register` is a variable name, `retries`/`delay`/`timeout` are integers, `no_log` and
 * friends are booleans. A templated value (`{{ ... }}`) is left to run time, as in Ansible.
 */
import { checkExpression } from '../expr/index.js';
import { parseBool } from '../text/bool.js';
import type { RawTask } from './common.js';
import { hasTemplate } from './validate-args.js';

const show = (v: unknown): string => (JSON.stringify(v) ?? String(v)).slice(0, 60);

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `${typeof v} ${show(v)}`);

/** Python's str.isidentifier for ASCII names, which Ansible requires of `register`. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const CONDITIONS = ['when', 'changed_when', 'failed_when', 'until'];
const INTEGERS = ['retries', 'delay', 'timeout'];
const BOOLEANS = ['no_log', 'ignore_errors', 'run_once', 'become'];

const isCondition = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number';

export function checkKeywordTypes(raw: RawTask, problem: (msg: string) => void): void {
  for (const key of ['loop', 'with_list', 'with_items']) {
    const v = raw[key];
    if (v === undefined || Array.isArray(v) || (typeof v === 'string' && (hasTemplate(v) || key === 'with_items'))) continue;
    problem(`${key}: needs a list (or a template giving one), got ${kindOf(v)}`);
  }
  const dict = raw.with_dict;
  if (dict !== undefined && !(typeof dict === 'string' && hasTemplate(dict)) && (dict === null || typeof dict !== 'object' || Array.isArray(dict))) {
    problem(`with_dict: needs a mapping (or a template giving one), got ${kindOf(dict)}`);
  }
  for (const key of CONDITIONS) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    const items = Array.isArray(v) ? v : [v];
    if (!items.every(isCondition)) problem(`${key}: needs a condition (text or true/false) or a list of them, got ${kindOf(v)}`);
  }
  if (raw.register !== undefined && !(typeof raw.register === 'string' && NAME.test(raw.register))) {
    problem(`register: needs a variable name (letters, digits and _, not starting with a digit), got ${kindOf(raw.register)}`);
  }
  for (const key of INTEGERS) {
    const v = raw[key];
    if (v === undefined || Number.isInteger(v) || (typeof v === 'string' && (/^\s*\d+\s*$/.test(v) || hasTemplate(v)))) continue;
    problem(`${key}: needs a whole number of ${key === 'retries' ? 'attempts' : 'seconds'}, got ${kindOf(v)}`);
  }
  for (const key of BOOLEANS) {
    const v = raw[key];
    if (v === undefined || parseBool(v) !== undefined || (typeof v === 'string' && hasTemplate(v))) continue;
    problem(`${key}: needs true or false (or a template giving one), got ${kindOf(v)}`);
  }
}

/** `assert: that:` items are conditions: each must parse as an expression now. */
export function checkAssertThat(args: Record<string, unknown>, problem: (msg: string) => void): void {
  const that = args.that;
  if (that === undefined) return;
  const items = Array.isArray(that) ? that : [that];
  if (!items.every(isCondition)) {
    problem(`assert: that: needs a condition or a list of them, got ${kindOf(that)}`);
    return;
  }
  for (const c of items) {
    if (typeof c !== 'string') continue;
    try {
      checkExpression(c);
    } catch (err) {
      problem(`assert: that: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
