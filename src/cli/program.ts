/** The command line as a program: argv -> exit code (main.ts starts it and exits with the code). */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { reportError } from './report-error.js';
import { CFG_HELP } from './commands/settings.js';
import { loadAfoCfg } from './settings/afo-cfg.js';
import { applySettings } from './settings/apply.js';
import { AFO_VERSION } from './version.js';

export async function runCli(argv: string[]): Promise<number> {
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
  await registerCommands(
    program,
    (c) => {
      code = c;
    },
    argv,
  );
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    // commander has already printed its message; usage mistakes exit 2 like other input errors
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    return reportError(err, (t) => process.stderr.write(t));
  }
}
