/**
 * Ansible's booleans (module_utils.parsing.convert_bool.boolean): the one word set for module
 * arguments, task keywords, the `bool` filter and afo's own settings, so `t` or `off` means the
 * same everywhere. Parsers with a narrower contract (openGauss's `Yes`/`No` status fields) are
 * not booleans in this sense and keep their own, named rule.
 */

const TRUE = new Set(['y', 'yes', 'on', '1', 'true', 't']);
const FALSE = new Set(['n', 'no', 'off', '0', 'false', 'f']);

/**
 * `true`/`false` for Ansible's boolean spellings (strings in any case, surrounding blanks
 * ignored; the numbers 1 and 0; booleans), `undefined` for anything else (strict callers report
 * it, lenient ones take it as false).
 */
export function parseBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim().toLowerCase();
  return TRUE.has(s) ? true : FALSE.has(s) ? false : undefined;
}

/** Ansible's `boolean(value, strict=False)`: anything that is not a true spelling is false. */
export function toBool(value: unknown): boolean {
  return parseBool(value) ?? false;
}
