/**
 * The one place error kinds become exit codes (docs/architecture.md, "Errors and exit codes"):
 * 0 done, 2 usage or input, 3 preflight (nothing was changed), 4 a host or task failed,
 * 5 `afo deploy` converged an installed cluster whose new hosts wait for `afo expand`,
 * 70 internal error (a bug in afo), 130 interrupted (Ctrl-C).
 */
import type { UserError } from '../errors.js';

export const EXIT_INTERNAL = 70;

/** Stopped by Ctrl-C (SIGINT), during a run or at a prompt: 128 + 2, as shells report it. */
export const EXIT_INTERRUPTED = 130;

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
    case 'interrupted':
      return EXIT_INTERRUPTED;
  }
}
