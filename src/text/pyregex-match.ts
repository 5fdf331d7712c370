/**
 * Using translated Python patterns the way Python does: compile (cached), `finditer` and `sub`
 * with Python 3.7's rule for empty matches (an empty match may follow a non-empty one directly:
 * `re.sub('x*', '-', 'abxd')` is `-a-b--d-`, where JS's replace gives `-a-b-d-`), and
 * replacement templates (`\1`, `\g<name>`, octal, escapes) with Python's errors.
 */
import { PyRegexError, translatePyRegex, type PyFlags, type Translation } from './pyregex.js';

/** A compiled pattern: the RegExp plus the group facts templates need. */
export interface PyPattern extends Translation {
  /** The Python pattern, for messages. */
  pattern: string;
  /** Global RegExp for searching from a position (`lastIndex`). */
  re: RegExp;
  /** Sticky RegExp that matches only non-empty at `lastIndex` (Python's "must advance"). */
  nonEmpty: RegExp;
}

/** Python match groups: `[whole, group1, ...]`, with `index` and named `groups`. */
export type PyMatch = RegExpExecArray;

const cache = new Map<string, PyPattern>();

/** Compiles a Python pattern (cached). @throws PyRegexError */
export function pyCompile(pattern: string, flags: PyFlags = {}): PyPattern {
  const key = `${JSON.stringify(flags)}\0${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const t = translatePyRegex(pattern, flags);
  // `$rest` (not a Python name) holds the text after the start; the match is non-empty when
  // the text after its end is not all of it. It shifts the pattern's own groups by one.
  const shifted = translatePyRegex(pattern, flags, 1);
  const p: PyPattern = {
    ...t,
    pattern,
    re: build(t.source, `${t.flags}g`, pattern),
    nonEmpty: build(`(?=(?<$rest>[\\s\\S]*))(?:${shifted.source})(?!\\k<$rest>(?![\\s\\S]))`, `${t.flags}y`, pattern),
  };
  if (cache.size > 500) cache.clear();
  cache.set(key, p);
  return p;
}

function build(source: string, flags: string, pattern: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw new PyRegexError(`'${pattern}' cannot be translated to JavaScript: ${(e as Error).message}`);
  }
}

/** A RegExp with Python's semantics for `search` (and `match` with `sticky`), for `.test`/`.exec`. */
export function pyRegex(pattern: string, flags: PyFlags & { sticky?: boolean } = {}): RegExp {
  const { sticky, ...py } = flags;
  const p = pyCompile(pattern, py);
  return new RegExp(p.re.source, `${p.flags}${sticky ? 'y' : ''}`);
}

function step(s: string, i: number): number {
  return i + ((s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1);
}

/** Python's `finditer`: every match, left to right, with the 3.7 empty-match rule. */
export function* pyFinditer(p: PyPattern, s: string): Generator<PyMatch> {
  let pos = 0;
  let mustAdvance = false;
  while (pos <= s.length) {
    let m: RegExpExecArray | null = null;
    let from = pos;
    if (mustAdvance) {
      p.nonEmpty.lastIndex = pos;
      const ne = p.nonEmpty.exec(s);
      if (ne) m = unshift(ne);
      else from = step(s, pos);
    }
    if (m === null) {
      if (from > s.length) return;
      p.re.lastIndex = from;
      m = p.re.exec(s);
      if (m === null) return;
    }
    yield m;
    const end = m.index + m[0].length;
    mustAdvance = end === m.index;
    pos = end;
  }
}

/** Drops the `$rest` group of a `nonEmpty` match. */
function unshift(m: RegExpExecArray): RegExpExecArray {
  const out = [m[0], ...m.slice(2)] as unknown as RegExpExecArray;
  const { $rest: _rest, ...groups } = m.groups ?? {};
  return Object.assign(out, { index: m.index, input: m.input, groups: m.groups ? groups : undefined });
}

type Part = string | number;

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** Parses a replacement template once (errors even when nothing matches, as Python). */
export function pyTemplate(template: string, p: Pick<Translation, 'groups' | 'names'>): (m: PyMatch) => string {
  const parts: Part[] = [];
  const fail = (msg: string): never => {
    throw new PyRegexError(`replacement '${template}': ${msg}`);
  };
  const group = (n: number): void => {
    if (n > p.groups) fail(`invalid group reference ${n}`);
    parts.push(n);
  };
  const t = [...template];
  for (let i = 0; i < t.length; i++) {
    if (t[i] !== '\\') {
      parts.push(t[i]!);
      continue;
    }
    const c = t[++i];
    if (c === undefined) fail('bad escape (end of pattern)');
    else if (c === 'g') {
      if (t[i + 1] !== '<') fail('missing <');
      const close = t.indexOf('>', i + 2);
      if (close < 0) fail('missing >, unterminated name');
      const name = t.slice(i + 2, close).join('');
      i = close;
      if (/^[0-9]+$/.test(name)) group(Number(name));
      else if (p.names.has(name)) parts.push(p.names.get(name)!);
      else if (/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) throw new PyRegexError(`replacement '${template}': unknown group name '${name}'`);
      else fail(`bad character in group name '${name}'`);
    } else if (/[0-9]/.test(c!)) {
      let digits = c!;
      if (/[0-9]/.test(t[i + 1] ?? '') && c !== '0') digits += t[++i];
      if (c === '0' || (/^[0-7]{2}$/.test(digits) && /[0-7]/.test(t[i + 1] ?? ''))) {
        while (digits.length < 3 && /[0-7]/.test(t[i + 1] ?? '')) digits += t[++i];
        const code = parseInt(digits, 8);
        if (code > 0o377) fail(`octal escape value \\${digits} outside of range 0-0o377`);
        parts.push(String.fromCodePoint(c === '0' ? code & 0xff : code));
      } else group(Number(digits));
    } else if (c! in ESCAPES) parts.push(ESCAPES[c!]!);
    else if (/[A-Za-z]/.test(c!)) fail(`bad escape \\${c}`);
    else parts.push(`\\${c}`);
  }
  return (m) => parts.map((x) => (typeof x === 'number' ? (m[x] ?? '') : x)).join('');
}

/** Python's `match.expand(template)` for one match of `p`. */
export function pyExpand(template: string, m: PyMatch, p: Pick<Translation, 'groups' | 'names'>): string {
  return pyTemplate(template, p)(m);
}

/** Python's `re.subn(pattern, template, s, count)`: the new text and the number of replacements. */
export function pySub(p: PyPattern, template: string, s: string, count = 0): { text: string; n: number } {
  const expand = pyTemplate(template, p);
  let out = '';
  let last = 0;
  let n = 0;
  for (const m of pyFinditer(p, s)) {
    if (count > 0 && n >= count) break;
    out += s.slice(last, m.index) + expand(m);
    last = m.index + m[0].length;
    n++;
  }
  return { text: out + s.slice(last), n };
}
