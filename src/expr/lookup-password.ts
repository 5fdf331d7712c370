/**
 * `lookup('password', 'PATH [length=N] [chars=a,b]')` with ansible-core's semantics (docs/opengauss.md
 * §2.3, [A]): the file's content (right-stripped, the part before a ` salt=`) when it exists; else a
 * new password of `length` (20) characters drawn from `chars` (names of Python's `string`
 * constants or literal characters; `,,` is a literal comma; quotes are dropped), written to the
 * file with a newline, mode 0600, in a directory made 0700. Parameters may also be keyword
 * arguments (`chars=['ascii_letters', 'digits']`). A relative path is taken from `playbook_dir`
 * when set, else from the current directory (ansible's ad-hoc rule). `encrypt`, `ident` and
 * `seed` are refused with a clear error.
 *
 * One difference in the draw (docs/opengauss.md §2.3): a new password holds at least one
 * character of every class its `chars` offer (upper-case, lower-case, digits, others) when it is
 * long enough to. Ansible draws each character independently, so the Ansible original's 8-letter
 * CA password (letters and digits) lacked a class about one time in eight and cm_install refused
 * it. afo redraws such a draw instead; every password it keeps is one Ansible could have drawn.
 */
import { randomInt } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ExprError } from './errors.js';
import { pyStr } from './values.js';

const LETTERS_LOWER = 'abcdefghijklmnopqrstuvwxyz';
const LETTERS_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const WHITESPACE = ' \t\n\r\x0b\x0c';
/** Python's `string` module constants, by name. */
const STRING_CONSTANTS: Readonly<Record<string, string>> = {
  ascii_letters: LETTERS_LOWER + LETTERS_UPPER,
  ascii_lowercase: LETTERS_LOWER,
  ascii_uppercase: LETTERS_UPPER,
  digits: DIGITS,
  hexdigits: `${DIGITS}abcdefABCDEF`,
  octdigits: '01234567',
  punctuation: PUNCTUATION,
  whitespace: WHITESPACE,
  printable: DIGITS + LETTERS_LOWER + LETTERS_UPPER + PUNCTUATION + WHITESPACE,
};
const DEFAULT_CHARS = ['ascii_letters', 'digits', '.,:-_'];
const VALID = new Set(['length', 'encrypt', 'chars', 'ident', 'seed']);

export interface PasswordParams {
  path: string;
  length: number;
  /** The candidate characters (duplicates kept: they weigh the draw, as in Python). */
  chars: string;
}

function charsList(v: unknown): string[] {
  if (typeof v === 'string') {
    const out = v.includes(',,') ? [','] : [];
    out.push(
      ...v
        .replace(/,,/g, ',')
        .split(',')
        .filter((c) => c !== ''),
    );
    return out;
  }
  if (Array.isArray(v)) return v.map((c) => pyStr(c));
  throw new ExprError(`lookup('password'): chars must be a string or a list, got ${pyStr(v)}`);
}

/** Ansible's parse_kv for the simple `k=v k2=v2` words this lookup takes. */
function parseTerm(term: string): { path: string; params: Map<string, string> } {
  const words = term.trim().split(/ +/);
  const params = new Map<string, string>();
  const path: string[] = [words[0] ?? ''];
  for (const w of words.slice(1)) {
    const i = w.indexOf('=');
    if (i > 0) params.set(w.slice(0, i), w.slice(i + 1).replace(/^(['"])(.*)\1$/, '$2'));
    else if (params.size === 0) path.push(w);
    else throw new ExprError("lookup('password'): unrecognized value after key=value parameters");
  }
  return { path: path.join(' '), params };
}

export function passwordParams(term: unknown, kw: ReadonlyMap<string, unknown>, baseDir: string): PasswordParams {
  if (typeof term !== 'string' || term.trim() === '') throw new ExprError("lookup('password') needs a file path");
  const { path, params } = parseTerm(term);
  const all = new Map<string, unknown>([...kw, ...params]);
  all.delete('wantlist');
  const bad = [...all.keys()].filter((k) => !VALID.has(k));
  if (bad.length > 0) throw new ExprError(`Unrecognized parameter(s) given to password lookup: ${bad.join(', ')}`);
  for (const k of ['encrypt', 'ident', 'seed']) {
    if (all.get(k) !== undefined && all.get(k) !== null) {
      throw new ExprError(`lookup('password'): ${k}= is not supported by afo; hash with the password_hash filter instead`);
    }
  }
  const rawLength = all.get('length') ?? 20;
  const length = typeof rawLength === 'number' ? rawLength : Number(pyStr(rawLength));
  if (!Number.isInteger(length) || length < 1 || length > 4096)
    throw new ExprError(`lookup('password'): length must be a positive integer, got ${pyStr(rawLength)}`);
  const chars = charsList(all.get('chars') ?? DEFAULT_CHARS)
    .map((c) => STRING_CONSTANTS[c] ?? c)
    .join('')
    .replace(/["']/g, '');
  if (chars === '') throw new ExprError("lookup('password'): chars gives no characters");
  return { path: isAbsolute(path) ? path : resolve(baseDir, path), length, chars };
}

/** The stored password (before ` salt=`), or undefined when the file does not exist. */
export function readPasswordFile(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ExprError(`lookup('password'): cannot read ${path}: ${code ?? (e as Error).message}`);
  }
  const content = text.replace(/\s+$/, '');
  const salt = content.lastIndexOf(' salt=');
  return salt >= 0 ? content.slice(0, salt) : content;
}

const CLASSES: readonly ((c: string) => boolean)[] = [
  (c) => LETTERS_UPPER.includes(c),
  (c) => LETTERS_LOWER.includes(c),
  (c) => DIGITS.includes(c),
  (c) => !(LETTERS_UPPER + LETTERS_LOWER + DIGITS).includes(c),
];

/** `length` characters drawn from `chars`, holding every class `chars` offers when `length` allows. */
export function drawPassword(length: number, chars: string): string {
  const pool = [...chars];
  const offered = CLASSES.filter((inClass) => pool.some(inClass));
  const needed = length >= offered.length ? offered : [];
  for (;;) {
    const drawn = Array.from({ length }, () => pool[randomInt(pool.length)]!);
    if (needed.every((inClass) => drawn.some(inClass))) return drawn.join('');
  }
}

/** Reads the password file, or creates it (0600, directory 0700) with a new random password. */
export function passwordLookup(p: PasswordParams): string {
  const stored = readPasswordFile(p.path);
  if (stored !== undefined) return stored;
  const password = drawPassword(p.length, p.chars);
  try {
    mkdirSync(dirname(p.path), { recursive: true, mode: 0o700 });
    writeFileSync(p.path, `${password}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(p.path, 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return readPasswordFile(p.path) ?? password; // written meanwhile by another run
    throw new ExprError(`lookup('password'): cannot write ${p.path}: ${code ?? (e as Error).message}`);
  }
  return password;
}
