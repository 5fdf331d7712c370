/**
 * Local modules that judge what an OM command printed (the command runs in the task before,
 * registered): the role calls them right after gs_expansion and cm_install, so a failure names
 * the host and OM's log instead of "non-zero exit" (docs/opengauss.md §5.3, §5.9).
 *
 * - `opengauss_expansion_result`: every host in `hosts` has `Success` under `Expansion results:`.
 *   register: { results: {ip: word} }.
 * - `opengauss_cm_result`: `Install CM tool success.`, or `CM exists in current cluster.` (already
 *   installed). register: { already_installed, term_warning }.
 */
import { z } from 'zod';
import type { Module } from '../../tasks/module.js';
import { cmInstallOutcome, expansionFailure, parseExpansionResults } from '../status/om-results.js';

const code = z.union([z.number(), z.string()]).transform((v) => Number(v));

const expansionArgs = z.strictObject({
  output: z.string(),
  exit_code: code,
  hosts: z.array(z.string().min(1)).min(1),
  log_dir: z.string().min(1),
});

const cmArgs = z.strictObject({
  output: z.string(),
  exit_code: code,
  log_dir: z.string().min(1),
});

export const expansionResultModule: Module<z.output<typeof expansionArgs>> = {
  name: 'opengauss_expansion_result',
  args: expansionArgs,
  local: true,
  facts: () => [],
  plan(a) {
    const results = Object.fromEntries(parseExpansionResults(a.output));
    const fail = expansionFailure(a.output, a.exit_code, a.hosts, a.log_dir);
    return { changes: [], result: { results, changed: false }, ...(fail ? { fail } : {}) };
  },
};

export const cmResultModule: Module<z.output<typeof cmArgs>> = {
  name: 'opengauss_cm_result',
  args: cmArgs,
  local: true,
  facts: () => [],
  plan(a) {
    const o = cmInstallOutcome(a.output, a.exit_code);
    const result = { already_installed: o.alreadyInstalled, term_warning: o.termWarning, changed: false };
    if (o.ok) return { changes: [], result, messages: o.alreadyInstalled ? ['CM exists in current cluster: already installed'] : [] };
    const tail = a.output.trim().split('\n').slice(-5).join('\n');
    return {
      changes: [],
      result,
      fail: `cm_install did not succeed (exit ${a.exit_code}; no "Install CM tool success."). Its log: ${a.log_dir} on the primary.\nLast lines:\n${tail}`,
    };
  },
};
