/**
 * What every fuzz case must do (issue 12): exit 0 (a mutation that is still valid input), or
 * refuse with a non-zero exit and a message, never a stack trace or an internal error, within the
 * time limit; a known-bad mutation must be refused.
 */
import type { FuzzCase } from './cases.js';
import type { CaseResult } from './drive.js';

const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;

/** The problem with a case's result, or undefined when it behaved. */
export function verdict(c: FuzzCase, r: CaseResult): string | undefined {
  if (r.hung) return 'did not finish within the time limit';
  if (r.crash) return `an error nobody handled: ${r.crash.split('\n').slice(0, 3).join(' | ')}`;
  const both = `${r.stderr}\n${r.stdout}`;
  if (STACK.test(both)) return `a stack trace:\n${firstLines(both, 12)}`;
  if (/internal error/i.test(both) || r.code === 70) return `an internal error (exit ${r.code}):\n${firstLines(both, 12)}`;
  if (r.code === 0) return c.mustFail ? `accepted a known-bad input (exit 0); output:\n${firstLines(both, 8)}` : undefined;
  if (c.refuseWith && !c.refuseWith.includes(r.code)) return `refused with exit ${r.code}, expected ${c.refuseWith.join(' or ')}:\n${firstLines(both, 12)}`;
  if (r.stderr.trim() === '' && !ranAndFailed(c, r)) return `exit ${r.code} without a message on stderr; stdout:\n${firstLines(r.stdout, 8)}`;
  return undefined;
}

/**
 * A run that failed on a host (not an input error): `afo play` names each failed host, task,
 * file:line and reason in its recap on stdout, as ansible-playbook does.
 */
function ranAndFailed(c: FuzzCase, r: CaseResult): boolean {
  return c.argv[0] === 'play' && /^RECAP$/m.test(r.stdout) && /^\s+(failed|unreachable): \S.*\(.+:\d+\): \S/m.test(r.stdout);
}

function firstLines(t: string, n: number): string {
  return t
    .split('\n')
    .slice(0, n)
    .map((l) => `    | ${l.length > 300 ? `${l.slice(0, 300)}…` : l}`)
    .join('\n');
}

/** How to run one case again by hand. */
export function replay(c: FuzzCase): string {
  return `${c.id} [${c.kind}] ${c.mutation}: (cd ${c.dir} && afo ${c.argv.map((a) => (a.length > 80 ? `'${a.slice(0, 80)}…'` : `'${a}'`)).join(' ')}); replay all with AFO_FUZZ_SEED=${c.id.split('/')[0]}`;
}
