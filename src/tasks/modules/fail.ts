/**
 * `fail`: stop this host with a message. Runs on the control machine (no facts, no transport).
 * register: { msg }.
 */
import { z } from 'zod';
import type { Module } from '../module.js';

const schema = z.strictObject({ msg: z.unknown().optional() });

export type FailArgs = z.output<typeof schema>;

export const failModule: Module<FailArgs> = {
  name: 'fail',
  args: schema,
  local: true,
  facts: () => [],
  plan(a) {
    const msg = a.msg === undefined ? 'Failed as requested from task' : typeof a.msg === 'string' ? a.msg : JSON.stringify(a.msg);
    return { changes: [], fail: msg, result: { msg } };
  },
};
