/**
 * Ansible's INI inventory dialect, line by line, following ansible/plugins/inventory/ini.py.
 * (The `ini` npm package cannot be used: it treats `;`/`#` after a value as comments and has no
 * notion of host lines with inline `key=value` vars, so it would silently change values.)
 *
 * Where Ansible silently accepts something that is almost always a typo, afo reports it as a
 * file:line error instead: an unknown section type (`[x:chidren]`, Ansible errors too), a child
 * group never declared (Ansible errors too), an invalid host name, an empty or reversed range, a
 * variable given two different values, a `host:port` that Ansible would ignore.
 */
import { UserError } from '../errors.js';
import { addChild, addGroup, addHost, addHostToGroup, CycleError, emptyInventory, reconcile } from './builder.js';
import { conflict, setVar } from './conflicts.js';
import { iniValue } from './pyliteral.js';
import { expandHostPattern, HostPatternError } from './ranges.js';
import { shlexSplit, ShlexError } from '../text/shlex.js';
import { closest } from '../text/suggest.js';
import type { Inventory, SourceRef, Vars } from './types.js';

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/u;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/u;
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

type State = 'hosts' | 'children' | 'vars';

interface Pending {
  line: number;
  state: 'vars' | 'children';
  parents: string[];
}

/**
 * Parses INI inventory text. `file` is the name used in messages, `dir` the directory that holds
 * group_vars/ and host_vars/ (not read here). Throws UserError naming file:line.
 */
export function parseIniInventory(text: string, file: string, dir: string): Inventory {
  const inv = emptyInventory(file, dir);
  const pending = new Map<string, Pending>();
  const portSource = new Map<string, { port: number | undefined; at: SourceRef }>();
  let group = 'ungrouped';
  let state: State = 'hosts';
  let lineno = 0;
  const fail = (msg: string): never => {
    throw new UserError(`${file}:${lineno}: ${msg}`);
  };

  for (const raw of text.split(LINE_BREAK)) {
    lineno++;
    const line = raw.trim();
    if (line === '' || line[0] === '#' || line[0] === ';') continue;
    const at: SourceRef = { file, line: lineno };

    const m = SECTION.exec(line);
    if (m) {
      group = m[1]!;
      const kind = m[2] ?? 'hosts';
      if (kind !== 'hosts' && kind !== 'children' && kind !== 'vars') {
        const hint = closestGroupWord(kind, ['children', 'vars']);
        fail(
          `section [${group}:${kind}] has unknown type '${kind}'${hint ? ` (did you mean [${group}:${hint}]?)` : ''}; use [${group}], [${group}:children] or [${group}:vars]`,
        );
      }
      state = kind as State;
      if (!inv.groups[group]) {
        if (state === 'vars' && !pending.has(group)) pending.set(group, { line: lineno, state, parents: [] });
        addGroup(inv, group, at);
      }
      const p = pending.get(group);
      if (p && state !== 'vars') {
        if (p.state === 'children') resolvePending(inv, group, pending, fail);
        else pending.delete(group);
      }
      continue;
    }
    if (line.startsWith('[') && line.endsWith(']')) {
      fail(`invalid section header '${line}': write [group], [group:children] or [group:vars] with no spaces`);
    }

    if (state === 'hosts') parseHostLine(inv, line, group, at, portSource, fail);
    else if (state === 'vars') {
      const eq = line.indexOf('=');
      if (eq < 0) fail(`expected key=value in [${group}:vars], got '${line}'`);
      const key = line.slice(0, eq).trim();
      if (key === '') fail(`missing variable name before '=' in [${group}:vars]`);
      const value = iniValue(line.slice(eq + 1).trim());
      if (key === 'ansible_group_priority') {
        const n = typeof value === 'number' ? value : Number.NaN;
        if (!Number.isInteger(n)) fail(`ansible_group_priority must be an integer, got '${String(value)}'`);
        inv.groups[group]!.priority = n;
        continue;
      }
      const g = inv.groups[group]!;
      const clash = setVar(g.vars, g.varSources, key, value, at);
      if (clash) fail(conflict(`[${group}:vars]`, key, clash, value));
    } else {
      const cm = GROUP_NAME.exec(line);
      if (!cm) fail(`expected a group name in [${group}:children], got '${line}'`);
      const child = cm![1]!;
      if (!inv.groups[child]) {
        const p = pending.get(child);
        if (p) p.parents.push(group);
        else pending.set(child, { line: lineno, state: 'children', parents: [group] });
      } else link(inv, group, child, fail);
    }
  }

  const problems: string[] = [];
  for (const [name, p] of pending) {
    const hint = closestGroupWord(name, inv.groupOrder);
    const dym = hint ? ` (did you mean '${hint}'?)` : '';
    if (p.state === 'vars') {
      problems.push(
        `${file}:${p.line}: [${name}:vars] is for a group that is never declared${dym}; add a [${name}] or [${name}:children] section or fix the name`,
      );
    } else {
      problems.push(
        `${file}:${p.line}: unknown group '${name}' in [${p.parents.at(-1)}:children]${dym}; declare it with [${name}] (it may be empty) or fix the name`,
      );
    }
  }
  if (problems.length > 0) throw new UserError(problems.join('\n'));
  reconcile(inv);
  return inv;
}

function link(inv: Inventory, parent: string, child: string, fail: (m: string) => never): void {
  try {
    addChild(inv, parent, child);
  } catch (e) {
    if (e instanceof CycleError) fail(e.message);
    throw e;
  }
}

/** A group referenced as a child before being declared joins its parents when declared. */
function resolvePending(inv: Inventory, group: string, pending: Map<string, Pending>, fail: (m: string) => never): void {
  const p = pending.get(group)!;
  for (const parent of p.parents) {
    link(inv, parent, group, fail);
    if (pending.get(parent)?.state === 'children') resolvePending(inv, parent, pending, fail);
  }
  pending.delete(group);
}

function parseHostLine(
  inv: Inventory,
  line: string,
  group: string,
  at: SourceRef,
  portSource: Map<string, { port: number | undefined; at: SourceRef }>,
  fail: (m: string) => never,
): void {
  let tokens: string[] = [];
  try {
    tokens = shlexSplit(line, { comments: true });
  } catch (e) {
    if (e instanceof ShlexError) fail(`cannot read host line '${line}': ${e.message.toLowerCase()}`);
    throw e;
  }
  if (tokens.length === 0) return;
  let expanded: { hosts: string[]; port?: number } = { hosts: [] };
  try {
    expanded = expandHostPattern(tokens[0]!);
  } catch (e) {
    if (e instanceof HostPatternError) fail(`bad host ${e.message}`);
    throw e;
  }
  const vars: Vars = {};
  const lineSources: Record<string, SourceRef> = {};
  for (const t of tokens.slice(1)) {
    const eq = t.indexOf('=');
    if (eq < 0) fail(`expected key=value after the host name, got '${t}' (quote values that contain spaces)`);
    const key = t.slice(0, eq);
    if (key === '') fail(`missing variable name before '=' in '${t}'`);
    const clash = setVar(vars, lineSources, key, iniValue(t.slice(eq + 1)), at);
    if (clash) fail(`'${key}' is given twice on this line with different values`);
  }
  if (expanded.port !== undefined && 'ansible_port' in vars && vars.ansible_port !== expanded.port) {
    fail(`port ${expanded.port} in '${tokens[0]}' conflicts with ansible_port=${String(vars.ansible_port)}; keep one`);
  }
  for (const name of expanded.hosts) {
    const { host, isNew } = addHost(inv, name, at);
    const prev = portSource.get(name);
    if (isNew) {
      portSource.set(name, { port: expanded.port, at });
      // Ansible's Host(name, port) sets ansible_port only for a true (non-zero) port.
      if (expanded.port) setVar(host.vars, host.varSources, 'ansible_port', expanded.port, at);
    } else if (expanded.port !== undefined && prev && prev.port !== expanded.port) {
      fail(
        `port ${expanded.port} for '${name}' would be ignored: the host was first defined at line ${prev.at.line} ${prev.port === undefined ? 'without a port' : `with port ${prev.port}`}; give the port there`,
      );
    }
    addHostToGroup(inv, name, group);
    for (const [k, v] of Object.entries(vars)) {
      const clash = setVar(host.vars, host.varSources, k, v, at);
      if (clash) fail(conflict(`host '${name}'`, k, clash, v));
    }
  }
}

/** Group names are short: suggest only within 2 edits and less than half the word. */
function closestGroupWord(word: string, candidates: readonly string[]): string | undefined {
  return closest(word, candidates, Math.min(2, Math.ceil(word.length / 2) - 1));
}
