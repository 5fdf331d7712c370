/**
 * `key=value` lines, the format afo's fact scripts print (`echo "owner=$(stat ...)"`): one
 * reader for all of them, so every fact splits at the first `=` and skips other lines the same
 * way. Values are kept as written unless asked: a file name or a passwd line may end in blanks.
 */

/** Each `key=value` line of `text` with a non-empty key, in order; other lines are skipped. */
export function keyValueLines(text: string, opts: { trim?: boolean } = {}): [key: string, value: string][] {
  const out: [string, string][] = [];
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i <= 0) continue;
    const value = line.slice(i + 1);
    out.push([line.slice(0, i), opts.trim ? value.trim() : value]);
  }
  return out;
}

/** The last value of each key. `trim` strips blanks around values (for output of tools that pad). */
export function keyValues(text: string, opts: { trim?: boolean } = {}): Map<string, string> {
  return new Map(keyValueLines(text, opts));
}
