/**
 * The one place error kinds become exit codes (docs/architecture.md, "Errors and exit codes"):
 * 0 done, 2 usage or input, 3 preflight (nothing was changed), 4 a host or task failed,
 * 70 internal error (a bug in afo).
 */
import type { UserError } from '../errors.js';

export const EXIT_INTERNAL = 70;

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
