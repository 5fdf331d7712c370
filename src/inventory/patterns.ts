/**
 * Ansible host patterns, as `--limit` and a play's `hosts:` use them (inventory/manager.py):
 * `name`, `group`, `a:b` or `a,b` (union), `a:&b` (intersection), `a:!b` (exclusion), `*` and
 * `?` wildcards (fnmatch), `~regex`, subscripts `g[0]`/`g[1:3]`, and `all`. Unions apply first, then `&`, then `!`, whatever
 * the written order; a pattern of only `&`/`!` parts starts from `all`.
 */
import { UserError } from '../errors.js';
import { parseAddress } from './ranges.js';
import { hostsOfGroup } from './query.js';
import type { Inventory } from './types.js';

/** Splits on `,`, or else on `:` outside `[...]` (unless the whole thing is one address). */
export function splitPattern(pattern: string): string[] {
  let parts: string[];
  if (pattern.includes(',')) parts = pattern.split(',');
  else {
    let single = false;
    try {
      parseAddress(pattern);
      single = true;
    } catch {
      single = false;
    }
    parts = single ? [pattern] : (pattern.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? []);
  }
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Python's fnmatch.translate, anchored at both ends. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^(?:${re})$`, 's');
}

function matcher(pattern: string): RegExp {
  try {
    // `~regex` is re.match: anchored at the start only.
    return pattern.startsWith('~') ? new RegExp(`^(?:${pattern.slice(1)})`) : globToRegExp(pattern);
  } catch {
    throw new UserError(`invalid host pattern '${pattern}'`);
  }
}

const SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)[:-]([0-9]*))\]$/;

/** `group[0]`, `group[-1]`, `group[1:3]` (inclusive), `group[2:]`: a slice of the matches. */
function enumerate(inv: Inventory, pattern: string): string[] {
  const m = pattern.startsWith('~') || inv.hosts[pattern] ? null : SUBSCRIPT.exec(pattern);
  if (!m) return enumerateBare(inv, pattern);
  const hosts = enumerateBare(inv, m[1]!);
  if (m[2] !== undefined) {
    const i = Number(m[2]);
    const h = hosts.at(i);
    return h === undefined ? [] : [h];
  }
  const start = Number(m[3]);
  const end = m[4] === '' ? hosts.length - 1 : Number(m[4]);
  return hosts.slice(start, end + 1);
}

/** One pattern (without &/! or subscript) -> hosts, as Ansible's _enumerate_matches. */
function enumerateBare(inv: Inventory, pattern: string): string[] {
  if (inv.hosts[pattern]) return [pattern];
  const re = matcher(pattern);
  const groups = inv.groupOrder.filter((g) => re.test(g));
  const out = new Set<string>();
  for (const g of groups) for (const h of hostsOfGroup(inv, g)) out.add(h);
  if (groups.length === 0 || pattern.startsWith('~') || /[.?*[]/.test(pattern)) {
    for (const h of inv.hostOrder) if (re.test(h)) out.add(h);
  }
  return [...out];
}

export interface PatternMatch {
  /** Matching hosts in Ansible's evaluation order (what `ansible PATTERN --list-hosts` prints). */
  hosts: string[];
  /** Parts of the pattern that matched nothing (Ansible warns about them). */
  unmatched: string[];
}

/** Evaluates an Ansible host pattern against the inventory. */
export function matchPattern(inv: Inventory, pattern: string): PatternMatch {
  const parts = splitPattern(pattern);
  const regular = parts.filter((p) => p[0] !== '&' && p[0] !== '!');
  const ordered = [...(regular.length ? regular : ['all']), ...parts.filter((p) => p[0] === '&'), ...parts.filter((p) => p[0] === '!')];
  let selected = new Set<string>();
  const unmatched: string[] = [];
  for (const p of ordered) {
    const bare = p[0] === '&' || p[0] === '!' ? p.slice(1) : p;
    const that = enumerate(inv, bare);
    if (that.length === 0 && bare !== 'all') unmatched.push(bare);
    if (p[0] === '!') selected = new Set([...selected].filter((h) => !that.includes(h)));
    else if (p[0] === '&') selected = new Set([...selected].filter((h) => that.includes(h)));
    else for (const h of that) selected.add(h);
  }
  return { hosts: [...selected], unmatched };
}

/**
 * `--limit`: the hosts to run on, in inventory order (a limit filters the play's `all`, so the
 * order of the pattern does not matter); an error if nothing matches at all.
 */
export function limitHosts(inv: Inventory, pattern: string): string[] {
  const { hosts: matched, unmatched } = matchPattern(inv, pattern);
  const hosts = hostsOfGroup(inv, 'all').filter((h) => matched.includes(h));
  if (hosts.length === 0) {
    const what = unmatched.length ? ` ('${unmatched.join("', '")}' matched no host or group)` : '';
    throw new UserError(`--limit '${pattern}' selects no hosts in ${inv.file}${what}`);
  }
  return hosts;
}
