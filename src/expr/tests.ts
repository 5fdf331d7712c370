/** Jinja and Ansible tests (`x is defined`, `v is version('1.2', '>=')`, `r is failed`, ...). */
import { ExprError, Undefined } from './errors.js';
import { contains } from './operators.js';
import { exprPattern } from './filters/strings.js';
import type { TestFn } from './registry.js';
import { arg, boolArg, numArg, strArg } from './registry.js';
import { toBool } from '../text/bool.js';
import type { Dict } from './values.js';
import { isDict, pyCompare, pyEquals, truthy, typeName } from './values.js';

/** Python's LooseVersion: numbers and letter runs, compared piecewise (numbers sort before letters). */
function looseParts(v: string): (number | string)[] {
  return v
    .split(/(\d+|[a-zA-Z]+|\.)/)
    .filter((p) => p !== '' && p !== '.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export function compareVersions(a: string, b: string): number {
  const x = looseParts(a);
  const y = looseParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i];
    const q = y[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return Math.sign(p - q);
    if (typeof p === 'number') return -1;
    if (typeof q === 'number') return 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

const VERSION_OPS: Record<string, (c: number) => boolean> = {
  '==': (c) => c === 0,
  '=': (c) => c === 0,
  eq: (c) => c === 0,
  '!=': (c) => c !== 0,
  '<>': (c) => c !== 0,
  ne: (c) => c !== 0,
  '<': (c) => c < 0,
  lt: (c) => c < 0,
  '<=': (c) => c <= 0,
  le: (c) => c <= 0,
  '>': (c) => c > 0,
  gt: (c) => c > 0,
  '>=': (c) => c >= 0,
  ge: (c) => c >= 0,
};

const version: TestFn = (value, a) => {
  const other = arg(a, 0, 'version');
  const op = strArg(a, 1, 'operator', 'eq');
  const check = VERSION_OPS[op];
  if (!check) throw new ExprError(`version test: invalid operator '${op}'`);
  if (value === '' || other === '' || other === undefined) throw new ExprError('version test: version value cannot be empty');
  return check(compareVersions(String(value), String(other)));
};

function regexTest(mode: 'match' | 'search'): TestFn {
  return (value, a) => {
    if (typeof value !== 'string') throw new ExprError(`${mode} test expects a string, got ${typeName(value)}`);
    const p = exprPattern(strArg(a, 0, 'pattern'), { ignorecase: boolArg(a, 1, 'ignorecase'), multiline: boolArg(a, 2, 'multiline') });
    // Python's re.match anchors at the start (sticky at 0); re.search looks anywhere.
    const re = mode === 'match' ? new RegExp(p.re.source, `${p.flags}y`) : p.re;
    re.lastIndex = 0;
    return re.test(value);
  };
}

/** Tests on a registered task result: a dict with failed/changed/skipped keys (Ansible reads only those). */
function resultTest(key: 'failed' | 'changed' | 'skipped', name: string, negate = false): TestFn {
  return (value) => {
    if (!isDict(value)) throw new ExprError(`the '${name}' test expects a registered task result (a dictionary), got ${typeName(value)}`);
    const r = value as Dict;
    const v = truthy(r[key] ?? false);
    return negate ? !v : v;
  };
}

function cmp(pred: (c: number) => boolean, op: string): TestFn {
  return (value, a) => pred(pyCompare(value, arg(a, 0, 'other'), op));
}

const isNumber = (v: unknown): boolean => typeof v === 'number' || typeof v === 'boolean';

const entries: [string, TestFn][] = [
  ['defined', (v) => !(v instanceof Undefined)],
  ['undefined', (v) => v instanceof Undefined],
  ['none', (v) => v === null],
  ['string', (v) => typeof v === 'string'],
  ['number', isNumber],
  ['integer', (v) => typeof v === 'number' && Number.isInteger(v)],
  ['float', (v) => typeof v === 'number' && !Number.isInteger(v)],
  ['boolean', (v) => typeof v === 'boolean'],
  ['true', (v) => v === true],
  ['false', (v) => v === false],
  ['mapping', (v) => isDict(v)],
  ['sequence', (v) => typeof v === 'string' || Array.isArray(v) || isDict(v)],
  ['iterable', (v) => typeof v === 'string' || Array.isArray(v) || isDict(v)],
  ['callable', () => false],
  ['lower', (v) => typeof v === 'string' && v === v.toLowerCase()],
  ['upper', (v) => typeof v === 'string' && v === v.toUpperCase()],
  ['match', regexTest('match')],
  ['search', regexTest('search')],
  ['regex', (v, a, env) => (strArg(a, 3, 'match_type', 'search') === 'match' ? regexTest('match') : regexTest('search'))(v, a, env)],
  ['in', (v, a) => contains(arg(a, 0, 'seq'), v)],
  ['contains', (v, a) => contains(v, arg(a, 0, 'item'))],
  ['truthy', (v, a) => (boolArg(a, 0, 'convert_bool') ? toBool(v) : truthy(v))],
  ['falsy', (v, a) => !(boolArg(a, 0, 'convert_bool') ? toBool(v) : truthy(v))],
  ['version', version],
  ['version_compare', version],
  ['equalto', (v, a) => pyEquals(v, arg(a, 0, 'other'))],
  ['eq', (v, a) => pyEquals(v, arg(a, 0, 'other'))],
  ['==', (v, a) => pyEquals(v, arg(a, 0, 'other'))],
  ['ne', (v, a) => !pyEquals(v, arg(a, 0, 'other'))],
  ['!=', (v, a) => !pyEquals(v, arg(a, 0, 'other'))],
  ['lt', cmp((c) => c < 0, '<')],
  ['lessthan', cmp((c) => c < 0, '<')],
  ['le', cmp((c) => c <= 0, '<=')],
  ['gt', cmp((c) => c > 0, '>')],
  ['greaterthan', cmp((c) => c > 0, '>')],
  ['ge', cmp((c) => c >= 0, '>=')],
  ['sameas', (v, a) => v === arg(a, 0, 'other')],
  [
    'divisibleby',
    (v, a) => {
      const d = numArg(a, 0, 'num');
      if (!isNumber(v)) throw new ExprError(`divisibleby test expects a number, got ${typeName(v)}`);
      return d !== 0 && Number(v) % d === 0;
    },
  ],
  [
    'even',
    (v) => {
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new ExprError(`even test expects an integer, got ${typeName(v)}`);
      return v % 2 === 0;
    },
  ],
  [
    'odd',
    (v) => {
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new ExprError(`odd test expects an integer, got ${typeName(v)}`);
      return Math.abs(v % 2) === 1;
    },
  ],
  ['subset', (v, a) => Array.isArray(v) && v.every((x) => contains(arg(a, 0, 'superset'), x))],
  [
    'superset',
    (v, a) => {
      const sub = arg(a, 0, 'subset');
      return Array.isArray(sub) && sub.every((x) => contains(v, x));
    },
  ],
  ['failed', resultTest('failed', 'failed')],
  ['failure', resultTest('failed', 'failure')],
  ['succeeded', resultTest('failed', 'succeeded', true)],
  ['success', resultTest('failed', 'success', true)],
  ['successful', resultTest('failed', 'successful', true)],
  ['changed', resultTest('changed', 'changed')],
  ['change', resultTest('changed', 'change')],
  ['skipped', resultTest('skipped', 'skipped')],
  ['skip', resultTest('skipped', 'skip')],
];

export const TESTS: ReadonlyMap<string, TestFn> = new Map(entries);

/** Tests that inspect an undefined value instead of failing on it. */
export const TESTS_PASSING_UNDEFINED: ReadonlySet<string> = new Set(['defined', 'undefined']);
