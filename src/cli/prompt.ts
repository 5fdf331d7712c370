import { UserError } from '../errors.js';
import { confirmMode, noTerminalError } from './confirm.js';

/** Ctrl-C (or Ctrl-D) at a prompt: afo exits 130 without a message or a stack trace (report-error.ts). */
export class PromptCancelled extends Error {
  constructor() {
    super('cancelled at the prompt');
    this.name = 'PromptCancelled';
  }
}

/**
 * Ask for a secret on the terminal without echo (or read one line from a non-TTY stdin, as a
 * pipe gives it). A stdin that ends before a line (no terminal, nothing piped: `</dev/null`, CI)
 * is an input error naming AFO_BECOME_PASS, never an empty password or a silent exit.
 */
export async function promptSecret(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  output.write(question);
  return new Promise((resolve, reject) => {
    let answer = '';
    const raw = input.isTTY === true;
    if (raw) input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const onEnd = (): void =>
      done(
        new UserError(
          `${question.replace(/:\s*$/, '')}: stdin is not a terminal and gave no line to read; set AFO_BECOME_PASS in the environment (or ansible_become_password in the inventory) instead of -K, or run on a terminal; nothing was changed`,
        ),
      );
    const done = (err?: Error): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      if (raw) input.setRawMode(false);
      input.pause();
      output.write('\n');
      if (err) reject(err);
      else resolve(answer);
    };
    const onData = (chunk: string): void => {
      for (const c of chunk) {
        if (c === '\n' || c === '\r') {
          done();
          return;
        }
        if (c === '\u0003' || (c === '\u0004' && answer === '')) {
          done(new PromptCancelled());
          return;
        }
        if (c === '\u007f' || c === '\b') answer = answer.slice(0, -1);
        else answer += c;
      }
    };
    input.on('data', onData);
    input.once('end', onEnd);
  });
}

/**
 * Shows `plan` and asks "Proceed? [y/N]" on the terminal; `yes` (-y) answers for scripts. Without
 * a terminal and without -y it refuses (exit 2) instead of guessing (the rule: src/cli/confirm.ts).
 */
export async function confirmPlan(
  plan: string,
  yes: boolean,
  what: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
  /** Ctrl-C while deploy's interrupt handler holds SIGINT (src/cli/interrupt.ts): cancels the prompt. */
  signal?: AbortSignal,
): Promise<boolean> {
  const mode = confirmMode({ check: false, yes, tty: input.isTTY === true });
  if (mode === 'refuse') throw noTerminalError(what);
  output.write(`${plan}\n`);
  if (mode === 'skip') return true;
  output.write('Proceed? [y/N] ');
  const answer = await new Promise<string>((resolve) => {
    input.resume();
    input.setEncoding('utf8');
    const done = (d: string) => {
      input.off('end', onEnd);
      input.off('data', done);
      signal?.removeEventListener('abort', onAbort);
      input.pause();
      resolve(d);
    };
    const onEnd = () => done('');
    const onAbort = () => done('\u0003');
    if (signal?.aborted) return onAbort();
    input.once('end', onEnd);
    input.once('data', done);
    signal?.addEventListener('abort', onAbort);
  });
  if (answer.includes('\u0003')) throw new PromptCancelled();
  return /^\s*y(es)?\s*$/i.test(answer);
}
