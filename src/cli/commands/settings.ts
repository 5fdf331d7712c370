/**
 * `afo settings [--only-changed]`: every afo.cfg setting's effective value and where it came
 * from (environment, the afo.cfg file, or the default), like `ansible-config dump`.
 */
import { homedir } from 'node:os';
import type { Command } from 'commander';
import { cfgCandidates, loadAfoCfg } from '../settings/afo-cfg.js';
import { describeOrigin, effectiveSettings } from '../settings/resolve.js';

export function settingsText(env: NodeJS.ProcessEnv, cwd: string, onlyChanged: boolean, home = homedir()): string {
  const cfg = loadAfoCfg(env, cwd, home);
  const lines = [cfg.file ? `config file: ${cfg.file}` : `config file: none (looked for ${cfgCandidates(env, cwd, home).join(', ')})`];
  for (const e of effectiveSettings(env, cfg)) {
    if (onlyChanged && e.origin.from === 'default') continue;
    const s = e.setting;
    const value = e.value === undefined ? `(${s.defaultText ?? 'unset'})` : String(e.value);
    lines.push(`[${s.section}] ${s.key} = ${value}  # ${describeOrigin(e.origin)}`);
  }
  return `${lines.join('\n')}\n`;
}

export const CFG_HELP =
  'Settings come from the first file found of $AFO_CONFIG, ./afo.cfg, ~/.afo.cfg (only that one is read); ' +
  'AFO_* environment variables override it and command-line flags override both. `afo settings` shows the effective values.';

export function registerSettingsCommand(program: Command): void {
  program
    .command('settings')
    .description('show the effective afo.cfg settings and where each value came from')
    .option('--only-changed', 'only the settings that are not at their default')
    .addHelpText('after', `\n${CFG_HELP}\n`)
    .action((opts: { onlyChanged?: boolean }) => {
      process.stdout.write(settingsText(process.env, process.cwd(), !!opts.onlyChanged));
    });
}
