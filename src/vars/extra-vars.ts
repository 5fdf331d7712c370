/**
 * `-e` / `--extra-vars`, as Ansible's load_extra_vars reads it:
 * - `@file.yml` / `@file.json`: a YAML or JSON file holding a mapping;
 * - text starting with `{` or `[`: inline YAML/JSON (must be a mapping);
 * - otherwise `k=v k2="two words"`: values stay strings, as in Ansible (use JSON for typed values).
 * Several `-e` combine in command-line order, a later one replacing earlier keys (Ansible's rule;
 * so `-e @vars.yml -e key=value` lets key=value win).
 * Stricter than Ansible: a word without `=` is an error (Ansible keeps it as `_raw_params`).
 */
import { isAbsolute, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { Vars } from '../inventory/types.js';
import { loadVarsFile, parseYaml, type VarsLoader } from '../inventory/loader.js';
import { replaceVars } from './merge.js';

/** Splits on whitespace outside quotes and `{{ }}`/`{% %}` blocks; quotes stay in the words. */
export function splitArgs(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote = '';
  let jinja = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const two = text.slice(i, i + 2);
    if (quote) {
      if (c === '\\' && i + 1 < text.length) {
        cur += c + text[++i]!;
        continue;
      }
      if (c === quote) quote = '';
      cur += c;
    } else if (two === '{{' || two === '{%') {
      jinja++;
      cur += two;
      i++;
    } else if (jinja > 0 && (two === '}}' || two === '%}')) {
      jinja--;
      cur += two;
      i++;
    } else if (jinja === 0 && /\s/.test(c)) {
      if (cur) words.push(cur);
      cur = '';
    } else {
      if (c === '"' || c === "'") quote = c;
      cur += c;
    }
  }
  if (quote) throw new UserError(`-e '${text}': unbalanced ${quote} quote`);
  if (cur) words.push(cur);
  return words;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Ansible's _decode_escapes: Python-style backslash escapes in key=value words. */
function decodeEscapes(s: string): string {
  return s.replace(/\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\\'"abfnrtv])/g, (_, e: string) =>
    e.length > 1 ? String.fromCodePoint(parseInt(e.slice(1), 16)) : ESCAPES[e]!,
  );
}

function unquote(s: string): string {
  return s.length >= 2 && (s[0] === '"' || s[0] === "'") && s.at(-1) === s[0] ? s.slice(1, -1) : s;
}

/** `k=v k2="two words"` -> { k: 'v', k2: 'two words' } (strings only). */
export function parseKeyValues(text: string): Vars {
  const out: Vars = {};
  for (const word of splitArgs(text)) {
    const w = decodeEscapes(word);
    const m = /^(.+?)(?<!\\)=(.*)$/s.exec(w);
    if (!m) throw new UserError(`-e '${text}': '${word}' is not key=value (for a file write -e @${word})`);
    Object.defineProperty(out, m[1]!.trim(), { value: unquote(m[2]!.trim()), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** One `-e` argument -> a mapping. `cwd` resolves relative `@file` paths. */
export function parseExtraVar(arg: string, loader: VarsLoader, cwd: string): Vars {
  if (arg === '') return {};
  let data: unknown;
  if (arg.startsWith('@')) {
    const path = arg.slice(1);
    const full = isAbsolute(path) ? path : resolve(cwd, path);
    if (loader.kind(full) !== 'file') throw new UserError(`-e ${arg}: file ${full} not found`);
    data = loadVarsFile(loader, full) ?? {};
  } else if (arg[0] === '/' || arg[0] === '.') {
    throw new UserError(`-e ${arg}: to read a file write -e @${arg}`);
  } else if (arg[0] === '{' || arg[0] === '[') {
    data = parseYaml(arg, `-e '${arg}'`);
  } else {
    data = parseKeyValues(arg);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UserError(`-e '${arg}': must give a mapping of variable names to values`);
  }
  return data as Vars;
}

/** All `-e` arguments, combined in order (later wins). */
export function parseExtraVars(args: readonly string[], loader: VarsLoader, cwd: string = process.cwd()): Vars {
  return args.reduce<Vars>((acc, a) => replaceVars(acc, parseExtraVar(a, loader, cwd)), {});
}
