import { UserError } from '../../errors.js';

/**
 * The text is not the status output the parser expects (an error message, a truncated capture,
 * an unknown layout). Kept distinct so callers can tell "no cluster" from "could not read the
 * status" (docs/opengauss.md §7.2) instead of treating any failure as "not deployed".
 */
export class StatusParseError extends UserError {
  constructor(
    what: string,
    reason: string,
    /** The offending line or excerpt, for the log. */
    readonly excerpt: string,
  ) {
    super(`cannot parse ${what}: ${reason}${excerpt === '' ? '' : `\n  at: ${excerpt}`}`, 'failed');
    this.name = 'StatusParseError';
  }
}

/** `Yes`/`No` (any case) as a boolean; anything else is a parse error. */
export function parseYesNo(what: string, key: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === 'yes') return true;
  if (v === 'no') return false;
  throw new StatusParseError(what, `${key} is '${value}', expected Yes or No`, `${key} : ${value}`);
}
