/**
 * Errors a user can act on. Each names what is wrong and what to do; the CLI prints the message
 * without a stack trace. Exit codes: 2 usage/input, 3 preflight, 4 a host failed, 70 internal.
 */
export type ErrorKind = 'input' | 'preflight' | 'failed';

export class UserError extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind = 'input',
  ) {
    super(message);
    this.name = 'UserError';
  }
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
