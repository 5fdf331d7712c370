/**
 * A finding a user can act on, shaped for the preflight table (host / check / found / expected /
 * how to fix). Validators return lists of these instead of throwing on the first one, so one run
 * shows every problem at once.
 */
import { UserError, type UserErrorKind } from '../errors.js';

export interface Problem {
  /** Inventory host name (or address), or `-` when the problem concerns the whole inventory. */
  host: string;
  /** Short name of the rule, e.g. `one primary`, `cascade needs standby`. */
  check: string;
  /** What was found. */
  found: string;
  /** What the rule wants. */
  expected: string;
  /** What the user should do. */
  fix: string;
}

/** Renders problems as plain lines, for error messages and logs. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `- ${p.host}: ${p.check}: found ${p.found}; expected ${p.expected}. Fix: ${p.fix}`).join('\n');
}

/**
 * A UserError carrying the problem list, so the CLI can print the table while other callers
 * still get a readable message.
 */
export class ProblemsError extends UserError {
  constructor(
    /** One line: what was found, and that nothing was changed. */
    readonly title: string,
    readonly problems: readonly Problem[],
    /** What to read and do next (the status text, the repair commands, where the log is). */
    readonly advice?: string,
    /** `preflight` (nothing was changed) unless the problems were found after changes were made. */
    kind: UserErrorKind = 'preflight',
  ) {
    super([title, ...(advice ? [advice] : []), formatProblems(problems)].join('\n'), kind);
    this.name = 'ProblemsError';
  }
}
