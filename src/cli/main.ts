#!/usr/bin/env node
/**
 * afo's entry point: argv -> command. The only place that calls process.exit; every command
 * returns its exit code, and every error goes through reportError (user mistakes print a clear
 * message, never a stack trace).
 */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { reportError } from './report-error.js';
import { CFG_HELP } from './commands/settings.js';
import { loadAfoCfg } from './settings/afo-cfg.js';
import { applySettings } from './settings/apply.js';
import { AFO_VERSION } from './version.js';

async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command('afo')
    .description('Deploy and scale openGauss clusters over SSH, idempotently.')
    .version(AFO_VERSION)
    .exitOverride()
    .showHelpAfterError()
    .addHelpText('after', `\n${CFG_HELP}\n`)
    // afo.cfg and AFO_* fill the options no flag gave (src/cli/settings/apply.ts)
    .hook('preAction', (_program, action) => {
      const cfg = loadAfoCfg(process.env, process.cwd());
      for (const w of cfg.warnings) process.stderr.write(`afo: warning: ${w}\n`);
      applySettings(action, process.env, cfg);
    });
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

main(process.argv).then((code) => process.exit(code));
