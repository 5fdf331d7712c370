/**
 * Feeds afo.cfg and AFO_* values into a command's options before it runs, so that commands read
 * one options object whatever its source: a flag given on the command line stays; otherwise the
 * environment, then afo.cfg, then the flag's default (resolve.ts). Settings without a flag reach
 * the command as `ssh` (connection defaults) and `rolesPath`.
 */
import type { Command } from 'commander';
import type { AfoCfg } from './afo-cfg.js';
import { effectiveSettings, sshDefaults, type SettingValue } from './resolve.js';
import { SETTINGS } from './table.js';

const has = (cmd: Command, attr: string) => cmd.options.some((o) => o.attributeName() === attr);

export function applySettings(cmd: Command, env: NodeJS.ProcessEnv, cfg: AfoCfg): void {
  const flags: Record<string, SettingValue | undefined> = {};
  for (const s of SETTINGS) {
    if (s.option && has(cmd, s.option) && cmd.getOptionValueSource(s.option) === 'cli') flags[s.key] = cmd.getOptionValue(s.option) as SettingValue;
  }
  const eff = effectiveSettings(env, cfg, flags);
  for (const e of eff) {
    const s = e.setting;
    if (!s.option || !has(cmd, s.option) || (e.origin.from !== 'env' && e.origin.from !== 'file')) continue;
    // commander keeps numbers as the text typed (the commands parse --forks themselves)
    cmd.setOptionValueWithSource(s.option, typeof e.value === 'number' ? String(e.value) : e.value, e.origin.from === 'env' ? 'env' : 'config');
  }
  if (has(cmd, 'acceptNewHostKeys')) cmd.setOptionValueWithSource('ssh', sshDefaults(eff), 'config');
  const roles = eff.find((e) => e.setting.key === 'roles_path')?.value;
  if (typeof roles === 'string' && roles) cmd.setOptionValueWithSource('rolesPath', roles, 'config');
}
