/**
 * POSIX shell quoting. Every command afo builds from data (paths, users, inner commands) goes
 * through `shQuote`, so a value can never break out of its word.
 */

/** Characters that never need quoting in a POSIX shell word. */
const SAFE = /^[A-Za-z0-9_@%+:,./-]+$/;

/** Quote one word for `sh`: safe words stay as they are, everything else goes in single quotes. */
export function shQuote(word: string): string {
  if (word !== '' && SAFE.test(word)) return word;
  // Inside single quotes nothing is special except the quote itself: close, escape, reopen.
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Quote each word and join them with spaces: `shJoin(['ls', '-l', 'a b'])` → `ls -l 'a b'`. */
export function shJoin(words: readonly string[]): string {
  return words.map(shQuote).join(' ');
}

/** A valid environment variable name (what `export NAME=...` accepts). */
export function isEnvName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}
