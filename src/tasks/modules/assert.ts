/**
 * `assert`: every expression in `that` must hold for this host (Jinja truthiness, via the
 * expression language). Runs on the control machine. An expression error fails the host with
 * the expression named.
 * register: { msg, evaluated_to, assertion (the first failing one) }.
 */
import { z } from 'zod';
import { evaluateCondition, ExprError } from '../../expr/index.js';
import { bool, withAliases } from '../lib/args.js';
import type { Module } from '../module.js';

const condition = z.union([z.string().min(1), z.boolean()]);

const schema = withAliases(
  { fail_msg: ['msg'] },
  z.strictObject({
    that: z.union([condition, z.array(condition).min(1)]).transform((t) => (Array.isArray(t) ? t : [t])),
    fail_msg: z.union([z.string(), z.array(z.string())]).optional(),
    success_msg: z.union([z.string(), z.array(z.string())]).optional(),
    quiet: bool.default(false),
  }),
);

export type AssertArgs = z.output<typeof schema>;

const text = (m: string | string[]) => (Array.isArray(m) ? m.join('\n') : m);

export const assertModule: Module<AssertArgs> = {
  name: 'assert',
  args: schema,
  local: true,
  facts: () => [],
  plan(a, _facts, ctx) {
    for (const cond of a.that) {
      let ok: boolean;
      try {
        ok = evaluateCondition(cond, ctx.vars);
      } catch (e) {
        if (!(e instanceof ExprError)) throw e;
        return { changes: [], fail: `assert: ${e.message}`, result: { assertion: cond, evaluated_to: false, msg: e.message } };
      }
      if (!ok) {
        const msg = a.fail_msg !== undefined ? text(a.fail_msg) : `Assertion failed: ${String(cond)}`;
        return { changes: [], fail: msg, result: { msg, assertion: cond, evaluated_to: false } };
      }
    }
    const msg = a.success_msg !== undefined ? text(a.success_msg) : 'All assertions passed';
    return { changes: [], result: { msg, changed: false }, messages: a.quiet ? [] : [msg] };
  },
};
