/**
 * Python `re` patterns (what Ansible's lineinfile, replace, expect and regex_* filters take),
 * translated to JavaScript. Not a search-and-replace over the pattern text: a small parser reads
 * the pattern as Python's sre_parse does and emits an equivalent `v`-flag RegExp, because the
 * two dialects differ in places a textual rewrite gets wrong:
 * - `^ $ .` never use JS's `m` flag (which also breaks lines at `\r`, U+2028, U+2029): `\A`,
 *   `\Z`, `^`, `$` (which in Python also matches before a final newline) become lookarounds;
 * - `\d \w \s \b` are Unicode-aware in Python (ASCII-only under `(?a)`);
 * - `(?P<n>..)`, `(?P=n)`, `(?#..)`, `(?x)` verbose mode, leading `(?imsxa)` flags and scoped
 *   `(?s:..)`/`(?m:..)`/`(?x:..)` are understood; `{,n}`, a lone `{`, `]` or `}` are literal or
 *   counted as in Python; octal and `\x`/`\u`/`\U` escapes are converted;
 * - what Python rejects is rejected with Python's message (bad escape, nothing to repeat, ...),
 *   and what JavaScript cannot express (conditionals, atomic groups, possessive quantifiers,
 *   scoped `(?i:..)`, `\N{...}`) is a PyRegexError that says so.
 */
import { type PyFlags, type Scope, classEscape, literal, outerEscape } from './pyregex-parts.js';

export type { PyFlags } from './pyregex-parts.js';

/** A pattern Python rejects, or one JavaScript cannot express. */
export class PyRegexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PyRegexError';
  }
}

/** A translated pattern: JS source and flags, plus what `pyExpand` needs about its groups. */
export interface Translation {
  source: string;
  /** `v`, plus `i` for IGNORECASE. */
  flags: string;
  /** Number of capturing groups (Python's `pattern.groups`). */
  groups: number;
  /** Group name -> number (Python's `pattern.groupindex`). */
  names: Map<string, number>;
}

type Last = 'none' | 'anchor' | 'atom' | 'repeated' | 'lookaround';

interface Frame {
  scope: Scope;
  group?: number;
  lookaround: boolean;
  /** Where the group starts in the output. */
  at: number;
}

const FLAG_CHARS = 'aiLmsux';
const QUANTIFIER = /^\{(\d*)(?:(,)(\d*))?\}/;

/**
 * Translates a Python pattern. `groupOffset` shifts numeric backreferences (for a wrapper that
 * adds capturing groups in front).
 * @throws PyRegexError with Python's message and the position, or naming what JS cannot do.
 */
export function translatePyRegex(pattern: string, flags: PyFlags = {}, groupOffset = 0): Translation {
  const src = [...pattern]; // code points, as Python indexes a str
  const fail = (msg: string, at: number): never => {
    throw new PyRegexError(`invalid regular expression '${pattern}': ${msg} at position ${src.slice(0, at).join('').length}`);
  };
  const unsupported = (what: string): never => {
    throw new PyRegexError(`regular expression '${pattern}': ${what} cannot be expressed in JavaScript; rewrite the pattern without it`);
  };
  let scope: Scope = { i: !!flags.ignorecase, m: !!flags.multiline, s: !!flags.dotall, x: !!flags.verbose, a: !!flags.ascii };
  const stack: Frame[] = [];
  const names = new Map<string, number>();
  const open = new Set<number>();
  let groups = 0;
  let out = '';
  let last: Last = 'none';
  let lookStart = 0;
  let atStart = true; // for global flags: top level, first alternative, nothing before
  let i = 0;
  const peek = (k = 0): string => src[i + k] ?? '';
  const until = (end: string, what: string): string => {
    const from = i;
    while (i < src.length && src[i] !== end) i++;
    if (i >= src.length) fail(`missing ${end}, unterminated ${what}`, from);
    return src.slice(from, i++).join('');
  };
  const groupName = (name: string, at: number): string => {
    if (name === '') fail('missing group name', at);
    if (!/^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(name)) fail(`bad character in group name '${name}'`, at);
    return name;
  };

  while (i < src.length) {
    const at = i;
    const ch = src[i++]!;
    if (scope.x && ' \t\n\r\v\f'.includes(ch)) continue;
    if (scope.x && ch === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const wasStart: boolean = atStart;
    atStart = false;
    if (ch === '|') {
      out += '|';
      last = 'none';
    } else if (ch === '(') {
      if (peek() !== '?') {
        groups++;
        open.add(groups);
        stack.push({ scope, group: groups, lookaround: false, at: out.length });
        out += '(';
        last = 'none';
        continue;
      }
      i++;
      const kind = src[i++] ?? '';
      if (kind === 'P' && peek() === '<') {
        i++;
        const name = groupName(until('>', 'name'), i);
        if (names.has(name)) fail(`redefinition of group name '${name}' as group ${groups + 1}; was group ${names.get(name)}`, at);
        groups++;
        names.set(name, groups);
        open.add(groups);
        stack.push({ scope, group: groups, lookaround: false, at: out.length });
        out += `(?<${name}>`;
        last = 'none';
      } else if (kind === 'P' && peek() === '=') {
        i++;
        const name = groupName(until(')', 'name'), i);
        const n = names.get(name);
        if (n === undefined) fail(`unknown group name '${name}'`, at);
        if (open.has(n!)) fail('cannot refer to an open group', at);
        out += `\\k<${name}>`;
        last = 'atom';
      } else if (kind === '#') {
        until(')', 'comment');
        atStart = wasStart;
      } else if (kind === ':' || kind === '=' || kind === '!' || (kind === '<' && (peek() === '=' || peek() === '!'))) {
        if (kind === '<') i++;
        const look = kind !== ':';
        stack.push({ scope, lookaround: look, at: out.length });
        out += kind === ':' ? '(?:' : kind === '<' ? `(?<${src[i - 1]}` : `(?${kind}`;
        last = 'none';
      } else if (kind === '(') unsupported('a conditional group (?(...)...)');
      else if (kind === '>') unsupported('an atomic group (?>...)');
      else if (FLAG_CHARS.includes(kind) || kind === '-') {
        i--;
        let on = '';
        while (FLAG_CHARS.includes(peek())) on += src[i++];
        let off = '';
        if (peek() === '-') {
          i++;
          while (FLAG_CHARS.includes(peek())) off += src[i++];
          if (off === '') fail('missing flag', i);
        }
        const end = src[i++];
        if (end !== ')' && end !== ':') fail(end === undefined ? 'missing -, : or )' : 'unknown flag', i - 1);
        if (on.includes('L') || off.includes('L')) fail("bad inline flags: cannot use 'L' flag with a str pattern", i - 1);
        if (/[au]/.test(off)) fail("bad inline flags: cannot turn off flags 'a', 'u' and 'L'", i - 1);
        if (on.includes('a') && on.includes('u')) fail("bad inline flags: flags 'a', 'u' and 'L' are incompatible", i - 1);
        const next: Scope = { ...scope };
        for (const f of on) if (f in next) next[f as keyof Scope] = true;
        for (const f of off) if (f in next) next[f as keyof Scope] = false;
        if (end === ')') {
          if (off !== '') fail('missing :', i - 1);
          if (!wasStart) fail('global flags not at the start of the expression', at);
          scope = next;
          atStart = true;
          continue;
        }
        if (next.i !== scope.i) unsupported(`a scoped case flag (?${on}${off ? `-${off}` : ''}:...) (put (?i) at the start for the whole pattern)`);
        stack.push({ scope, lookaround: false, at: out.length });
        scope = next;
        out += '(?:';
        last = 'none';
      } else fail(`unknown extension ?${kind}`, at + 1);
    } else if (ch === ')') {
      const frame = stack.pop();
      if (frame === undefined) fail('unbalanced parenthesis', at);
      if (frame!.group !== undefined) open.delete(frame!.group);
      scope = frame!.scope;
      out += ')';
      last = frame!.lookaround ? 'lookaround' : 'atom';
      lookStart = frame!.at;
    } else if ('*+?{'.includes(ch)) {
      let q = ch;
      if (ch === '{') {
        const m = QUANTIFIER.exec(src.slice(at, at + 40).join(''));
        if (peek() === '}' || m === null) {
          out += literal(ch);
          last = 'atom';
          continue;
        }
        const lo = m[1] ?? '';
        const hi = m[2] === undefined ? lo : (m[3] ?? '');
        if (lo !== '' && hi !== '' && Number(hi) < Number(lo)) fail('min repeat greater than max repeat', at + 1);
        q = `{${lo || '0'},${hi}}`;
        i = at + [...m[0]].length;
      }
      if (last === 'none' || last === 'anchor') fail('nothing to repeat', at);
      if (last === 'repeated') fail('multiple repeat', at);
      // Python may repeat a lookaround; JS only in a group around it (same meaning).
      if (last === 'lookaround') out = `${out.slice(0, lookStart)}(?:${out.slice(lookStart)})`;
      if (peek() === '+') unsupported(`a possessive quantifier ${ch}+`);
      if (peek() === '?') {
        i++;
        q += '?';
      }
      out += q;
      last = 'repeated';
    } else if (ch === '[') {
      const cls = parseClass(src, i, scope, fail);
      out += cls.text;
      i = cls.end;
      last = 'atom';
    } else if (ch === '\\') {
      const e = outerEscape(src, i, scope, groups, open, groupOffset, fail, unsupported);
      out += e.text;
      i = e.end;
      last = e.anchor ? 'anchor' : 'atom';
    } else if (ch === '^') {
      out += scope.m ? '(?<![^\\n])' : '(?<![\\s\\S])';
      last = 'anchor';
    } else if (ch === '$') {
      out += scope.m ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
      last = 'anchor';
    } else if (ch === '.') {
      out += scope.s ? '[\\s\\S]' : '[^\\n]';
      last = 'atom';
    } else {
      out += literal(ch);
      last = 'atom';
    }
  }
  if (stack.length > 0) fail('missing ), unterminated subpattern', src.length);
  return { source: out, flags: scope.i ? 'iv' : 'v', groups, names };
}

/** `[...]` starting after the `[` at `i`; returns the JS class and the index after `]`. */
function parseClass(src: string[], i: number, scope: Scope, fail: (msg: string, at: number) => never): { text: string; end: number } {
  const start = i - 1;
  let text = '[';
  if (src[i] === '^') {
    text += '^';
    i++;
  }
  let first = true;
  for (;;) {
    if (i >= src.length) fail('unterminated character set', start);
    const ch = src[i]!;
    if (ch === ']' && !first) return { text: `${text}]`, end: i + 1 };
    first = false;
    const from = i;
    const lo = ch === '\\' ? classEscape(src, i + 1, scope, fail) : { text: literal(ch, true), code: ch.codePointAt(0)!, end: i + 1 };
    i = lo.end;
    if (src[i] === '-' && i + 1 < src.length && src[i + 1] !== ']') {
      const hi =
        src[i + 1] === '\\' ? classEscape(src, i + 2, scope, fail) : { text: literal(src[i + 1]!, true), code: src[i + 1]!.codePointAt(0)!, end: i + 2 };
      if (lo.code === undefined || hi.code === undefined || hi.code < lo.code) fail(`bad character range ${src.slice(from, hi.end).join('')}`, from);
      text += `${lo.text}-${hi.text}`;
      i = hi.end;
    } else text += lo.text;
  }
}
