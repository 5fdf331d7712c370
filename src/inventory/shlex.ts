/**
 * Python's `shlex.split(line, comments=True)` (POSIX mode), which Ansible's INI plugin uses to
 * cut a host line into the host pattern and `key=value` tokens. Ported state by state so that
 * quoting and comments behave exactly as in Ansible:
 * - `'...'` keeps everything literally; `"..."` lets `\` escape only `"` and `\`;
 * - outside quotes `\` escapes the next character;
 * - `#` starts a comment at the start of a token *and inside a word* (`a=b#c` gives `a=b`),
 *   but not inside quotes; `;` is ordinary data.
 */

export class ShlexError extends Error {}

const WHITESPACE = ' \t\r\n';

type State = ' ' | 'a' | "'" | '"' | '\\' | 'eof';

export function shlexSplit(line: string): string[] {
  const tokens: string[] = [];
  let token = '';
  let quoted = false;
  let state = ' ' as State;
  let escapedState = 'a' as State;

  const emit = (): void => {
    if (token !== '' || quoted) tokens.push(token);
    token = '';
    quoted = false;
  };

  for (let i = 0; i <= line.length && state !== 'eof'; i++) {
    const ch = i < line.length ? line[i]! : '';
    switch (state) {
      case ' ':
        if (ch === '') state = 'eof';
        else if (WHITESPACE.includes(ch)) continue;
        else if (ch === '#') state = 'eof'; // comment runs to the end of the (single) line
        else if (ch === '\\') {
          escapedState = 'a';
          state = '\\';
        } else if (ch === "'" || ch === '"') state = ch;
        else {
          token = ch;
          state = 'a';
        }
        break;
      case "'":
      case '"':
        quoted = true;
        if (ch === '') throw new ShlexError('No closing quotation');
        if (ch === state) state = 'a';
        else if (ch === '\\' && state === '"') {
          escapedState = state;
          state = '\\';
        } else token += ch;
        break;
      case '\\':
        if (ch === '') throw new ShlexError('No escaped character');
        // Inside double quotes only the quote itself and the backslash can be escaped.
        if (escapedState === '"' && ch !== '\\' && ch !== escapedState) token += '\\';
        token += ch;
        state = escapedState;
        break;
      case 'a':
        if (ch === '') {
          emit();
          state = 'eof';
        } else if (WHITESPACE.includes(ch)) {
          emit();
          state = ' ';
        } else if (ch === '#') {
          emit();
          state = 'eof';
        } else if (ch === "'" || ch === '"') state = ch;
        else if (ch === '\\') {
          escapedState = 'a';
          state = '\\';
        } else token += ch;
        break;
      default:
        break;
    }
  }
  return tokens;
}
