/**
 * OpenSSH patterns (ssh_config(5) PATTERNS), shared by known_hosts host fields and ssh_config
 * `Host` / `Match host` lines: `*` any run, `?` exactly one character, `!` negates. In a list a
 * negated match rejects the whole list, whatever else matches.
 */

/** One pattern (no `!`, no comma) against a name, as OpenSSH's match_pattern. */
export function patternMatches(pattern: string, name: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === name;
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 's').test(name);
}

/** A pattern list (words or a comma list): some positive pattern matches and no negated one does. */
export function patternListMatches(patterns: readonly string[], name: string, lowerCase = true): boolean {
  const n = lowerCase ? name.toLowerCase() : name;
  let matched = false;
  for (const raw of patterns.flatMap((p) => p.split(','))) {
    if (raw === '') continue;
    const negated = raw.startsWith('!');
    const p = (negated ? raw.slice(1) : raw).trim();
    if (patternMatches(lowerCase ? p.toLowerCase() : p, n)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}
