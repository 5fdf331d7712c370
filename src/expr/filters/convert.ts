/** Filters that guard, convert or serialise one value: default, int, bool, to_json, ... */
import { createHash } from 'node:crypto';
import YAML from 'yaml';
import { ExprError, Undefined } from '../errors.js';
import type { FilterFn } from '../registry.js';
import { arg, boolArg, numArg, rawArg, strArg, wrongInput } from '../registry.js';
import { toBool } from '../../text/bool.js';
import { shQuote } from '../../text/shlex.js';
import { isDict, pyStr, truthy, typeName } from '../values.js';

function toInt(v: unknown, dflt: unknown, base: number): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : dflt;
  if (typeof v === 'string') {
    const s = v.trim().replace(/_/g, '');
    const prefixed = /^([+-]?)0([xob])([0-9a-f]+)$/i.exec(s);
    if (prefixed && (base === 16 || base === 8 || base === 2 || base === 0)) {
      const n = parseInt(prefixed[3] ?? '', { x: 16, o: 8, b: 2 }[(prefixed[2] ?? '').toLowerCase() as 'x' | 'o' | 'b']);
      return prefixed[1] === '-' ? -n : n;
    }
    const digits = base === 10 || base === 0 ? /^[+-]?\d+$/ : /^[+-]?[0-9a-z]+$/i;
    if (digits.test(s)) {
      const n = parseInt(s, base === 0 ? 10 : base);
      if (!Number.isNaN(n)) return n;
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return Math.trunc(Number(s));
  }
  return dflt;
}

function toFloat(v: unknown, dflt: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) return Number(s);
    if (/^[+-]?(inf|infinity)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
    if (s === 'nan') return NaN;
  }
  return dflt;
}

/** Python's round(): half to even. */
function roundHalfEven(x: number, digits: number): number {
  const f = 10 ** digits;
  const y = x * f;
  const r = Math.round(y);
  const isHalf = Math.abs(y % 1) === 0.5;
  return (isHalf && r % 2 !== 0 ? r - 1 : r) / f;
}

function length(v: unknown): number {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (isDict(v)) return Object.keys(v).length;
  throw new ExprError(`object of type '${typeName(v)}' has no len()`);
}

/** json.dumps with Python's separators, as Ansible's to_json / to_nice_json print it. */
export function pyJson(v: unknown, indent = 0, sortKeys = false, depth = 0): string {
  if (v instanceof Undefined) v.fail();
  if (depth > 200) throw new ExprError('Circular reference detected');
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  const pad = indent ? '\n' + ' '.repeat(indent * (depth + 1)) : '';
  const end = indent ? '\n' + ' '.repeat(indent * depth) : '';
  const sep = indent ? ',' : ', ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[' + v.map((x) => pad + pyJson(x, indent, sortKeys, depth + 1)).join(sep) + end + ']';
  }
  if (isDict(v)) {
    let keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    if (sortKeys) keys = keys.sort();
    return '{' + keys.map((k) => pad + pyJson(k) + ': ' + pyJson(v[k], indent, sortKeys, depth + 1)).join(sep) + end + '}';
  }
  throw new ExprError(`Object of type ${typeName(v)} is not JSON serializable`);
}

/** YAML as PyYAML (Ansible) reads it: 1.1, so `yes`/`on` are true and `010` is 8, but `y`/`n` stay strings. */
function parseYaml(text: string): unknown {
  const doc = YAML.parseDocument(text, { version: '1.1' });
  if (doc.errors[0]) throw doc.errors[0];
  YAML.visit(doc, {
    Scalar: (_k, node) => {
      if (typeof node.value === 'boolean' && node.type === 'PLAIN' && /^[yYnN]$/.test(String(node.source))) node.value = node.source;
    },
  });
  return doc.toJS() as unknown;
}

function parseStructured(kind: 'JSON' | 'YAML', v: unknown): unknown {
  if (typeof v !== 'string') return wrongInput(kind === 'JSON' ? 'from_json' : 'from_yaml', 'a string', v);
  try {
    return kind === 'JSON' ? (JSON.parse(v) as unknown) : parseYaml(v);
  } catch (err) {
    // Parser messages quote the input, which may be a secret: report only where it broke.
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg)?.[1];
    const line = (err as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    const where = pos !== undefined ? ` at position ${pos}` : line ? ` at line ${line.line}, column ${line.col}` : '';
    throw new ExprError(`from_${kind.toLowerCase()}: the input is not valid ${kind}${where}`);
  }
}

/**
 * yaml.dump as Ansible calls it: keys sorted; to_yaml (default_flow_style=None) writes collections
 * without nested collections in flow style (`a: [1, 2]`), to_nice_yaml writes block style.
 */
function pyYaml(v: unknown, nice: boolean, indent: number): string {
  // YAML 1.1, as PyYAML: strings such as 'yes' or 'on' are quoted, so 1.1 readers keep them strings.
  const doc = new YAML.Document(v, { sortMapEntries: true, version: '1.1' });
  if (!nice) {
    const leaf = (items: unknown[]): boolean => items.every((i) => !YAML.isCollection(YAML.isPair(i) ? i.value : i));
    YAML.visit(doc, {
      Map: (_k, node) => {
        if (leaf(node.items)) node.flow = true;
      },
      Seq: (_k, node) => {
        if (leaf(node.items)) node.flow = true;
      },
    });
  }
  return doc.toString({ indent, indentSeq: false, singleQuote: true, flowCollectionPadding: false, lineWidth: 0 });
}

const HASHES = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']);

function hash(v: unknown, algo: string): string {
  if (!HASHES.has(algo)) throw new ExprError(`hash: unsupported algorithm '${algo}' (use one of ${[...HASHES].join(', ')})`);
  return createHash(algo).update(pyStr(v), 'utf8').digest('hex');
}

const UNITS = 'BKMGTPEZY';

/** Ansible's human_to_bytes: '1G' / '512 MB' / '10' (with default_unit) -> bytes. */
function humanToBytes(v: unknown, defaultUnit: string | undefined): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(pyStr(v));
  if (!m) throw new ExprError("human_to_bytes: expected a size such as '512M' or '1 GB'");
  const unit = (m[2] || defaultUnit || 'B').toUpperCase();
  const i = UNITS.indexOf(unit.charAt(0));
  if (i < 0 || !/^[A-Z]B?$|^[A-Z]IB$/.test(unit) || (unit.length > 1 && unit.charAt(0) === 'B')) {
    throw new ExprError('human_to_bytes: unknown unit (use B, K, M, G, T, P, E, Z or Y, optionally followed by B)');
  }
  return Math.round(Number(m[1]) * 1024 ** i);
}

/** Ansible's human_readable: bytes -> '1.00 GB'. */
function humanReadable(v: unknown, unit: string | undefined): string {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new ExprError(`human_readable expects a number, got ${typeName(v)}`);
  let i = unit ? UNITS.indexOf(unit.toUpperCase().charAt(0)) : 0;
  if (!unit) while (i < UNITS.length - 1 && Math.abs(n) >= 1024 ** (i + 1)) i++;
  if (i < 0) throw new ExprError(`human_readable: unknown unit '${unit ?? ''}'`);
  return `${(n / 1024 ** i).toFixed(2)} ${i === 0 ? 'Bytes' : UNITS[i] + 'B'}`;
}

export const CONVERT_FILTERS: [string, FilterFn][] = [
  [
    'default',
    (v, a) => {
      const dflt = rawArg(a, 0, 'default_value', '');
      if (v instanceof Undefined) return dflt;
      return boolArg(a, 1, 'boolean') && !truthy(v) ? dflt : v;
    },
  ],
  [
    'mandatory',
    (v, a) => {
      if (v instanceof Undefined) {
        const msg = arg(a, 0, 'msg');
        throw new ExprError(typeof msg === 'string' ? msg : `mandatory variable not defined: ${v.hint}`);
      }
      return v;
    },
  ],
  [
    'ternary',
    (v, a) => {
      const none = arg(a, 2, 'none_val', undefined);
      if (v === null && none !== undefined) return none;
      return truthy(v) ? arg(a, 0, 'true_val') : arg(a, 1, 'false_val');
    },
  ],
  ['bool', (v) => toBool(v)],
  ['int', (v, a) => toInt(v, arg(a, 0, 'default', 0), numArg(a, 1, 'base', 10))],
  ['float', (v, a) => toFloat(v, arg(a, 0, 'default', 0))],
  ['string', (v) => pyStr(v)],
  ['length', (v) => length(v)],
  ['count', (v) => length(v)],
  ['abs', (v) => (typeof v === 'number' || typeof v === 'boolean' ? Math.abs(Number(v)) : wrongInput('abs', 'a number', v))],
  [
    'round',
    (v, a) => {
      if (typeof v !== 'number') return wrongInput('round', 'a number', v);
      const p = numArg(a, 0, 'precision', 0);
      const method = strArg(a, 1, 'method', 'common');
      const f = 10 ** p;
      if (method === 'ceil') return Math.ceil(v * f) / f;
      if (method === 'floor') return Math.floor(v * f) / f;
      if (method !== 'common') throw new ExprError("round: method must be 'common', 'ceil' or 'floor'");
      return roundHalfEven(v, p);
    },
  ],
  ['type_debug', (v) => typeName(v)],
  ['to_json', (v, a) => pyJson(v, 0, boolArg(a, -1, 'sort_keys'))],
  ['to_nice_json', (v, a) => pyJson(v, numArg(a, -1, 'indent', 4), boolArg(a, -1, 'sort_keys', true))],
  ['from_json', (v) => parseStructured('JSON', v)],
  ['to_yaml', (v, a) => pyYaml(v, false, numArg(a, -1, 'indent', 2))],
  ['to_nice_yaml', (v, a) => pyYaml(v, true, numArg(a, -1, 'indent', 4))],
  ['from_yaml', (v) => parseStructured('YAML', v)],
  ['b64encode', (v) => Buffer.from(pyStr(v), 'utf8').toString('base64')],
  ['b64decode', (v) => Buffer.from(pyStr(v), 'base64').toString('utf8')],
  ['hash', (v, a) => hash(v, strArg(a, 0, 'hashtype', 'sha1'))],
  ['checksum', (v) => hash(v, 'sha1')],
  ['md5', (v) => hash(v, 'md5')],
  ['sha1', (v) => hash(v, 'sha1')],
  // Ansible's quote: None quotes as '' (not 'None'); then shlex.quote, afo's one shQuote.
  ['quote', (v) => shQuote(v === null || v === undefined ? '' : pyStr(v))],
  ['human_to_bytes', (v, a) => humanToBytes(v, arg(a, 0, 'default_unit') as string | undefined)],
  ['human_readable', (v, a) => humanReadable(v, arg(a, 1, 'unit') as string | undefined)],
];
