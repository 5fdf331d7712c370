/**
 * Shell words, both ways. `shlexSplit` is Python's `shlex.split` (POSIX mode), ported state by
 * state, because Ansible cuts INI host lines (`comments=True`) and `command:`/`expect:` command
 * lines (`comments=False`) with it and afo must cut them identically:
 * - `'...'` keeps everything literally; inside `"..."` a `\` escapes only `"` and `\` (so
 *   `"a\$b"` stays `a\$b`, unlike sh); outside quotes `\` escapes any next character;
 * - only space, tab, CR and LF separate words; with comments, `#` outside quotes starts a comment
 *   at a word start *and inside a word* (`a=b#c` gives `a=b`) that runs to the end of the line.
 * `shQuote`/`shJoin`/`globQuote` go the other way, for the sh commands modules generate.
 */

/** Python's `ValueError` from shlex: an unclosed quote or a trailing backslash. */
export class ShlexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShlexError';
  }
}

export interface ShlexOptions {
  /** `#` starts a comment (Python's `comments=True`). Default false, as `shlex.split`. */
  comments?: boolean;
}

const WHITESPACE = ' \t\r\n';

/** The lexer's states; a quote character means "inside that quote". */
type State = ' ' | 'a' | "'" | '"' | '\\';

/**
 * Splits `line` into words exactly as Python's `shlex.split(line, comments=...)` does.
 * @throws ShlexError `No closing quotation` / `No escaped character` (Python's messages).
 */
export function shlexSplit(line: string, opts: ShlexOptions = {}): string[] {
  const words: string[] = [];
  let word = '';
  let quoted = false; // an empty quoted word ('' or "") is still a word
  let state: State = ' ';
  let escaped = 'a' as State; // where a backslash escape returns to
  const emit = (): void => {
    if (word !== '' || quoted) words.push(word);
    word = '';
    quoted = false;
  };
  const skipComment = (i: number): number => {
    const nl = line.indexOf('\n', i);
    return nl < 0 ? line.length : nl; // Python's readline(): the newline itself is consumed too
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (state === ' ' || state === 'a') {
      if (WHITESPACE.includes(ch)) {
        if (state === 'a') emit();
        state = ' ';
      } else if (opts.comments && ch === '#') {
        i = skipComment(i);
        if (state === 'a') emit();
        state = ' ';
      } else if (ch === '\\') {
        escaped = 'a';
        state = '\\';
      } else if (ch === "'" || ch === '"') state = ch;
      else {
        word += ch;
        state = 'a';
      }
    } else if (state === "'" || state === '"') {
      quoted = true;
      if (ch === state) state = 'a';
      else if (ch === '\\' && state === '"') {
        escaped = state;
        state = '\\';
      } else word += ch;
    } else {
      // Inside double quotes only the quote itself and the backslash can be escaped.
      if (escaped === '"' && ch !== '\\' && ch !== '"') word += '\\';
      word += ch;
      state = escaped;
    }
  }
  if (state === "'" || state === '"') throw new ShlexError('No closing quotation');
  if (state === '\\') throw new ShlexError('No escaped character');
  if (state === 'a') emit();
  return words;
}

/** Python's `shlex._find_unsafe`: anything outside `[\w@%+=:,./-]` (ASCII) needs quotes. */
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quote one word for POSIX sh: Python's `shlex.quote`, character for character, which is also
 * Ansible's `quote` filter (src/expr/filters/convert.ts). afo's one quoting function: every value
 * that reaches a remote shell, from a module or from the role's `| quote`, goes through it. Plain
 * words stay readable; anything else is single-quoted, a `'` inside becoming `'"'"'`.
 */
export function shQuote(word: string): string {
  if (word === '') return "''";
  if (SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'"'"'`)}'`;
}

/** Quote each word and join them with spaces: an argv as one sh command line. */
export function shJoin(words: readonly string[]): string {
  return words.map(shQuote).join(' ');
}

/**
 * Quote a glob pattern so that only `*`, `?` and `[...]` stay special (for `creates:`/`removes:`
 * patterns, which Ansible expands). Each other character is backslash-escaped; a newline, which a
 * backslash cannot escape, is single-quoted.
 */
export function globQuote(pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    if ('*?[]'.includes(ch) || /[A-Za-z0-9_]/.test(ch)) out += ch;
    else if (ch === '\n') out += "'\n'";
    else out += `\\${ch}`;
  }
  return out;
}
