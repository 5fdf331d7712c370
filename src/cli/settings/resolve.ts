/**
 * The one precedence rule for afo's settings: command-line flag > environment (AFO_*) > afo.cfg
 * > default, with where each value came from (for `afo settings`). README.md, "Settings: afo.cfg".
 */
import { UserError } from '../../errors.js';
import type { SshDefaults } from '../../play/hosts.js';
import type { AfoCfg } from './afo-cfg.js';
import { SETTINGS, type Setting } from './table.js';

export type SettingValue = string | number | boolean;
export type Origin = { from: 'flag' } | { from: 'env'; name: string } | { from: 'file'; file: string } | { from: 'default' };

export interface Effective {
  setting: Setting;
  value: SettingValue | undefined;
  origin: Origin;
}

const TRUE = new Set(['1', 'true', 'yes', 'on', 't', 'y']);
const FALSE = new Set(['0', 'false', 'no', 'off', 'f', 'n', '']);

/** A value as written in the environment or afo.cfg, checked against the setting's kind. */
export function parseSetting(s: Setting, raw: string, where: string): SettingValue {
  const v = raw.trim();
  if (s.kind === 'bool') {
    const l = v.toLowerCase();
    if (TRUE.has(l)) return true;
    if (FALSE.has(l)) return false;
    throw new UserError(`${where}: ${s.key} must be true or false, got '${raw}'`);
  }
  if (s.kind === 'int') {
    if (!/^[0-9]+$/.test(v) || Number(v) < 1) throw new UserError(`${where}: ${s.key} must be a positive whole number, got '${raw}'`);
    return Number(v);
  }
  return v;
}

/** flag > env > afo.cfg > default for one setting. */
export function choose(s: Setting, flag: SettingValue | undefined, env: NodeJS.ProcessEnv, cfg: AfoCfg): Effective {
  if (flag !== undefined) return { setting: s, value: flag, origin: { from: 'flag' } };
  const e = env[s.env];
  if (e !== undefined && e !== '') return { setting: s, value: parseSetting(s, e, `environment ${s.env}`), origin: { from: 'env', name: s.env } };
  const c = cfg.values.get(`${s.section}.${s.key}`);
  if (c !== undefined && cfg.file) return { setting: s, value: parseSetting(s, c, `${cfg.file} [${s.section}]`), origin: { from: 'file', file: cfg.file } };
  return { setting: s, value: s.default, origin: { from: 'default' } };
}

/** Every setting's effective value; `flags` maps a setting's key to the flag's value when given. */
export function effectiveSettings(env: NodeJS.ProcessEnv, cfg: AfoCfg, flags: Record<string, SettingValue | undefined> = {}): Effective[] {
  return SETTINGS.map((s) => choose(s, flags[s.key], env, cfg));
}

/** The connection defaults the settings give (for the run opener: src/play/hosts.ts). */
export function sshDefaults(eff: readonly Effective[]): SshDefaults {
  const get = (key: string) => eff.find((e) => e.setting.key === key && e.origin.from !== 'default')?.value;
  const out: SshDefaults = {};
  const key = get('private_key_file');
  if (typeof key === 'string' && key) out.privateKeyFile = key;
  const timeout = get('timeout');
  if (typeof timeout === 'number') out.connectTimeoutMs = timeout * 1000;
  if (get('host_key_checking') === false) out.hostKeyChecking = false;
  const args = get('ssh_args');
  if (typeof args === 'string' && args) out.sshArgs = args;
  return out;
}

export function describeOrigin(o: Origin): string {
  if (o.from === 'env') return `env ${o.name}`;
  if (o.from === 'file') return o.file;
  return o.from;
}
