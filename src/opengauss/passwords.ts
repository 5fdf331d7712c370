/**
 * openGauss password rules and generation (docs/opengauss.md §5.2, §5.9, §7.4). AFO's generated
 * passwords could miss a character class, so gs_install or cm_install rejected them; these
 * generators guarantee every class, and use only characters that need no quoting in a PTY
 * answer or an unquoted shell here-doc.
 */
import { randomInt } from 'node:crypto';

/** Special characters gs_install accepts in the DB initial user's password. */
export const DB_SPECIALS = '~!@#$%^&*()-_=+\\|[{}];:,/?';
/** Special characters cm_install accepts in the CA certificate password. */
export const CA_SPECIALS = '~!@#$%^&*()-_=+\\|[{}];:,<.>/?';
/**
 * Specials used in generated passwords: in both sets above, and without `'`, `"`, `\`, `$`,
 * backtick, space, or glob/history/comment characters, so a generated password survives a
 * PTY answer, an unquoted here-doc and a YAML file unchanged.
 */
export const GENERATED_SPECIALS = '@%-_=+:,';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
/** Characters that change meaning in a shell word or an unquoted here-doc. */
const SHELL_UNSAFE = `'"\\$\` \t\n!#&*()|;<>?[]{}~`;

function pick(set: string): string {
  return set[randomInt(set.length)]!;
}

/** Fisher–Yates with crypto randomness. */
function shuffle(chars: string[]): string[] {
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars;
}

/** One character of each class, the rest from all classes, shuffled, starting with a letter (a leading `-` reads as an option). */
function generate(length: number): string {
  const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(GENERATED_SPECIALS)];
  const all = UPPER + LOWER + DIGITS + GENERATED_SPECIALS;
  while (chars.length < length) chars.push(pick(all));
  const out = shuffle(chars);
  const letter = out.findIndex((c) => UPPER.includes(c) || LOWER.includes(c));
  [out[0], out[letter]] = [out[letter]!, out[0]!];
  return out.join('');
}

function containsUser(password: string, user: string): boolean {
  if (user === '') return false;
  const p = password.toLowerCase();
  const u = user.toLowerCase();
  return p.includes(u) || p.includes([...u].reverse().join(''));
}

function checkLength(what: string, length: number, min: number, max: number): void {
  if (!Number.isInteger(length) || length < min || length > max) throw new RangeError(`${what} length must be ${min}..${max}, got ${length}`);
}

/** Character classes of `password` among upper, lower, digit and `specials`. */
function classes(password: string, specials: string): string[] {
  const found: string[] = [];
  if ([...password].some((c) => UPPER.includes(c))) found.push('upper-case');
  if ([...password].some((c) => LOWER.includes(c))) found.push('lower-case');
  if ([...password].some((c) => DIGITS.includes(c))) found.push('digits');
  if ([...password].some((c) => specials.includes(c))) found.push('special characters');
  return found;
}

function classRule(password: string, specials: string, min: number, max: number): string | undefined {
  const len = [...password].length;
  if (len < min || len > max) return `must be ${min} to ${max} characters long (has ${len})`;
  const other = [...password].find((c) => !(UPPER + LOWER + DIGITS + specials).includes(c));
  if (other !== undefined) return `contains ${JSON.stringify(other)}; use only letters, digits and ${specials}`;
  const found = classes(password, specials);
  if (found.length < 3) {
    return `needs at least 3 of upper-case, lower-case, digits and special characters (${specials}); has ${found.join(', ') || 'none'}`;
  }
  return undefined;
}

/**
 * Why gs_install would reject `password` for the DB initial user `userName`, or undefined:
 * 8–16 characters, not the user name or its reverse, at least 3 classes.
 */
export function validateDbPassword(password: string, userName: string): string | undefined {
  const lower = password.toLowerCase();
  const user = userName.toLowerCase();
  if (user !== '' && (lower === user || lower === [...user].reverse().join(''))) {
    return `must not be the user name '${userName}' or its reverse`;
  }
  return classRule(password, DB_SPECIALS, 8, 16);
}

/** Why cm_install would reject `password` for the CA certificate, or undefined: 8–15 characters, at least 3 classes. */
export function validateCaPassword(password: string): string | undefined {
  return classRule(password, CA_SPECIALS, 8, 15);
}

/**
 * Why `password` is unfit for the OS user, or undefined. OM sets no rule; afo wants 8+
 * characters and no control characters (a newline would end a PTY answer or chpasswd line).
 */
export function validateOsPassword(password: string): string | undefined {
  if ([...password].length < 8) return `must be at least 8 characters long (has ${[...password].length})`;
  if (/[\u0000-\u001f\u007f]/.test(password)) return 'must not contain control characters (newline, tab, …)';
  return undefined;
}

/** A DB initial-user password meeting gs_install's rules (default 16 characters, the maximum). */
export function generateDbPassword(userName: string, length = 16): string {
  checkLength('DB password', length, 8, 16);
  for (;;) {
    const pw = generate(length);
    if (!containsUser(pw, userName) && validateDbPassword(pw, userName) === undefined) return pw;
  }
}

/** A password for the OS user (default 16 characters, all four classes, never containing the user name). */
export function generateOsPassword(userName: string, length = 16): string {
  checkLength('OS password', length, 8, 64);
  for (;;) {
    const pw = generate(length);
    if (!containsUser(pw, userName)) return pw;
  }
}

/** A CA certificate password meeting cm_install's rules (default 15 characters, the maximum). */
export function generateCaPassword(length = 15): string {
  checkLength('CA password', length, 8, 15);
  return generate(length);
}

/**
 * Characters of `password` that need quoting in a shell word or here-doc (empty for generated
 * passwords). User-given passwords may contain them; callers must then quote or use a PTY prompt.
 */
export function shellUnsafeCharacters(password: string): string[] {
  return [...new Set([...password].filter((c) => SHELL_UNSAFE.includes(c)))];
}
