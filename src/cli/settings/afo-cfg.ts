/**
 * afo.cfg, found and read the way Ansible finds ansible.cfg: `$AFO_CONFIG`, else `./afo.cfg`,
 * else `~/.afo.cfg`; the first file found is the only one read (README.md, "Settings: afo.cfg").
 * INI syntax (the `ini` package); unknown sections and keys are warnings with a "did you mean".
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'ini';
import { UserError } from '../../errors.js';
import { closest } from '../../text/suggest.js';
import { SETTINGS } from './table.js';

export interface AfoCfg {
  /** The file read (absolute), or undefined when there is none. */
  file?: string;
  /** `section.key` -> the value as written. */
  values: Map<string, string>;
  warnings: string[];
}

/** Where afo looks, in order (the first that exists wins). */
export function cfgCandidates(env: NodeJS.ProcessEnv, cwd: string, home = homedir()): string[] {
  return [...(env.AFO_CONFIG ? [resolve(cwd, env.AFO_CONFIG)] : []), join(cwd, 'afo.cfg'), join(home, '.afo.cfg')];
}

export function findAfoCfg(env: NodeJS.ProcessEnv, cwd: string, home = homedir()): string | undefined {
  if (env.AFO_CONFIG && !existsSync(resolve(cwd, env.AFO_CONFIG)))
    throw new UserError(`AFO_CONFIG names ${env.AFO_CONFIG}, which does not exist: fix the path or unset AFO_CONFIG`);
  return cfgCandidates(env, cwd, home).find((f) => existsSync(f));
}

/** Reads and checks `file`'s text: known `[section] key`s are kept, the rest are warnings. */
export function parseAfoCfg(text: string, file: string): AfoCfg {
  const known = new Map<string, Set<string>>();
  for (const s of SETTINGS) known.set(s.section, (known.get(s.section) ?? new Set()).add(s.key));
  const values = new Map<string, string>();
  const warnings: string[] = [];
  const data = parse(text) as Record<string, unknown>;
  for (const [section, body] of Object.entries(data)) {
    if (body === null || typeof body !== 'object') {
      warnings.push(`${file}: '${section}' is outside any section; put it under [defaults] or [ssh_connection]`);
      continue;
    }
    const keys = known.get(section);
    if (!keys) {
      const hint = closest(section, known.keys());
      warnings.push(`${file}: unknown section [${section}] ignored${hint ? ` (did you mean [${hint}]?)` : ''}`);
      continue;
    }
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (!keys.has(key)) {
        const elsewhere = SETTINGS.find((s) => s.key === key);
        const hint = elsewhere ? `[${elsewhere.section}] ${key}` : closest(key, keys);
        warnings.push(`${file}: unknown key '${key}' in [${section}] ignored${hint ? ` (did you mean ${hint}?)` : ''}`);
        continue;
      }
      values.set(`${section}.${key}`, String(value));
    }
  }
  return { file, values, warnings };
}

export function loadAfoCfg(env: NodeJS.ProcessEnv, cwd: string, home = homedir()): AfoCfg {
  const file = findAfoCfg(env, cwd, home);
  if (!file) return { values: new Map(), warnings: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as Error).message}`);
  }
  return parseAfoCfg(text, file);
}
