/** The command line as a program: argv -> exit code (main.ts starts it and exits with the code). */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { reportError } from './report-error.js';

export async function runCli(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command('afo')
    .description('Deploy and scale openGauss clusters over SSH, idempotently.')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError();
  registerCommands(program, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    // commander has already printed its message; usage mistakes exit 2 like other input errors
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    return reportError(err, (t) => process.stderr.write(t));
  }
}
