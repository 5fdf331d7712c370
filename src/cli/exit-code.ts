/**
 * The one place error kinds become exit codes (docs/architecture.md, "Errors and exit codes"):
 * 0 done, 2 usage or input, 3 preflight (nothing was changed), 4 a host or task failed,
 * 5 `afo deploy` converged an installed cluster whose new hosts wait for `afo expand`,
 * 70 internal error (a bug in afo).
 */
import type { UserError } from '../errors.js';

export const EXIT_INTERNAL = 70;

/** Ctrl-C at a prompt: the shell's code for SIGINT (128 + 2), printed quietly. */
export const EXIT_CANCELLED = 130;

/** afo deploy: the installed nodes are done; new inventory hosts wait for `afo expand`. */
export const EXIT_EXPAND_PENDING = 5;

/** A finished run's exit code from its outcome (the run's own code otherwise). */
export function exitCodeForOutcome(outcome: string, runCode: number): number {
  return outcome === 'expand-pending' ? EXIT_EXPAND_PENDING : runCode;
}

export function exitCodeFor(err: UserError): number {
  switch (err.kind) {
    case 'input':
      return 2;
    case 'preflight':
      return 3;
    case 'failed':
      return 4;
  }
}
