/**
 * Free-form module arguments, as Ansible reads them: `shell: echo hi creates=/tmp/x` or
 * `file: path=/tmp/x state=directory`. Values may be quoted ('..' or "..").
 */

/** Modules whose free-form string is a command line (the rest of the text after k=v options). */
const COMMAND_MODULES: ReadonlySet<string> = new Set(['command', 'shell', 'raw', 'script']);
/** Options the command modules accept inline, before or after the command text. */
const COMMAND_OPTIONS: ReadonlySet<string> = new Set(['creates', 'removes', 'chdir', 'executable', 'stdin']);

/** Turn a free-form string into an argument mapping for `module`. */
export function parseFreeForm(module: string, text: string): Record<string, unknown> {
  // A multi-line script (`shell: |`) is a program, not a list of words: keep its line breaks.
  if (COMMAND_MODULES.has(module) && text.trimEnd().includes('\n')) return { cmd: text };
  const words = splitWords(text);
  if (COMMAND_MODULES.has(module)) {
    const args: Record<string, unknown> = {};
    const rest: string[] = [];
    for (const w of words) {
      const kv = asKeyValue(w.raw);
      if (kv && COMMAND_OPTIONS.has(kv[0])) args[kv[0]] = kv[1];
      else rest.push(w.raw);
    }
    args.cmd = rest.join(' ');
    return args;
  }
  const args: Record<string, unknown> = {};
  const loose: string[] = [];
  for (const w of words) {
    const kv = asKeyValue(w.raw);
    if (kv) args[kv[0]] = kv[1];
    else loose.push(w.raw);
  }
  // Modules such as `debug: msg=...` are k=v; anything left over is kept for the schema to reject.
  if (loose.length > 0) args._raw_params = loose.join(' ');
  return args;
}

interface Word {
  raw: string;
}

/** Split on whitespace outside quotes and outside `{{ }}`, keeping the quotes in `raw`. */
function splitWords(text: string): Word[] {
  const words: Word[] = [];
  let cur = '';
  let quote: string | null = null;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      cur += c;
      if (c === quote && text[i - 1] !== '\\') quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
      cur += c;
    } else if (text.startsWith('{{', i) || text.startsWith('{%', i)) {
      depth++;
      cur += c;
    } else if ((text.startsWith('}}', i) || text.startsWith('%}', i)) && depth > 0) {
      depth--;
      cur += c;
    } else if (/\s/.test(c) && depth === 0) {
      if (cur) words.push({ raw: cur });
      cur = '';
    } else cur += c;
  }
  if (cur) words.push({ raw: cur });
  return words;
}

function asKeyValue(word: string): [string, string] | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word);
  if (!m) return undefined;
  return [m[1]!, unquote(m[2]!)];
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) return value.slice(1, -1);
  return value;
}
