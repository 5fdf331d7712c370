/**
 * Ansible's lineinfile/replace/expect take Python regular expressions. The common subset is the
 * same in JavaScript; this translates the differences people actually write: named groups
 * `(?P<name>...)` / `(?P=name)`, `\A` / `\Z`, and replacement templates `\1`, `\g<1>`, `\g<name>`.
 */

/** Compile a Python-syntax pattern. Throws an Error naming the pattern when it is invalid. */
export function pyRegex(pattern: string, flags = ''): RegExp {
  if (/\(\?[aiLmsux]+\)/.test(pattern)) {
    throw new Error(`inline flags like (?i) in '${pattern}' are not supported; spell the cases out, e.g. [Pp]assword`);
  }
  const src = pattern
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  try {
    return new RegExp(src, flags);
  } catch (e) {
    throw new Error(`invalid regular expression '${pattern}': ${(e as Error).message}`);
  }
}

/**
 * Expand a Python replacement template against a match: `\1`..`\99`, `\g<n>`, `\g<name>`, and
 * `\\`, `\n`, `\t`. Unmatched groups expand to ''.
 */
export function pyExpand(template: string, m: RegExpExecArray | RegExpMatchArray): string {
  return template.replace(/\\(?:g<(\w+)>|(\d{1,2})|(.))/gs, (all, g: string | undefined, d: string | undefined, c: string | undefined) => {
    if (g !== undefined) return /^\d+$/.test(g) ? (m[Number(g)] ?? '') : (m.groups?.[g] ?? '');
    if (d !== undefined) return m[Number(d)] ?? '';
    if (c === 'n') return '\n';
    if (c === 't') return '\t';
    if (c === '\\') return '\\';
    return all;
  });
}
