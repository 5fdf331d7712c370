/** Binary and unary operators with Python's semantics (what Jinja, and so Ansible, does). */
import { ExprError } from './errors.js';
import { defined, isDict, pyCompare, pyEquals, pyStr, typeName } from './values.js';

function isNum(v: unknown): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

function unsupported(op: string, a: unknown, b: unknown): never {
  throw new ExprError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** `a in b`. */
export function contains(container: unknown, item: unknown): boolean {
  const b = defined(container);
  const a = defined(item);
  if (typeof b === 'string') {
    if (typeof a !== 'string') throw new ExprError(`'in <string>' requires string as left operand, not ${typeName(a)}`);
    return b.includes(a);
  }
  if (Array.isArray(b)) return b.some((x) => pyEquals(x, a));
  if (isDict(b)) return (typeof a === 'string' || typeof a === 'number') && Object.hasOwn(b, String(a));
  throw new ExprError(`argument of type '${typeName(b)}' is not iterable`);
}

/** Python's `%` string formatting, the common conversions only (%s %d %i %f %r %x %%). */
function formatPercent(fmt: string, arg: unknown): string {
  const args = Array.isArray(arg) ? arg : [arg];
  let n = 0;
  const out = fmt.replace(/%([-+ 0#]*)(\d*)(?:\.(\d+))?([sdifrxX%])/g, (_m, flags: string, width: string, prec: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    if (n >= args.length) throw new ExprError('not enough arguments for format string');
    const v = args[n++];
    let s: string;
    if (conv === 's') s = pyStr(v);
    else if (conv === 'r') s = typeof v === 'string' ? `'${v}'` : pyStr(v);
    else {
      if (!isNum(v)) throw new ExprError(`%${conv} format: a number is required, not ${typeName(v)}`);
      const num = Number(v);
      if (conv === 'f') s = num.toFixed(prec === undefined ? 6 : Number(prec));
      else if (conv === 'x' || conv === 'X') s = Math.trunc(num).toString(16);
      else s = String(Math.trunc(num));
      if (conv === 'X') s = s.toUpperCase();
    }
    const w = Number(width || 0);
    if (s.length < w) s = flags.includes('-') ? s.padEnd(w) : s.padStart(w, flags.includes('0') && conv !== 's' ? '0' : ' ');
    return s;
  });
  if (n < args.length) throw new ExprError('not all arguments converted during string formatting');
  return out;
}

/** Binary operators other than and/or (which short-circuit in the interpreter). */
export function binary(op: string, left: unknown, right: unknown): unknown {
  if (op === 'in') return contains(right, left);
  if (op === 'not in') return !contains(right, left);
  const a = defined(left);
  const b = defined(right);
  switch (op) {
    case '==':
      return pyEquals(a, b);
    case '!=':
      return !pyEquals(a, b);
    case '<':
      return pyCompare(a, b, op) < 0;
    case '>':
      return pyCompare(a, b, op) > 0;
    case '<=':
      return pyCompare(a, b, op) <= 0;
    case '>=':
      return pyCompare(a, b, op) >= 0;
    case '~':
      return pyStr(a) + pyStr(b);
    case '+':
      if (isNum(a) && isNum(b)) return Number(a) + Number(b);
      if (typeof a === 'string' && typeof b === 'string') return a + b;
      if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
      return unsupported(op, a, b);
    case '-':
      if (isNum(a) && isNum(b)) return Number(a) - Number(b);
      return unsupported(op, a, b);
    case '*':
      if (isNum(a) && isNum(b)) return Number(a) * Number(b);
      if (typeof a === 'string' && typeof b === 'number') return a.repeat(Math.max(0, b));
      if (Array.isArray(a) && typeof b === 'number') return Array.from({ length: Math.max(0, b) }, () => a).flat();
      return unsupported(op, a, b);
    case '/':
    case '//':
    case '%': {
      if (op === '%' && typeof a === 'string') return formatPercent(a, b);
      if (!isNum(a) || !isNum(b)) return unsupported(op, a, b);
      const x = Number(a);
      const y = Number(b);
      if (y === 0) throw new ExprError(op === '%' ? 'integer modulo by zero' : 'division by zero');
      if (op === '/') return x / y;
      if (op === '//') return Math.floor(x / y);
      return ((x % y) + y) % y;
    }
    case '**':
      if (isNum(a) && isNum(b)) return Number(a) ** Number(b);
      return unsupported(op, a, b);
  }
  throw new ExprError(`unknown operator '${op}'`);
}

/** Unary minus/plus (`not` is handled by the interpreter). */
export function unary(op: string, value: unknown): unknown {
  const v = defined(value);
  if (!isNum(v)) throw new ExprError(`bad operand type for unary ${op}: '${typeName(v)}'`);
  return op === '-' ? -Number(v) : Number(v);
}
