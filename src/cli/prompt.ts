import { UserError } from '../errors.js';

/** Ask for a secret on the terminal without echo (or read one line from a non-TTY stdin). */
export async function promptSecret(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  output.write(question);
  return new Promise((resolve, reject) => {
    let answer = '';
    const raw = input.isTTY === true;
    if (raw) input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (err?: Error): void => {
      input.off('data', onData);
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
        if (c === '\u0003') {
          done(new Error('cancelled'));
          return;
        }
        if (c === '\u007f' || c === '\b') answer = answer.slice(0, -1);
        else answer += c;
      }
    };
    input.on('data', onData);
  });
}

/**
 * Shows `plan` and asks "Proceed? [y/N]" on the terminal; `yes` (-y) answers for scripts. Without
 * a terminal and without -y it refuses (exit 2) instead of guessing.
 */
export async function confirmPlan(
  plan: string,
  yes: boolean,
  what: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<boolean> {
  output.write(`${plan}\n`);
  if (yes) return true;
  if (input.isTTY !== true) {
    throw new UserError(
      `${what} changes the cluster and stdin is not a terminal to confirm it: pass -y (--yes) to proceed without asking; nothing was changed`,
    );
  }
  output.write('Proceed? [y/N] ');
  const answer = await new Promise<string>((resolve) => {
    input.resume();
    input.setEncoding('utf8');
    input.once('data', (d: string) => {
      input.pause();
      resolve(d);
    });
  });
  return /^\s*y(es)?\s*$/i.test(answer);
}
