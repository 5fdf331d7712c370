/**
 * Parsing, on top of @huggingface/jinja's lexer and parser, with fixes applied around them:
 *  1. Backslashes in string literals, as Ansible has them. Inside `{{ }}` of a template they are
 *     literal (Ansible doubles them before Jinja sees them: `regex_replace('^(\d+)', '\1')` works
 *     as written in YAML). In bare expressions (`when:`) and `{% %}` tags they are Python escapes,
 *     unknown ones kept (`'\d'` is backslash-d). The package's lexer knows neither rule; we
 *     rewrite backslashes before lexing so it produces those strings.
 *  2. Tests with arguments (`x is version('1.2', '>=')`, `x is divisibleby 3`): the package's
 *     parser only knows bare test names. We rewrite every `is [not] NAME [arg]` in the token stream
 *     into a filter call on a reserved name (`| __is__NAME(arg)`), which the parser accepts and our
 *     interpreter dispatches to the test registry. Tests and filters share Jinja's precedence, so
 *     the tree has the same shape.
 *  3. Dotted filter/test names (`| ansible.builtin.to_json`) are joined into one identifier.
 *  4. `{% raw %}...{% endraw %}` blocks become string literals.
 * Parsed trees are cached by source text: the same `when:` runs on every host.
 */
import { parse, tokenize } from '@huggingface/jinja';
import type { Node, Program, Tok } from './ast.js';
import { ExprError } from './errors.js';

/** Prefix of the reserved filter names that carry a test (see fix 2). */
export const TEST_PREFIX = '__is__';
export const NEGATED_TEST_PREFIX = '__isnot__';

const KNOWN_ESCAPES = new Set(['n', 't', 'r', 'b', 'f', 'v', "'", '"', '\\', 'x', 'u']);

/**
 * Rewrites backslashes inside string literals of tags (fix 1). `bare`: the source is a bare
 * expression wrapped in `{{ }}` by us, so Python escapes apply there too.
 */
function fixEscapes(src: string, bare: boolean): string {
  if (!src.includes('\\')) return src;
  let out = '';
  let i = 0;
  let tag = ''; // '', '{{' or '{%'
  let depth = 0;
  let quote = '';
  while (i < src.length) {
    const c = src[i] as string;
    const next = src[i + 1] ?? '';
    if (!tag) {
      if (c === '{' && (next === '{' || next === '%')) {
        tag = c + next;
        depth = 0;
        out += tag;
        i += 2;
        continue;
      }
      out += c;
      i++;
      continue;
    }
    if (quote) {
      if (c === '\\' && tag === '{{' && !bare) {
        out += '\\\\'; // literal backslash; the next character is read normally (a quote still ends the string)
        i++;
        continue;
      }
      if (c === '\\') {
        out += KNOWN_ESCAPES.has(next) ? c + next : '\\\\' + next;
        i += 2;
        continue;
      }
      if (c === quote) quote = '';
      out += c;
      i++;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if ((c === '}' && next === '}') || (c === '%' && next === '}')) {
      tag = '';
      out += c + next;
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

const RAW_BLOCK = /\{%-?\s*raw\s*-?%\}([\s\S]*?)\{%-?\s*endraw\s*-?%\}/g;
const RAW_NAME = /^__afo_raw_(\d+)__$/;

/** Replaces raw blocks with `{{ __afo_raw_N__ }}`; {@link restoreRaw} turns those into string literals. */
function extractRaw(src: string, raws: string[]): string {
  if (!src.includes('raw')) return src;
  return src.replace(RAW_BLOCK, (_m, body: string) => `{{ __afo_raw_${raws.push(body) - 1}__ }}`);
}

function restoreRaw(tokens: Tok[], raws: string[]): Tok[] {
  if (raws.length === 0) return tokens;
  return tokens.map((t) => {
    const m = t.type === 'Identifier' ? RAW_NAME.exec(t.value) : null;
    return m ? { type: 'StringLiteral', value: raws[Number(m[1])] ?? '' } : t;
  });
}

const ARG_STOP_WORDS = new Set(['and', 'or', 'else', 'if', 'is', 'not']);
const OPENERS: Record<string, string> = {
  OpenParen: 'CloseParen',
  OpenSquareBracket: 'CloseSquareBracket',
  OpenCurlyBracket: 'CloseCurlyBracket',
};

/** Index just past the bracket group opening at `i`. */
function skipGroup(tokens: Tok[], i: number): number {
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    const t = (tokens[j] as Tok).type;
    if (t in OPENERS) depth++;
    else if (t === 'CloseParen' || t === 'CloseSquareBracket' || t === 'CloseCurlyBracket') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return tokens.length;
}

/** Index just past a primary expression with its postfix (`.x`, `[i]`, `(...)`) at `i`, or -1. */
function primaryEnd(tokens: Tok[], i: number): number {
  const t = tokens[i];
  if (!t) return -1;
  let j: number;
  if (t.type === 'StringLiteral') {
    j = i + 1;
    while (tokens[j]?.type === 'StringLiteral') j++;
  } else if (t.type === 'NumericLiteral') j = i + 1;
  else if (t.type === 'Identifier' && !ARG_STOP_WORDS.has(t.value)) j = i + 1;
  else if (t.type in OPENERS) j = skipGroup(tokens, i);
  else return -1;
  for (;;) {
    const n = tokens[j];
    if (n?.type === 'Dot') j += 2;
    else if (n?.type === 'OpenSquareBracket' || n?.type === 'OpenParen') j = skipGroup(tokens, j);
    else return j;
  }
}

/**
 * Joins dotted filter/test names (`| ansible.builtin.to_json`, `is ansible.builtin.version(...)`,
 * Jinja allows them) into one identifier, which the package's parser would otherwise reject.
 */
function joinDottedNames(tokens: Tok[]): Tok[] {
  if (!tokens.some((t) => t.type === 'Dot')) return tokens;
  const out: Tok[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Tok;
    const prev = out.at(-1);
    const afterIs = prev?.type === 'Identifier' && (prev.value === 'is' || (prev.value === 'not' && out.at(-2)?.value === 'is'));
    if (t.type === 'Identifier' && (prev?.type === 'Pipe' || afterIs) && tokens[i + 1]?.type === 'Dot' && tokens[i + 2]?.type === 'Identifier') {
      let name = t.value;
      while (tokens[i + 1]?.type === 'Dot' && tokens[i + 2]?.type === 'Identifier') {
        name += '.' + (tokens[i + 2] as Tok).value;
        i += 2;
      }
      out.push({ type: 'Identifier', value: name });
    } else out.push(t);
  }
  return out;
}

/** Rewrites `is [not] NAME [(args) | arg]` into `| __is__NAME(args)` (see the file comment). */
function rewriteTests(tokens: Tok[]): Tok[] {
  if (!tokens.some((t) => t.type === 'Identifier' && t.value === 'is')) return tokens;
  const out: Tok[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as Tok;
    if (t.type !== 'Identifier' || t.value !== 'is' || out.at(-1)?.type === 'Dot') {
      out.push(t);
      i++;
      continue;
    }
    let k = i + 1;
    let negate = false;
    if (tokens[k]?.type === 'Identifier' && tokens[k]?.value === 'not' && tokens[k + 1]?.type === 'Identifier') {
      negate = true;
      k++;
    }
    const name = tokens[k];
    if (name?.type !== 'Identifier') throw new ExprError('expected a test name after "is"');
    out.push({ type: 'Pipe', value: '|' }, { type: 'Identifier', value: (negate ? NEGATED_TEST_PREFIX : TEST_PREFIX) + name.value });
    k++;
    if (tokens[k]?.type === 'OpenParen') {
      i = k; // the call's argument list follows as-is
      continue;
    }
    const end = primaryEnd(tokens, k);
    if (end > k) {
      out.push({ type: 'OpenParen', value: '(' }, ...tokens.slice(k, end), { type: 'CloseParen', value: ')' });
      i = end;
    } else i = k;
  }
  return out;
}

const TOKEN_WORDS: Record<string, string> = {
  CloseExpression: "'}}'",
  CloseStatement: "'%}'",
  OpenExpression: "'{{'",
  OpenStatement: "'{%'",
  CloseParen: "')'",
  OpenParen: "'('",
  CloseSquareBracket: "']'",
  CloseCurlyBracket: "'}'",
  Comma: "','",
  Colon: "':'",
  Pipe: "'|'",
  Dot: "'.'",
  Equals: "'='",
};

/** Turns the package's parser messages into plain words (no token-type jargon). */
function friendly(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (err instanceof TypeError || /reading 'type'/.test(msg)) return 'unexpected end of expression';
  const m = /^Parser Error: (.*?)\. (\w+) !== (\w+)\.$/.exec(msg);
  if (m) {
    const what = m[1]!.replace(/, got \$\{.*$/, '').toLowerCase();
    return `${what}, found ${m[2] === 'CloseExpression' ? 'the end of the expression' : (TOKEN_WORDS[m[2]!] ?? m[2]!)}`;
  }
  const u = /^Unexpected token(?: type)?: (\w+)$/.exec(msg);
  if (u) return u[1] === 'CloseExpression' ? 'unexpected end of expression' : `unexpected ${TOKEN_WORDS[u[1]!] ?? u[1]!}`;
  return msg.charAt(0).toLowerCase() + msg.slice(1);
}

export interface Parsed {
  program: Program;
  /** True when the source is exactly one `{{ expr }}` and nothing else (a typed result). */
  single: boolean;
}

const cache = new Map<string, Parsed>();
const CACHE_LIMIT = 5000;

/**
 * Parses template text (text with `{{ }}` / `{% %}`); throws ExprError naming `what`.
 * `bare`: the text is a bare expression we wrapped in `{{ }}` (see fix 1).
 */
export function parseTemplate(src: string, what = `template '${src}'`, bare = false): Parsed {
  const key = bare ? '\0' + src : src;
  const hit = cache.get(key);
  if (hit) return hit;
  let parsed: Parsed;
  try {
    const raws: string[] = [];
    const lexed = tokenize(fixEscapes(extractRaw(src, raws), bare), { trim_blocks: true }) as Tok[];
    const tokens = rewriteTests(joinDottedNames(restoreRaw(lexed, raws)));
    const program = parse(tokens as Parameters<typeof parse>[0]) as unknown as Program;
    const single =
      tokens[0]?.type === 'OpenExpression' &&
      tokens.at(-1)?.type === 'CloseExpression' &&
      tokens.slice(1, -1).every((t) => t.type !== 'OpenExpression' && t.type !== 'OpenStatement' && t.type !== 'Text');
    parsed = { program, single };
  } catch (err) {
    const reason = err instanceof ExprError ? err.message : friendly(err);
    throw new ExprError(`syntax error in ${what}: ${reason}`, src, reason);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, parsed);
  return parsed;
}

/** Parses a bare expression (`x | default(3)`) into its expression node. */
export function parseExpression(expr: string): Node {
  const what = `expression '${expr}'`;
  if (expr.trim() === '') throw new ExprError(`syntax error in ${what}: empty expression`, expr, 'empty expression');
  const { program, single } = parseTemplate(`{{ ${expr} }}`, what, true);
  const node = program.body[0];
  if (!single || program.body.length !== 1 || !node) {
    const reason = "unexpected '}}' or '{%' inside an expression";
    throw new ExprError(`syntax error in ${what}: ${reason}`, expr, reason);
  }
  return node;
}
