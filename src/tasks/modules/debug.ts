/**
 * `debug`: show a message or a variable's value. Runs on the control machine.
 * register: { msg } or { <var>: value }.
 */
import { z } from 'zod';
import { evaluate, ExprError } from '../../expr/index.js';
import type { Module } from '../module.js';

const schema = z
  .strictObject({
    msg: z.unknown().optional(),
    var: z.string().min(1).optional(),
    verbosity: z.number().int().nonnegative().default(0),
  })
  .superRefine((a, ctx) => {
    if (a.msg !== undefined && a.var !== undefined) ctx.addIssue({ code: 'custom', message: "give 'msg' or 'var', not both" });
  });

export type DebugArgs = z.output<typeof schema>;

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));

export const debugModule: Module<DebugArgs> = {
  name: 'debug',
  args: schema,
  local: true,
  facts: () => [],
  plan(a, _facts, ctx) {
    if (a.var !== undefined) {
      let value: unknown;
      try {
        value = evaluate(a.var, ctx.vars);
      } catch (e) {
        if (!(e instanceof ExprError)) throw e;
        // Ansible prints this instead of failing the task.
        value = `VARIABLE IS NOT DEFINED! (${e.reason})`;
      }
      return { changes: [], result: { [a.var]: value }, messages: [`${a.var}: ${show(value)}`] };
    }
    const msg = a.msg ?? 'Hello world!';
    return { changes: [], result: { msg }, messages: [show(msg)] };
  },
};
