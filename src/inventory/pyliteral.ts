/**
 * The part of Python's `ast.literal_eval` that Ansible's INI plugin relies on to type values:
 * `22` -> 22, `True` -> true, `None` -> null, `'x'` -> "x", `[1, 2]`, `{'a': 1}`, `(1, 2)` -> [1, 2],
 * `0x1F`, `1_000`, `1e3`, `-5`. Anything literal_eval rejects (a bare word, `true`, `010`,
 * `1+2`, an unclosed bracket) returns `undefined` and the caller keeps the raw string, exactly as
 * Ansible does. Deliberate gaps: complex numbers (`1j`), `set()` and `...` also return undefined
 * (ansible-inventory crashes on them); sets `{1, 2}` become arrays; ints beyond 2^53 lose precision.
 */
import type { VarValue } from './types.js';

type Tok = { t: 'num'; v: number } | { t: 'str'; v: string; bytes: boolean } | { t: 'name'; v: string } | { t: 'op'; v: string };

class Fail extends Error {}

const NUMBER_RE = new RegExp(
  [
    '0[xX](?:_?[0-9a-fA-F])+',
    '0[oO](?:_?[0-7])+',
    '0[bB](?:_?[01])+',
    // floats: digits.digits, .digits, digits., with optional exponent; or digits+exponent
    '(?:(?:[0-9](?:_?[0-9])*)?\\.[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\\.)(?:[eE][+-]?[0-9](?:_?[0-9])*)?',
    '[0-9](?:_?[0-9])*[eE][+-]?[0-9](?:_?[0-9])*',
    '[1-9](?:_?[0-9])*',
    '0+(?:_?0)*',
  ]
    .map((p) => `(?:${p})`)
    .join('|'),
  'y',
);

function toNumber(text: string): number {
  const s = text.replace(/_/g, '');
  if (/^0[xXoObB]/.test(s)) return Number(s.toLowerCase());
  return Number(s);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Decodes one string literal starting at `i` (after any prefix). Returns the value and the end. */
function readString(src: string, i: number, raw: boolean, bytes: boolean): [string, number] {
  const q = src[i]!;
  const triple = src.startsWith(q.repeat(3), i);
  const close = triple ? q.repeat(3) : q;
  let j = i + close.length;
  let out = '';
  for (;;) {
    if (j >= src.length) throw new Fail('unterminated string');
    if (src.startsWith(close, j)) return [out, j + close.length];
    const c = src[j]!;
    if (bytes && c.charCodeAt(0) > 0x7f) throw new Fail('non-ASCII byte');
    if (c !== '\\') {
      out += c;
      j++;
      continue;
    }
    const n = src[j + 1];
    if (n === undefined) throw new Fail('dangling backslash');
    if (raw) {
      out += c + n;
      j += 2;
      continue;
    }
    const simple = SIMPLE_ESCAPES[n];
    if (simple !== undefined) {
      out += simple;
      j += 2;
    } else if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(src.slice(j + 1))![0];
      out += String.fromCharCode(parseInt(m, 8));
      j += 1 + m.length;
    } else if (n === 'x' || (!bytes && (n === 'u' || n === 'U'))) {
      const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
      const hex = src.slice(j + 2, j + 2 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw new Fail('bad escape');
      out += String.fromCodePoint(parseInt(hex, 16));
      j += 2 + len;
    } else if (!bytes && n === 'N') {
      throw new Fail('named escapes are not supported');
    } else {
      out += c + n; // unknown escapes stay as written, as in Python
      j += 2;
    }
  }
}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\f') {
      i++;
      continue;
    }
    if (c === '#') break; // a Python comment
    const prefix = /^([rRbBuU]|[bB][rR]|[rR][bB])?['"]/.exec(src.slice(i, i + 3));
    if (prefix) {
      const p = (prefix[1] ?? '').toLowerCase();
      const [v, end] = readString(src, i + p.length, p.includes('r'), p.includes('b'));
      toks.push({ t: 'str', v, bytes: p.includes('b') });
      i = end;
      continue;
    }
    if (/[0-9.]/.test(c)) {
      NUMBER_RE.lastIndex = i;
      const m = NUMBER_RE.exec(src);
      if (!m) throw new Fail('bad number');
      i += m[0].length;
      if (i < src.length && /[\w.]/.test(src[i]!)) throw new Fail('bad number'); // 010, 1abc, 1j
      toks.push({ t: 'num', v: toNumber(m[0]) });
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name) {
      toks.push({ t: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    if ('()[]{},:+-'.includes(c)) {
      toks.push({ t: 'op', v: c });
      i++;
      continue;
    }
    throw new Fail(`unexpected ${c}`);
  }
  return toks;
}

class Parser {
  private pos = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok | undefined {
    return this.toks[this.pos];
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t?.t === 'op' && t.v === v;
  }
  private expect(v: string): void {
    if (!this.isOp(v)) throw new Fail(`expected ${v}`);
    this.pos++;
  }

  /** Top level: `1, 2` without brackets is a tuple, as in Python's eval mode. */
  top(): VarValue {
    const first = this.value();
    if (!this.isOp(',')) return this.end(first);
    const items = [first];
    while (this.isOp(',')) {
      this.pos++;
      if (this.peek() === undefined) break;
      items.push(this.value());
    }
    return this.end(items);
  }

  private end(v: VarValue): VarValue {
    if (this.pos !== this.toks.length) throw new Fail('trailing input');
    return v;
  }

  private value(): VarValue {
    const t = this.peek();
    if (!t) throw new Fail('unexpected end');
    this.pos++;
    if (t.t === 'num') return t.v;
    if (t.t === 'str') return this.strings(t);
    if (t.t === 'name') {
      if (t.v === 'True') return true;
      if (t.v === 'False') return false;
      if (t.v === 'None') return null;
      throw new Fail(`name ${t.v}`);
    }
    switch (t.v) {
      case '+':
      case '-':
        return this.signed(t.v);
      case '(':
        return this.paren();
      case '[':
        return this.seq(']');
      case '{':
        return this.brace();
    }
    throw new Fail(`unexpected ${t.v}`);
  }

  /** Adjacent literals concatenate (`'a' 'b'`); str and bytes must not mix. */
  private strings(first: Extract<Tok, { t: 'str' }>): string {
    let v = first.v;
    for (let t = this.peek(); t?.t === 'str'; t = this.peek()) {
      if (t.bytes !== first.bytes) throw new Fail('cannot mix bytes and str');
      v += t.v;
      this.pos++;
    }
    return v;
  }

  /** literal_eval allows one sign directly on a number (parentheses make no node). */
  private signed(sign: string): number {
    let depth = 0;
    while (this.isOp('(')) {
      this.pos++;
      depth++;
    }
    const t = this.peek();
    if (t?.t !== 'num') throw new Fail('sign on a non-number');
    this.pos++;
    for (; depth > 0; depth--) this.expect(')');
    return sign === '-' ? -t.v : t.v;
  }

  private paren(): VarValue {
    if (this.isOp(')')) {
      this.pos++;
      return [];
    }
    const first = this.value();
    if (this.isOp(')')) {
      this.pos++;
      return first;
    }
    this.expect(',');
    const items = [first];
    while (!this.isOp(')')) {
      items.push(this.value());
      if (!this.isOp(')')) this.expect(',');
    }
    this.pos++;
    return items;
  }

  private seq(close: string): VarValue[] {
    const items: VarValue[] = [];
    while (!this.isOp(close)) {
      items.push(this.value());
      if (!this.isOp(close)) this.expect(',');
    }
    this.pos++;
    return items;
  }

  private brace(): VarValue {
    if (this.isOp('}')) {
      this.pos++;
      return {};
    }
    const first = this.value();
    if (!this.isOp(':')) {
      // a set literal; JSON has no sets, so it becomes a list
      let rest: VarValue[] = [];
      if (this.isOp(',')) {
        this.pos++;
        rest = this.seq('}');
      } else this.expect('}');
      return [first, ...rest];
    }
    const out: Record<string, VarValue> = {};
    // Python keys 1, 1.0 and True are the same key: the first spelling stays, the last value wins.
    const spelled = new Map<string, string>();
    let key: VarValue = first;
    for (;;) {
      this.expect(':');
      const [id, text] = keyOf(key);
      const k = spelled.get(id) ?? text;
      spelled.set(id, k);
      Object.defineProperty(out, k, { value: this.value(), enumerable: true, writable: true, configurable: true });
      if (this.isOp('}')) break;
      this.expect(',');
      if (this.isOp('}')) break;
      key = this.value();
    }
    this.pos++;
    return out;
  }
}

/** A dict key's identity and its JSON spelling (json.dumps turns scalar keys into strings). */
function keyOf(key: VarValue): [string, string] {
  if (typeof key === 'string') return [`s:${key}`, key];
  if (typeof key === 'number') return [`n:${key}`, String(key)];
  if (typeof key === 'boolean') return [`n:${Number(key)}`, key ? 'true' : 'false'];
  if (key === null) return ['null', 'null'];
  throw new Fail('unhashable key');
}

/** Returns the value Python's literal_eval gives for `text`, or undefined where it raises. */
export function pyLiteral(text: string): VarValue | undefined {
  try {
    const toks = tokenize(text.replace(/^[ \t]+/, ''));
    if (toks.length === 0) return undefined;
    return new Parser(toks).top();
  } catch (e) {
    if (e instanceof Fail) return undefined;
    throw e;
  }
}

/** Ansible's `_parse_value`: the literal if there is one, else the text itself. */
export function iniValue(text: string): VarValue {
  const v = pyLiteral(text);
  return v === undefined ? text : v;
}
