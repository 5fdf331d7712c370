/**
 * The pieces of the Python-regex translator below the level of groups and quantifiers: escapes
 * (outside and inside `[...]`), literals and the `\d \w \s \b` categories, which follow Python's
 * Unicode definitions (str.isdecimal, str.isalnum plus `_`, str.isspace) unless `(?a)` is on.
 */

/** Python `re` flags a caller can set (the pattern's own `(?...)` flags add to them). */
export interface PyFlags {
  ignorecase?: boolean;
  multiline?: boolean;
  dotall?: boolean;
  verbose?: boolean;
  ascii?: boolean;
}

/** The flags in effect at a point of the pattern. */
export interface Scope {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
  a: boolean;
}

type Fail = (msg: string, at: number) => never;

/** Class contents (for inside `[...]`) of `\d`, `\w`, `\s`. */
function category(c: 'd' | 'w' | 's', ascii: boolean): string {
  if (c === 'd') return ascii ? '0-9' : '\\p{Nd}';
  if (c === 'w') return ascii ? 'a-zA-Z0-9_' : '\\p{L}\\p{N}_';
  return ascii ? '\\t-\\r\\x20' : '\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
}

/** `\b` (or `\B` when `negate`) with Python's notion of a word character. */
export function wordBoundary(scope: Scope, negate: boolean): string {
  // Python's \B never matches in an empty string (\b cannot either).
  if (scope.a) return negate ? '(?:\\B(?<=[\\s\\S])|\\B(?=[\\s\\S]))' : '\\b';
  const w = `[${category('w', false)}]`;
  return negate ? `(?:(?<=${w})(?=${w})|(?<!${w})(?!${w})(?:(?<=[\\s\\S])|(?=[\\s\\S])))` : `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
}

const SYNTAX = '^$\\.*+?()[]{}|/';

/** One literal code point for the JS source (inside a class when `inClass`). */
export function literal(ch: string, inClass = false): string {
  if (/^[A-Za-z0-9]$/.test(ch)) return ch;
  if (inClass) return `\\u{${ch.codePointAt(0)!.toString(16)}}`; // always valid in a v-mode class
  return SYNTAX.includes(ch) ? `\\${ch}` : ch;
}

const SIMPLE: Record<string, string> = { a: '\x07', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** `\x..`, `\u....`, `\U........` at `i` (just after the letter); `undefined` when not one. */
function hexEscape(src: string[], i: number, letter: string, fail: Fail): { code: number; end: number } | undefined {
  const n = letter === 'x' ? 2 : letter === 'u' ? 4 : letter === 'U' ? 8 : 0;
  if (n === 0) return undefined;
  const digits = src.slice(i, i + n).join('');
  if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) fail(`incomplete escape \\${letter}${digits.replace(/[^0-9a-fA-F].*$/, '')}`, i - 2);
  const code = parseInt(digits, 16);
  if (code > 0x10ffff) fail(`bad escape \\${letter}${digits}`, i - 2);
  return { code, end: i + n };
}

const OCT = /[0-7]/;

/** An escape inside `[...]`, `i` just after the backslash. `code` is set for a single character. */
export function classEscape(src: string[], i: number, scope: Scope, fail: Fail): { text: string; code?: number; end: number } {
  const c = src[i];
  if (c === undefined) fail('bad escape (end of pattern)', i - 1);
  const char = (code: number, end: number) => ({ text: literal(String.fromCodePoint(code), true), code, end });
  if (c === 'd' || c === 'w' || c === 's') return { text: category(c, scope.a), end: i + 1 };
  if (c === 'D' || c === 'W' || c === 'S') return { text: `[^${category(c.toLowerCase() as 'd', scope.a)}]`, end: i + 1 };
  if (c === 'b') return char(8, i + 1);
  if (c! in SIMPLE) return char(SIMPLE[c!]!.codePointAt(0)!, i + 1);
  const hex = hexEscape(src, i + 1, c!, fail);
  if (hex) return char(hex.code, hex.end);
  if (c === 'N') return unsupportedNamed(fail, i);
  if (OCT.test(c!)) {
    let j = i + 1;
    while (j < i + 3 && OCT.test(src[j] ?? '')) j++;
    const code = parseInt(src.slice(i, j).join(''), 8);
    if (code > 0o377) fail(`octal escape value \\${src.slice(i, j).join('')} outside of range 0-0o377`, i - 1);
    return char(code, j);
  }
  if (/[A-Za-z0-9]/.test(c!)) fail(`bad escape \\${c}`, i - 1);
  return char(c!.codePointAt(0)!, i + 1);
}

function unsupportedNamed(fail: Fail, i: number): never {
  return fail('\\N{...} (a character by name) is not supported; write the character itself', i - 1);
}

/**
 * An escape outside `[...]`, `i` just after the backslash: categories, anchors, characters,
 * octal escapes and numeric backreferences (which must name a closed, earlier group).
 */
export function outerEscape(
  src: string[],
  i: number,
  scope: Scope,
  groups: number,
  open: Set<number>,
  groupOffset: number,
  fail: Fail,
  unsupported: (what: string) => never,
): { text: string; end: number; anchor?: boolean } {
  const c = src[i];
  if (c === undefined) fail('bad escape (end of pattern)', i - 1);
  if (c === 'A') return { text: '(?<![\\s\\S])', end: i + 1, anchor: true };
  if (c === 'Z') return { text: '(?![\\s\\S])', end: i + 1, anchor: true };
  if (c === 'b' || c === 'B') return { text: wordBoundary(scope, c === 'B'), end: i + 1, anchor: true };
  if (c === 'N') unsupported('\\N{...} (a character by name)');
  if (c === '0') {
    let j = i + 1;
    while (j < i + 3 && OCT.test(src[j] ?? '')) j++;
    return { text: literal(String.fromCodePoint(parseInt(src.slice(i, j).join(''), 8))), end: j };
  }
  if (/[1-9]/.test(c!)) {
    let j = i + 1;
    if (/[0-9]/.test(src[j] ?? '')) {
      j++;
      if (OCT.test(c!) && OCT.test(src[i + 1]!) && OCT.test(src[j] ?? '')) {
        const code = parseInt(src.slice(i, j + 1).join(''), 8);
        if (code > 0o377) fail(`octal escape value \\${src.slice(i, j + 1).join('')} outside of range 0-0o377`, i - 1);
        return { text: literal(String.fromCodePoint(code)), end: j + 1 };
      }
    }
    const n = Number(src.slice(i, j).join(''));
    if (n > groups) fail(`invalid group reference ${n}`, i);
    if (open.has(n)) fail('cannot refer to an open group', i - 1);
    return { text: `(?:\\${n + groupOffset})`, end: j };
  }
  const cls = classEscape(src, i, scope, fail);
  return { text: cls.code === undefined ? `[${cls.text}]` : literal(String.fromCodePoint(cls.code)), end: cls.end };
}
