/**
 * Shell quoting for the POSIX sh commands modules emit. Every value that comes from a task's
 * arguments or a fact goes through `shQuote` before it lands in a command string.
 */

const SAFE = /^[A-Za-z0-9_\-.,:/@%+=]+$/;

/** Quote one word for POSIX sh. Plain words stay readable; anything else is single-quoted. */
export function shQuote(word: string): string {
  if (SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
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

/**
 * Split a command line the way Python's `shlex.split` does (Ansible's `command` module): words
 * separated by blanks, single quotes literal, double quotes with `\` escapes for `"`, `\`, `$`,
 * `` ` `` and newline, a bare `\` escaping the next character. Throws on an unclosed quote.
 */
export function shlexSplit(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      i++;
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed single quote in: ${line}`);
      cur += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      i++;
      inWord = true;
      for (;;) {
        if (i >= line.length) throw new Error(`unclosed double quote in: ${line}`);
        const c = line[i]!;
        if (c === '"') break;
        if (c === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1]!)) {
          cur += line[i + 1];
          i += 2;
        } else {
          cur += c;
          i++;
        }
      }
      i++;
    } else if (ch === '\\') {
      if (i + 1 < line.length) cur += line[i + 1];
      inWord = true;
      i += 2;
    } else {
      cur += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(cur);
  return words;
}
