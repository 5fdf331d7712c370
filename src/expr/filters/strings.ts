/** String filters: case, trim, replace, the regex family, split, paths, quoting. */
import { ExprError } from '../errors.js';
import { pySplit } from '../methods.js';
import { PyRegexError, type PyFlags } from '../../text/pyregex.js';
import { pyCompile, pyFinditer, pySub, type PyPattern } from '../../text/pyregex-match.js';
import type { FilterFn } from '../registry.js';
import { arg, boolArg, numArg, strArg, wrongInput } from '../registry.js';
import type { Args } from '../values.js';
import { defined, pyStr } from '../values.js';

function str(name: string, v: unknown): string {
  return typeof v === 'string' ? v : wrongInput(name, 'a string', v);
}

function reOpts(a: Args, first: number): { ignorecase: boolean; multiline: boolean } {
  return { ignorecase: boolArg(a, first, 'ignorecase'), multiline: boolArg(a, first + 1, 'multiline') };
}

/** Runs `f` with Python-regex errors turned into expression errors (they name the pattern). */
export function withRegex<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof PyRegexError) throw new ExprError(e.message);
    throw e;
  }
}

/** A compiled Python pattern for the regex filters and tests. */
export function exprPattern(pattern: string, flags: PyFlags): PyPattern {
  return withRegex(() => pyCompile(pattern, flags));
}

function regexReplace(v: unknown, a: Args): string {
  const s = pyStr(v);
  const p = exprPattern(strArg(a, 0, 'pattern'), reOpts(a, 2));
  const tmpl = strArg(a, 1, 'replacement', '');
  const count = numArg(a, 4, 'count', 0);
  const mandatory = numArg(a, 5, 'mandatory_count', 0);
  const { text, n } = withRegex(() => pySub(p, tmpl, s, count));
  if (mandatory > 0 && n !== mandatory) throw new ExprError(`regex_replace: expected ${mandatory} replacement(s), made ${n}`);
  return text;
}

function regexSearch(v: unknown, a: Args): unknown {
  const s = str('regex_search', v);
  const p = exprPattern(strArg(a, 0, 'pattern'), { ignorecase: a.kw.get('ignorecase') === true, multiline: a.kw.get('multiline') === true });
  const m = pyFinditer(p, s).next().value;
  if (!m) return null;
  const refs = a.pos.slice(1);
  if (refs.length === 0) return m[0];
  return refs.map((r) => {
    const ref = pyStr(r);
    const g = /^\\g<(\w+)>$/.exec(ref);
    const d = /^\\(\d+)$/.exec(ref);
    if (g?.[1] !== undefined) return /^\d+$/.test(g[1]) ? (m[Number(g[1])] ?? null) : (m.groups?.[g[1]] ?? null);
    if (d?.[1] !== undefined) return m[Number(d[1])] ?? null;
    throw new ExprError(`regex_search: unknown argument '${ref}' (use '\\\\1' or '\\\\g<name>')`);
  });
}

function regexFindall(v: unknown, a: Args): unknown[] {
  const s = str('regex_findall', v);
  const p = exprPattern(strArg(a, 0, 'pattern'), reOpts(a, 1));
  const out: unknown[] = [];
  for (const m of pyFinditer(p, s)) {
    if (m.length === 1) out.push(m[0]);
    else if (m.length === 2) out.push(m[1] ?? '');
    else out.push(m.slice(1).map((x) => x ?? ''));
  }
  return out;
}

/** os.path.basename / dirname (POSIX): 'a/b/' has basename ''. */
function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
function dirname(p: string): string {
  const i = p.lastIndexOf('/') + 1;
  const head = p.slice(0, i);
  return head && head !== '/'.repeat(head.length) ? head.replace(/\/+$/, '') : head;
}

/** os.path.join: an absolute part restarts the path. */
function pathJoin(parts: unknown[]): string {
  let out = '';
  for (const p of parts.map((x) => pyStr(x))) {
    if (p.startsWith('/')) out = p;
    else if (out === '' || out.endsWith('/')) out += p;
    else out += '/' + p;
  }
  return out;
}

export const STRING_FILTERS: [string, FilterFn][] = [
  ['lower', (v) => pyStr(v).toLowerCase()],
  ['upper', (v) => pyStr(v).toUpperCase()],
  [
    'capitalize',
    (v) => {
      const s = pyStr(v);
      return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
    },
  ],
  [
    'title',
    (v) =>
      pyStr(v)
        .toLowerCase()
        .replace(/(^|[^a-zA-Z])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase()),
  ],
  [
    'trim',
    (v, a) => {
      const s = pyStr(v);
      const chars = arg(a, 0, 'chars');
      if (chars === undefined || chars === null) return s.trim();
      const set = `[${String(chars).replace(/[\]\\^-]/g, '\\$&')}]+`;
      return s.replace(new RegExp(`^${set}|${set}$`, 'g'), '');
    },
  ],
  [
    'replace',
    (v, a) => {
      const s = pyStr(v);
      const old = pyStr(arg(a, 0, 'old'));
      const neu = pyStr(arg(a, 1, 'new'));
      const count = arg(a, 2, 'count');
      if (typeof count !== 'number') return s.split(old).join(neu);
      const parts = s.split(old);
      return parts.slice(0, count + 1).join(neu) + (parts.length > count + 1 ? old + parts.slice(count + 1).join(old) : '');
    },
  ],
  ['regex_replace', (v, a) => regexReplace(v, a)],
  ['regex_search', (v, a) => regexSearch(v, a)],
  ['regex_findall', (v, a) => regexFindall(v, a)],
  ['regex_escape', (v) => pyStr(v).replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')],
  ['split', (v, a) => pySplit(str('split', v), arg(a, 0, 'sep'), numArg(a, 1, 'maxsplit', -1))],
  ['splitlines', (v) => (str('splitlines', v) === '' ? [] : (v as string).replace(/\r?\n$/, '').split(/\r?\n/))],
  ['path_join', (v) => pathJoin(Array.isArray(v) ? v : [v])],
  ['basename', (v) => basename(pyStr(v))],
  ['dirname', (v) => dirname(pyStr(v))],
  [
    'splitext',
    (v) => {
      const s = pyStr(v);
      const base = basename(s);
      const dot = base.lastIndexOf('.');
      if (dot <= 0 || /^\.+$/.test(base.slice(0, dot + 1))) return [s, ''];
      const cut = s.length - base.length + dot;
      return [s.slice(0, cut), s.slice(cut)];
    },
  ],
  [
    'center',
    (v, a) => {
      const s = pyStr(v);
      const w = numArg(a, 0, 'width', 80);
      const left = Math.floor((w - s.length) / 2);
      return s.length >= w ? s : ' '.repeat(left) + s + ' '.repeat(w - s.length - left);
    },
  ],
  [
    'indent',
    (v, a) => {
      const w = arg(a, 0, 'width', 4);
      const pad = typeof w === 'string' ? w : ' '.repeat(Number(w));
      const first = boolArg(a, 1, 'first');
      const blank = boolArg(a, 2, 'blank');
      return pyStr(v)
        .split('\n')
        .map((l, i) => ((i === 0 && !first) || (l === '' && !blank) ? l : pad + l))
        .join('\n');
    },
  ],
  [
    'format',
    (v, a) => {
      let i = 0;
      return str('format', v).replace(/%(-?\d*)(?:\.(\d+))?([sdif%])/g, (_m, w: string, p: string | undefined, c: string) => {
        if (c === '%') return '%';
        const x = defined(a.pos[i++]);
        let s = c === 'f' ? Number(x).toFixed(p === undefined ? 6 : Number(p)) : c === 'd' || c === 'i' ? String(Math.trunc(Number(x))) : pyStr(x);
        const width = Math.abs(Number(w || 0));
        if (s.length < width) s = w.startsWith('-') ? s.padEnd(width) : s.padStart(width);
        return s;
      });
    },
  ],
  ['wordcount', (v) => (pyStr(v).match(/\w+/g) ?? []).length],
  [
    'truncate',
    (v, a) => {
      // Jinja's do_truncate: a little leeway, and whole words unless killwords.
      const s = pyStr(v);
      const n = numArg(a, 0, 'length', 255);
      const end = strArg(a, 2, 'end', '...');
      if (s.length <= n + numArg(a, 3, 'leeway', 5)) return s;
      const cut = s.slice(0, Math.max(0, n - end.length));
      if (boolArg(a, 1, 'killwords')) return cut + end;
      const space = cut.lastIndexOf(' ');
      return (space < 0 ? cut : cut.slice(0, space)) + end;
    },
  ],
];
