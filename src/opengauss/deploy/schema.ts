/**
 * Every afo setting (opengauss_*, og_*, global_*) checked against one schema before any
 * connection (docs/opengauss.md §2.3): the known names are the role defaults' keys (nested ones
 * for the maps), each with a rule from setting-rules.ts. An unknown name is an error with "did
 * you mean" (list names of your own in `afo_extra_settings`); a template error names the file,
 * the key and the undefined name; a cluster-wide setting given a different value for one host
 * (host_vars, a host line, a role group's group_vars) is an error naming where, since afo reads
 * cluster settings from the primary only and would silently ignore it.
 */
import { UserError } from '../../errors.js';
import { Undefined, Unresolvable } from '../../expr/index.js';
import type { Inventory, Vars } from '../../inventory/index.js';
import { closest } from '../../text/suggest.js';
import { inventoryLayers, resolveHostVars } from '../../vars/index.js';
import * as r from './setting-rules.js';

/** Names afo checks: its own prefixes. Other variables belong to the user or to Ansible. */
const PREFIX = /^(opengauss_|og_|global_)/;

/** The variable listing extra names (top-level or `map.key`) for users' own templates. */
export const EXTRA_SETTINGS = 'afo_extra_settings';

/** Rules of the top-level settings; maps list their keys' rules (closed: unknown keys are errors). */
const RULES: Record<string, r.Rule | Record<string, r.Rule>> = {
  opengauss_version: r.version,
  opengauss_home: r.absPath,
  opengauss_paths: {
    gaussdbAppPath: r.absPath,
    gaussdbToolPath: r.absPath,
    gaussdbLogPath: r.absPath,
    tmpMppdbPath: r.absPath,
    corePath: r.absPath,
    dataPath: r.absPath,
  },
  opengauss_upload_path: r.absPath,
  opengauss_env: {
    user_name: r.osUser,
    user_group: r.osGroup,
    user_pass: r.nullable(r.secret),
    ca_file_pass: r.nullable(r.secret),
    clusterName: r.name,
    dataPortBase: r.port,
    cmServerPortBase: r.port,
    cmServerPortStandby: r.nullable(r.port),
    azName: r.name,
    azPriority: r.int(1, 10),
    syncNum: r.int(0, 8),
    iface_mtu: r.nullable(r.int(576, 65535)),
    swap_off: r.flag,
  },
  opengauss_db_set: { locale: r.locale, root_pass: r.nullable(r.secret) },
  opengauss_cm: r.nullable(r.flag),
  global_timezone: r.nullable(r.timezone),
  og_disable_history: r.flag,
  opengauss_sysctl_file: r.absPath,
  opengauss_min_memory_mb: r.int(0, 2 ** 31),
  opengauss_min_disk_mb: r.int(0, 2 ** 31),
  opengauss_max_clock_skew_ms: r.int(0, 2 ** 31),
  opengauss_xml_template: r.nullable(r.text),
  opengauss_packages_common: r.listOf(r.packageName),
  global_pkg_mirror: r.nullable(r.text),
  opengauss_download_server: r.url,
  // The Ansible original's names afo accepts and does not use (docs/opengauss.md §2.3).
  ogengauss_dl_server: r.ignored,
  og_expansion: r.ignored,
};

/** Open maps: any key, each key and value checked. */
const OPEN_MAPS: Record<string, { key: r.Rule; value: r.Rule }> = {
  opengauss_sysctl: { key: r.sysctlKey, value: r.sysctlValue },
};

/** Settings a host may set for itself (the role reads them per host); all others are cluster-wide. */
const PER_HOST = new Set(['opengauss_sysctl', 'opengauss_sysctl_file', 'opengauss_packages_common', 'og_disable_history']);

export interface SchemaInput {
  inventory: Inventory;
  /** The cluster's hosts, primary first. */
  hosts: readonly string[];
  roleDefaults: Vars;
  extraVars: Vars;
  /** The primary's variables after templating (what settingsFrom reads). */
  resolved: Record<string, unknown>;
}

/** The known top-level names: the role defaults' (prefixed) keys and the rules' (the original's extras). */
export function knownSettings(roleDefaults: Vars): string[] {
  return [...new Set([...Object.keys(roleDefaults).filter((k) => PREFIX.test(k)), ...Object.keys(RULES), ...Object.keys(OPEN_MAPS)])];
}

/** Throws one UserError listing every problem; returns when the settings are clean. */
export function checkSettings(i: SchemaInput): void {
  const problems = [...unknownNames(i), ...templateErrors(i), ...badValues(i), ...perHostValues(i)];
  if (problems.length > 0) {
    throw new UserError(`the settings are invalid; no host was contacted:\n${[...new Set(problems)].map((p) => `- ${p}`).join('\n')}`);
  }
}

/** Where `key` of `host` comes from: the highest layer that sets it. */
function sourceOf(i: SchemaInput, host: string, key: string): string {
  if (key in i.extraVars) return '-e';
  const layers = inventoryLayers(i.inventory, host);
  for (let n = layers.length - 1; n >= 0; n--) if (key in layers[n]!.vars) return layers[n]!.source;
  return 'roles/opengauss/defaults/main.yml';
}

function extraAllowed(i: SchemaInput): Set<string> {
  const v = i.resolved[EXTRA_SETTINGS];
  return new Set(Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
}

function unknownNames(i: SchemaInput): string[] {
  const known = knownSettings(i.roleDefaults);
  const extra = extraAllowed(i);
  const out: string[] = [];
  const sources = [...i.hosts.flatMap((h) => inventoryLayers(i.inventory, h)), { source: '-e', vars: i.extraVars }];
  for (const { source, vars } of sources) {
    for (const [key, value] of Object.entries(vars)) {
      if (!PREFIX.test(key) || extra.has(key)) continue;
      if (!known.includes(key)) {
        out.push(`${source}: unknown setting '${key}'${hint(key, known)}; fix the name, or list it in ${EXTRA_SETTINGS} if your own template uses it`);
        continue;
      }
      const rule = RULES[key];
      if (typeof rule !== 'object' || value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      const keys = [...new Set([...Object.keys(rule), ...Object.keys((i.roleDefaults[key] as Vars | undefined) ?? {})])];
      for (const sub of Object.keys(value)) {
        if (keys.includes(sub) || extra.has(`${key}.${sub}`)) continue;
        out.push(`${source}: unknown setting '${key}.${sub}'${hint(sub, keys)}; fix the name, or list '${key}.${sub}' in ${EXTRA_SETTINGS}`);
      }
    }
  }
  return out;
}

function hint(word: string, candidates: readonly string[]): string {
  const lower = candidates.find((c) => c.toLowerCase() === word.toLowerCase());
  const best = lower ?? closest(word, candidates);
  return best ? ` (did you mean '${best}'?)` : '';
}

/** The first template failure inside a value (nested maps and lists too). */
function failureIn(v: unknown): string | undefined {
  if (v instanceof Unresolvable) return v.error.message;
  if (v instanceof Undefined) return v.hint;
  if (Array.isArray(v)) {
    for (const x of v) {
      const f = failureIn(x);
      if (f) return f;
    }
  } else if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) {
      const f = failureIn(x);
      if (f) return f;
    }
  }
  return undefined;
}

function templateErrors(i: SchemaInput): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(i.resolved)) {
    if (!PREFIX.test(key)) continue;
    const f = failureIn(value);
    if (f) out.push(`${sourceOf(i, i.hosts[0]!, key)}: ${key}: ${f}`);
  }
  return out;
}

function badValues(i: SchemaInput): string[] {
  const out: string[] = [];
  const primary = i.hosts[0]!;
  for (const [key, rule] of Object.entries(RULES)) {
    const value = i.resolved[key];
    if (failureIn(value)) continue;
    const where = () => sourceOf(i, primary, key);
    if (typeof rule === 'function') {
      const p = rule(value);
      if (p) out.push(`${where()}: ${key} ${p}`);
      continue;
    }
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      out.push(`${where()}: ${key} must be a mapping, got ${JSON.stringify(value)}`);
      continue;
    }
    const map = value as Record<string, unknown>;
    for (const [sub, subRule] of Object.entries(rule)) {
      if (!(sub in map)) continue;
      const p = subRule(map[sub]);
      if (p) out.push(`${where()}: ${key}.${sub} ${p}`);
    }
  }
  for (const [key, { key: keyRule, value: valueRule }] of Object.entries(OPEN_MAPS)) {
    const value = i.resolved[key];
    if (value === null || value === undefined || failureIn(value)) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      out.push(`${sourceOf(i, primary, key)}: ${key} must be a mapping, got ${JSON.stringify(value)}`);
      continue;
    }
    for (const [k, v] of Object.entries(value)) {
      const p = keyRule(k) ?? valueRule(v);
      if (p) out.push(`${sourceOf(i, primary, key)}: ${key}.${k} ${p}`);
    }
  }
  return out;
}

function perHostValues(i: SchemaInput): string[] {
  const out: string[] = [];
  const [primary, ...others] = i.hosts;
  if (primary === undefined) return out;
  const at = (h: string) => resolveHostVars(i.inventory, h, { roleDefaults: i.roleDefaults, extraVars: i.extraVars });
  const mine = at(primary);
  for (const host of others) {
    const theirs = at(host);
    for (const key of new Set([...Object.keys(theirs), ...Object.keys(mine)])) {
      if (!PREFIX.test(key) || PER_HOST.has(key)) continue;
      if (JSON.stringify(theirs[key]) === JSON.stringify(mine[key])) continue;
      const hostSpecific = (src: string) => /host_vars|host line/.test(src);
      const own = sourceOf(i, host, key);
      const where = hostSpecific(own) || !hostSpecific(sourceOf(i, primary, key)) ? own : sourceOf(i, primary, key);
      out.push(
        `${where}: ${key} is a cluster-wide setting, but host ${host} gets its own value (afo reads it from the primary ${primary} only); ` +
          'set it for every host (group_vars/all.yml) or remove it there',
      );
    }
  }
  return out;
}

/** Every checked setting as `name` or `map.key` with its rule (for the tests that feed each one hostile values). */
export function settingRules(): [string, r.Rule][] {
  return Object.entries(RULES).flatMap(([k, rule]): [string, r.Rule][] =>
    typeof rule === 'function' ? [[k, rule]] : Object.entries(rule).map(([sub, sr]): [string, r.Rule] => [`${k}.${sub}`, sr]),
  );
}
