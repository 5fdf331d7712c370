/**
 * The error kinds every layer may throw, in the lowest layer so no module has to reach up to the
 * CLI for them (docs/architecture.md, "Errors and exit codes"). Only src/cli maps them to exit
 * codes; the engine turns a UserError raised inside a task into that task's failure.
 *
 * - {@link UserError}: the user can act on it (bad input, a failed preflight, a failed host);
 *   printed without a stack trace. `where` is the `file:line` it concerns, when there is one.
 * - {@link TaskFailure}: one task failed on one host (a value the engine reports, never thrown
 *   past it): the user-facing message, and the command and output when a command failed.
 * - anything else is an internal error: a bug in afo, printed with its stack.
 */

/** What went wrong, for the exit code: 2 input, 3 preflight, 4 a host or task failed, 130 interrupted (Ctrl-C). */
export type UserErrorKind = 'input' | 'preflight' | 'failed' | 'interrupted';

export class UserError extends Error {
  constructor(
    message: string,
    readonly kind: UserErrorKind = 'input',
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** A task failed on a host. The message is user-facing; the engine adds the task's file:line. */
export class TaskFailure extends Error {
  constructor(
    message: string,
    readonly command?: string,
    readonly output: string[] = [],
  ) {
    super(message);
    this.name = 'TaskFailure';
  }
}

/** True for an error a user caused and can fix (as opposed to a bug in afo). */
export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/**
 * An error thrown while a task ran on a host, as that task's failure: a TaskFailure as it is, a
 * user error (a template's undefined variable, a bad argument) with its own message, anything
 * else marked as an internal error so it is not mistaken for the user's.
 */
export function asTaskFailure(err: unknown): TaskFailure {
  if (err instanceof TaskFailure) return err;
  if (err instanceof UserError) return new TaskFailure(err.message);
  return new TaskFailure(`internal error: ${err instanceof Error ? err.message : String(err)}`);
}
