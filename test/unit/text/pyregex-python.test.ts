/**
 * The Python-regex translator against Python's own `re`: generated patterns and subjects, the
 * same compile errors, `search` spans and groups, `finditer` spans and `subn` results.
 */
import { describe, expect, it } from 'vitest';
import { PyRegexError } from '../../../src/text/pyregex.js';
import { pyCompile, pyFinditer, pySub } from '../../../src/text/pyregex-match.js';
import { runPython, seeded } from '../helpers/python.js';

const CHARS = ['a', 'b', 'A', 'é', '1', '٣', '_', ' ', '\n', '-', 'x', '\r'];
// (A space is written `\\ `: under (?x) a bare one vanishes and would let a quantifier reach
// the group before it.)
const ATOMS = [
  'a',
  'b',
  'x',
  'A',
  'é',
  '-',
  '_',
  '\\ ',
  '.',
  '\\d',
  '\\w',
  '\\s',
  '\\W',
  '\\D',
  '\\S',
  '\\n',
  '\\x41',
  '\\101',
  '\\.',
  '\\-',
  '[ab]',
  '[^a\\n]',
  '[\\w-]',
  '[a-c]',
  '[]a]',
  '[\\D]',
  '[^\\s]',
  '[\\x41-\\x61]',
  '{',
  '}',
  ']',
  '\\u00e9',
];
const ANCHORS = ['^', '$', '\\A', '\\Z', '\\b', '\\B'];
const QUANTS = ['', '', '', '*', '+', '?', '{2}', '{,2}', '{1,}', '*?', '+?', '{1,2}?'];
// Python rejects these (or JS cannot express them): the translator must reject them too.
const BROKEN = ['\\q', '|*', '(?<n>a)', ')', '\\8', '[z-a]', '(?i:a)', 'a{2}{3}', '(?>a)', 'a++', '(a', '\\N{DASH}'];
const FLAGS = ['', '', '', '(?i)', '(?m)', '(?s)', '(?x)', '(?a)', '(?ms)'];

interface Atom {
  text: string;
  /** Safe to repeat: not a lookaround or anchor, and cannot match empty. */
  fixed: boolean;
}

function generate(seed: number, count: number): { p: string; s: string; t: string }[] {
  const r = seeded(seed);
  const out: { p: string; s: string; t: string }[] = [];
  for (let k = 0; k < count; k++) {
    let groups = 0;
    const safe: number[] = []; // groups that always take part in a match (see the note below)
    // Python and JS differ on an empty iteration of a repeated group (`(?:a*?)+`, `(a?){,2}`):
    // each engine has its own rule there, so only groups that cannot match empty are repeated.
    const quantified = (a: Atom): string => a.text + (a.fixed ? r.pick(QUANTS) : '');
    const atom = (depth: number): Atom => {
      const roll = r.int(10);
      if (depth < 2 && roll < 3) {
        const kind = r.int(5);
        const n = kind >= 3 ? ++groups : 0; // numbered before its inner groups, as Python counts
        const parts = Array.from({ length: 1 + r.int(2) }, () => quantified(atom(depth + 1)));
        const inner = parts.join('');
        const alt = r.int(3) === 0 ? `|${atom(depth + 1).text}` : '';
        const emptyable = alt !== '' || parts.some((x) => x === '' || /[*?]|\{,|^[\\^$]|^\(/.test(x) || ANCHORS.includes(x));
        if (kind === 1) return { text: `(?=${inner})`, fixed: false };
        if (kind === 2) return { text: `(?<!${r.pick(['a', 'b', '\\n', ' '])})`, fixed: false };
        if (kind === 0) return { text: `(?:${inner}${alt})`, fixed: !emptyable };
        return { text: kind === 3 ? `(${inner}${alt})` : `(?P<g${n}>${inner}${alt})`, fixed: !emptyable };
      }
      if (roll < 4) return { text: r.pick(ANCHORS), fixed: false };
      return { text: r.pick(ATOMS), fixed: true };
    };
    let p = r.pick(FLAGS);
    for (let n = 1 + r.int(4); n > 0; n--) {
      const before = groups;
      const a = atom(0);
      const q = a.fixed ? r.pick(QUANTS) : '';
      p += a.text + q;
      // A backreference to a group that did not take part matches '' in JS but fails in Python;
      // only top-level groups that cannot be skipped are referenced.
      if (groups > before && !/[*?]|\{,/.test(q) && /^\((?!\?[:=<])|^\(\?P</.test(a.text)) safe.push(before + 1);
      if (safe.length > 0 && r.int(4) === 0) p += r.int(2) ? `\\${r.pick(safe)}` : `(?P=g${r.pick(safe)})`;
    }
    if (r.int(12) === 0) p += r.pick(BROKEN);
    const s = Array.from({ length: r.int(9) }, () => r.pick(CHARS)).join('');
    const t = r.pick(['<\\g<0>>', '[\\1]', '\\g<1>\\n', '-', '\\t\\\\', '\\0101']);
    out.push({ p, s, t });
  }
  return out;
}

const PYTHON = `
import json, re, sys, warnings
warnings.simplefilter('ignore')
out = []
for c in json.load(sys.stdin):
    try:
        rx = re.compile(c['p'])
    except re.error as e:
        out.append({'error': str(e)}); continue
    m = rx.search(c['s'])
    r = {'search': None if m is None else [m.span(), list(m.groups())], 'all': [m.span() for m in rx.finditer(c['s'])]}
    try:
        r['sub'] = list(rx.subn(c['t'], c['s']))
    except (re.error, IndexError) as e:
        r['sub'] = 'error'
    out.append(r)
print(json.dumps(out))
`;

type Answer = { error: string } | { search: [[number, number], (string | null)[]] | null; all: [number, number][]; sub: [string, number] | 'error' };

function ours(c: { p: string; s: string; t: string }): Answer | { unsupported: string } {
  let p;
  try {
    p = pyCompile(c.p);
  } catch (e) {
    if (!(e instanceof PyRegexError)) throw e;
    return /cannot be expressed in JavaScript|not supported/.test(e.message) ? { unsupported: e.message } : { error: e.message };
  }
  const all = [...pyFinditer(p, c.s)];
  const m = all[0];
  let sub: [string, number] | 'error';
  try {
    const r = pySub(p, c.t, c.s);
    sub = [r.text, r.n];
  } catch {
    sub = 'error';
  }
  return {
    search: m === undefined ? null : [[m.index, m.index + m[0].length], m.slice(1).map((g) => g ?? null)],
    all: all.map((x) => [x.index, x.index + x[0].length]),
    sub,
  };
}

describe('the Python-regex translator = Python re', () => {
  const cases = generate(7, 400);
  const python = runPython<Answer[]>(PYTHON, cases);
  const results = cases.map((c, i) => ({ ...c, python: python[i]!, ours: ours(c) }));

  it('compiles, searches, iterates and substitutes as Python for 400 generated patterns', () => {
    const diffs = results.filter((r) => {
      if ('unsupported' in r.ours) return false; // judged below
      if ('error' in r.python || 'error' in r.ours) return 'error' in r.python !== 'error' in r.ours;
      return JSON.stringify(r.python) !== JSON.stringify(r.ours);
    });
    expect(diffs.map((d) => JSON.stringify(d))).toEqual([]);
  });
  it('says "cannot be expressed" only for constructs JavaScript lacks', () => {
    const unsupported = results.filter((r) => 'unsupported' in r.ours);
    expect(unsupported.filter((r) => !/\(\?>|\+\+|\(\?i:|\\N\{/.test(r.p)).map((r) => JSON.stringify(r))).toEqual([]);
    expect(unsupported.length).toBeGreaterThan(3);
  });
  it('the generated cases cover matches, errors and substitutions', () => {
    expect(results.filter((r) => 'search' in r.python && r.python.search !== null).length).toBeGreaterThan(100);
    expect(results.filter((r) => 'error' in r.python).length).toBeGreaterThan(20);
    expect(results.filter((r) => 'sub' in r.python && Array.isArray(r.python.sub) && r.python.sub[1] > 1).length).toBeGreaterThan(40);
  });
});
