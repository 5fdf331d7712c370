/** Python `re` patterns and replacement templates, translated to JavaScript RegExp. */
import { ExprError } from './errors.js';

const cache = new Map<string, RegExp>();

/**
 * Compiles a Python regex. Translates `(?P<n>..)`, `(?P=n)`, leading inline flags `(?i)`/`(?m)`/`(?s)`,
 * `\A` and `\Z`; the rest of Python's syntax that Ansible roles use is the same in JS.
 */
export function pyRegex(pattern: string, opts: { ignorecase?: boolean; multiline?: boolean; global?: boolean; sticky?: boolean } = {}): RegExp {
  let flags = 'u';
  let src = pattern;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(src);
  if (inline) {
    src = src.slice(inline[0].length);
    for (const f of inline[1] ?? '') if ('ims'.includes(f) && !flags.includes(f)) flags += f;
  }
  if (opts.ignorecase && !flags.includes('i')) flags += 'i';
  if (opts.multiline && !flags.includes('m')) flags += 'm';
  if (opts.global) flags += 'g';
  if (opts.sticky) flags += 'y';
  const key = flags + '\0' + src;
  const hit = cache.get(key);
  if (hit) {
    hit.lastIndex = 0;
    return hit;
  }
  src = src
    .replace(/\(\?P<(\w+)>/g, '(?<$1>')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '(?<![\\s\\S])')
    .replace(/\\Z/g, '(?![\\s\\S])');
  let re: RegExp;
  try {
    re = new RegExp(src, flags);
  } catch {
    try {
      re = new RegExp(src, flags.replace('u', '')); // Python accepts escapes like `\-` that unicode mode rejects
    } catch (err) {
      throw new ExprError(`invalid regular expression '${pattern}': ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`);
    }
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, re);
  return re;
}

/** Expands a Python replacement template (`\1`, `\g<1>`, `\g<name>`, `\n`) for one match. */
export function expandTemplate(template: string, m: RegExpExecArray | RegExpMatchArray): string {
  return template.replace(/\\(?:g<(\w+)>|(\d{1,2})|([ntr\\]))/g, (_all, g: string | undefined, num: string | undefined, esc: string | undefined) => {
    if (esc) return esc === 'n' ? '\n' : esc === 't' ? '\t' : esc === 'r' ? '\r' : '\\';
    const ref = g ?? num ?? '0';
    const v = /^\d+$/.test(ref) ? m[Number(ref)] : m.groups?.[ref];
    if (v === undefined && (/^\d+$/.test(ref) ? Number(ref) >= m.length : !m.groups || !(ref in m.groups))) {
      throw new ExprError(`invalid group reference '${ref}' in replacement`);
    }
    return v ?? '';
  });
}
