/**
 * `set_fact`: set host variables from the (already templated) arguments. Runs on the control
 * machine. `cacheable` is accepted and ignored (afo keeps no fact cache between runs).
 * register: { ansible_facts: {...} }.
 */
import { z } from 'zod';
import type { Module } from '../module.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const schema = z
  .record(z.string(), z.unknown())
  .superRefine((a, ctx) => {
    for (const k of Object.keys(a)) {
      if (k !== 'cacheable' && !NAME.test(k)) ctx.addIssue({ code: 'custom', message: `'${k}' is not a valid variable name` });
    }
    if (Object.keys(a).filter((k) => k !== 'cacheable').length === 0) ctx.addIssue({ code: 'custom', message: 'set_fact needs at least one variable' });
  })
  .transform((a) => Object.fromEntries(Object.entries(a).filter(([k]) => k !== 'cacheable')));

export type SetFactArgs = z.output<typeof schema>;

export const setFactModule: Module<SetFactArgs> = {
  name: 'set_fact',
  args: schema,
  local: true,
  facts: () => [],
  plan: (a) => ({ changes: [], setFacts: a, result: { ansible_facts: a } }),
};
