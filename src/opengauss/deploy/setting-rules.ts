/**
 * The rule for each afo setting's value (docs/opengauss.md §2.3): what a port, a path, a user name
 * or a version may be. A value breaking a rule is refused before any connection, so nothing that
 * reaches a remote shell or the XML can carry quotes, spaces, `$()` or a newline.
 */
import { parseBool } from '../../text/bool.js';
import { isSupportedVersion } from '../packages.js';

/** A problem with a value, or undefined when it is fine. */
export type Rule = (v: unknown) => string | undefined;

const show = (v: unknown) => JSON.stringify(v) ?? String(v);

const isNull = (v: unknown) => v === null || v === undefined || v === '';

export const nullable =
  (rule: Rule): Rule =>
  (v) =>
    isNull(v) ? undefined : rule(v);

/** An integer (a digit string, as `-e k=v` gives, counts); booleans, lists and floats do not. */
export const int =
  (min: number, max: number): Rule =>
  (v) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[0-9]+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n)) return `must be an integer, got ${show(v)}`;
    return n < min || n > max ? `must be between ${min} and ${max}, got ${n}` : undefined;
  };

export const port: Rule = int(1, 65535);

export const flag: Rule = (v) =>
  typeof v === 'boolean' || (typeof v === 'string' && parseBool(v) !== undefined) ? undefined : `must be true or false, got ${show(v)}`;

/** Text from a fixed alphabet (no shell or XML metacharacters, no control characters). */
export const word =
  (re: RegExp, what: string): Rule =>
  (v) => {
    const s = typeof v === 'number' ? String(v) : v;
    if (typeof s !== 'string') return `must be ${what}, got ${show(v)}`;
    return re.test(s) ? undefined : `must be ${what}, got ${show(v)}`;
  };

/** An absolute path of letters, digits and `/._+-` only: safe in a shell, in the XML and in OM's comma lists. */
export const absPath: Rule = (v) => {
  const r = word(/^\/[A-Za-z0-9._+/-]*$/, 'an absolute path of letters, digits and / . _ + - (no spaces, quotes, $, commas)')(v);
  if (r) return r;
  return (v as string).split('/').includes('..') ? `must not contain '..', got ${show(v)}` : undefined;
};

/** useradd's rule (shadow-utils NAME_REGEX), and not root: the database runs as its own user. */
export const osUser: Rule = (v) => {
  const r = word(/^[a-z_][a-z0-9_-]{0,31}$/, 'a user name (lower-case letters, digits, _ and -, starting with a letter or _, at most 32)')(v);
  if (r) return r;
  return v === 'root' ? 'must not be root: openGauss refuses to run as root; use a dedicated user such as omm' : undefined;
};

export const osGroup: Rule = word(/^[a-z_][a-z0-9_-]{0,31}$/, 'a group name (lower-case letters, digits, _ and -, at most 32)');

export const version: Rule = (v) => {
  const s = typeof v === 'number' ? String(v) : v;
  if (typeof s === 'string' && isSupportedVersion(s)) return undefined;
  return `must be a supported openGauss version (5.0.x, 5.1.0, 6.0.x, 7.0.0-RCn), got ${show(v)}`;
};

/** A name OM puts in the XML and in directory names. */
export const name: Rule = word(/^[A-Za-z0-9_.-]{1,64}$/, 'a name of letters, digits, _ . - (at most 64)');

export const secret: Rule = (v) =>
  (typeof v === 'string' || typeof v === 'number') && !/[\u0000-\u001f\u007f]/.test(String(v)) ? undefined : 'must be text without control characters';

export const text: Rule = (v) =>
  typeof v === 'string' && !/[\u0000-\u001f\u007f]/.test(v) ? undefined : `must be text without control characters, got ${show(v)}`;

export const url: Rule = word(/^https?:\/\/[A-Za-z0-9.-]+(:[0-9]+)?(\/[A-Za-z0-9._~%/+-]*)?$/, 'an http(s) URL without spaces, quotes or $');

export const timezone: Rule = word(/^[A-Za-z][A-Za-z0-9_+/-]*$/, 'a time zone name such as Asia/Shanghai');

export const locale: Rule = word(/^[A-Za-z0-9_.@-]+$/, 'a locale such as en_US.utf8');

export const packageName: Rule = word(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, 'a package name');

export const listOf =
  (rule: Rule): Rule =>
  (v) => {
    if (!Array.isArray(v)) return `must be a list, got ${show(v)}`;
    for (const [i, item] of v.entries()) {
      const r = rule(item);
      if (r) return `item ${i + 1} ${r}`;
    }
    return undefined;
  };

/** sysctl keys and values (the kernel's own alphabet; values may hold spaces between numbers). */
export const sysctlKey: Rule = word(/^[a-z0-9_][a-z0-9_./-]*$/, 'a sysctl key such as net.ipv4.tcp_retries1');
export const sysctlValue: Rule = word(/^[A-Za-z0-9_.:, -]*$/, 'a sysctl value of letters, digits and spaces');

/** Anything: settings of the Ansible original that afo accepts and does not use (docs/opengauss.md §2.3). */
export const ignored: Rule = () => undefined;
