/**
 * Errors and the "undefined" value of the expression language.
 *
 * Ansible's rule: using an undefined variable is an error, but it may be guarded (`is defined`,
 * `| default(...)`). So a missing variable does not throw at lookup; it evaluates to an
 * {@link Undefined} that remembers why it is undefined, and throws only where it is *used*.
 */

/**
 * A user-facing expression error. `message` quotes the expression and says what is wrong
 * ("error in expression 'foo == 1': 'foo' is undefined"); the engine prefixes file:line.
 * `reason` is the part after the colon; `source` the expression or template text.
 */
export class ExprError extends Error {
  readonly reason: string;
  readonly source: string | undefined;
  /** True when the error is the use of an undefined value (which `is defined`/`default` can guard). */
  undefinedUse = false;

  constructor(message: string, source?: string, reason?: string) {
    super(message);
    this.name = 'ExprError';
    this.source = source;
    this.reason = reason ?? message;
  }
}

/**
 * The value of a missing variable, attribute or item. Carries the message Ansible would print
 * ("'foo' is undefined", "'dict object' has no attribute 'bar'"). Attribute access on it yields
 * itself (Ansible's AnsibleUndefined), so `foo.bar is defined` is false rather than an error.
 */
export class Undefined {
  constructor(readonly hint: string) {}

  /** Throws the error this undefined value stands for. */
  fail(): never {
    const err = new ExprError(this.hint);
    err.undefinedUse = true;
    throw err;
  }
}

/**
 * A variable whose value could not be rendered for a reason other than an undefined reference
 * (a recursive loop, a syntax error, a failing filter). Unlike {@link Undefined} it cannot be
 * guarded: any use, even `is defined`, fails, as in Ansible. Only resolveVars produces it.
 */
export class Unresolvable {
  constructor(readonly error: ExprError) {}
}

export function isUndefined(v: unknown): v is Undefined {
  return v instanceof Undefined;
}

/** Runs `fn`, turning any error into an ExprError that names `what` (e.g. "expression 'x'"). */
export function withContext<T>(what: string, source: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ExprError && err.source !== undefined) throw err; // already names its source
    const reason = err instanceof ExprError ? err.message : describeInternal(err);
    const wrapped = new ExprError(`error in ${what}: ${reason}`, source, reason);
    wrapped.undefinedUse = err instanceof ExprError && err.undefinedUse;
    throw wrapped;
  }
}

/** Messages for JS errors that escape a filter (bad regex, stack overflow): no stack, no internals. */
function describeInternal(err: unknown): string {
  if (err instanceof RangeError && /call stack/.test(err.message)) return 'expression nests too deeply';
  return err instanceof Error ? err.message : String(err);
}
