#!/usr/bin/env node
/**
 * afo's entry point: argv -> command. The only place that calls process.exit; user mistakes
 * (UserError) print a clear message, never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import { UserError, exitCodeFor } from './errors.js';
import { registerCommands } from './commands/index.js';

async function main(argv: string[]): Promise<number> {
  const program = new Command('afo')
    .description('Deploy and scale openGauss clusters over SSH, idempotently.')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError();
  registerCommands(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    // commander has already printed its message; usage mistakes exit 2 like other input errors
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UserError) {
      process.stderr.write(`afo: error: ${err.message}\n`);
      return exitCodeFor(err);
    }
    process.stderr.write(`afo: internal error (please report): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 70;
  }
}

main(process.argv).then((code) => process.exit(code));
