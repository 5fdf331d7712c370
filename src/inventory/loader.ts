/**
 * The one place that reads variable files (group_vars/, host_vars/, `-e @file`, the inventory
 * text). Everything else in src/inventory and src/vars is pure and takes a VarsLoader, so tests
 * can hand in an in-memory one.
 *
 * YAML is read as YAML 1.1 with PyYAML's exact scalar rules, because that is what Ansible reads:
 * `on`/`yes` are booleans but `y`/`n` are not, `0755` is octal but `08` is text, `1.0e+3` is a
 * float but `1e3` is text, `1:20` is 80. Timestamps stay text (ansible-inventory prints text).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import {
  LineCounter,
  isAlias,
  isPair,
  isScalar,
  parseDocument,
  visit,
  type Document,
  type DocumentOptions,
  type ParseOptions,
  type ScalarTag,
  type SchemaOptions,
  type Tags,
} from 'yaml';
import { UserError } from '../errors.js';
import { decryptVault, isVaultText, type Vault } from '../vault/index.js';

export interface VarsLoader {
  /** 'file', 'dir' or 'missing' for a path. */
  kind(path: string): 'file' | 'dir' | 'missing';
  /** Names in a directory (not sorted, not filtered). */
  list(dir: string): string[];
  /** A file's text (UTF-8). */
  readText(path: string): string;
  /** The vault passwords for whole-file vaults and `!vault` values (none: they are an error naming the flags). */
  vault?: Vault;
  /**
   * `!vault` values stay encrypted, as `{ __ansible_vault: <vault text> }` (what ansible-inventory
   * prints for them, with or without the password); whole-file vaults are still decrypted.
   */
  keepInlineVault?: boolean;
}

/** `loader` with the vault passwords `vault` (the same loader when there are none). */
export function withVault(loader: VarsLoader, vault: Vault | undefined): VarsLoader {
  return vault ? { ...loader, vault } : loader;
}

export const fsLoader: VarsLoader = {
  kind(path) {
    try {
      const st = statSync(path);
      return st.isDirectory() ? 'dir' : 'file';
    } catch {
      return 'missing';
    }
  },
  list: (dir) => readdirSync(dir),
  readText: readInputFile,
};

/** Largest inventory, group_vars/host_vars, `-e @file` or role file afo reads: hand-written input is far smaller. */
export const MAX_INPUT_FILE_BYTES = 10 * 1024 * 1024;

/**
 * Reads one input file as text, refusing one over MAX_INPUT_FILE_BYTES before reading it (a huge
 * file would only exhaust memory or the parsers' time).
 * @throws UserError naming the file when it is unreadable or too big.
 */
export function readInputFile(path: string): string {
  try {
    const size = statSync(path).size;
    if (size > MAX_INPUT_FILE_BYTES) {
      throw new UserError(`${path}: the file is ${size} bytes; afo reads input files of at most ${MAX_INPUT_FILE_BYTES} bytes (10 MB): is it the right file?`);
    }
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(`${path}: cannot read the file (${code}); check the path`);
  }
}

const TAG = 'tag:yaml.org,2002:';

function sexagesimal(text: string): number {
  return text.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

/** PyYAML's implicit resolvers for bool, int and float (yaml/resolver.py, constructor.py). */
const PYYAML_SCALARS: ScalarTag[] = [
  {
    tag: `${TAG}bool`,
    default: true,
    test: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
    resolve: (s: string) => /^(?:yes|true|on)$/i.test(s),
    identify: (v: unknown) => typeof v === 'boolean',
  },
  {
    tag: `${TAG}float`,
    default: true,
    test: /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    resolve: (s: string) => {
      let v = s.replace(/_/g, '').toLowerCase();
      const sign = v.startsWith('-') ? -1 : 1;
      if (v[0] === '-' || v[0] === '+') v = v.slice(1);
      if (v === '.inf') return sign * Infinity;
      if (v === '.nan') return NaN;
      return sign * (v.includes(':') ? sexagesimal(v) : Number(v));
    },
    identify: (v: unknown) => typeof v === 'number' && !Number.isInteger(v),
  },
  {
    tag: `${TAG}int`,
    default: true,
    test: /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
    resolve: (s: string) => {
      let v = s.replace(/_/g, '');
      const sign = v.startsWith('-') ? -1 : 1;
      if (v[0] === '-' || v[0] === '+') v = v.slice(1);
      if (v === '0') return 0;
      if (v.startsWith('0b')) return sign * parseInt(v.slice(2), 2);
      if (v.startsWith('0x')) return sign * parseInt(v.slice(2), 16);
      if (v.startsWith('0')) return sign * parseInt(v, 8);
      if (v.includes(':')) return sign * sexagesimal(v);
      return sign * Number(v);
    },
    identify: (v: unknown) => typeof v === 'number' && Number.isInteger(v),
  },
];

const REPLACED = new Set([`${TAG}bool`, `${TAG}int`, `${TAG}float`, `${TAG}timestamp`]);

/** Ansible's `!vault |` tag; the value stays the vault text here and is decrypted with its line (see parseYaml). */
const VAULT_TAG: ScalarTag = { tag: '!vault', resolve: (s: string) => s };

function pyyamlTags(tags: Tags): Tags {
  return [...PYYAML_SCALARS, VAULT_TAG, ...tags.filter((t) => typeof t === 'string' || !REPLACED.has(t.tag))];
}

/**
 * Parses YAML or JSON text. Returns undefined for an empty document. Errors name file:line.
 * `what` is the name used in messages (usually the path). A whole-file vault and `!vault`
 * values are decrypted with `vault` (docs/architecture.md §8); without it they are an input
 * error naming the file (and line) and the flags that give the password. `keepInlineVault`:
 * `!vault` values stay encrypted (see VarsLoader).
 */
export function parseYaml(text: string, what: string, vault?: Vault, keepInlineVault = false): unknown {
  if (isVaultText(text)) text = decryptVault(text, vault?.secrets, what).toString('utf8');
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, { version: '1.1', prettyErrors: false, lineCounter, customTags: pyyamlTags });
  const err = doc.errors[0];
  if (err) {
    const line = lineCounter.linePos(err.pos[0]).line;
    const msg = err.message.split('\n')[0] ?? err.message;
    throw new UserError(`${what}${line ? `:${line}` : ''}: invalid YAML: ${msg}`);
  }
  const tag = unknownTags(doc)[0];
  if (tag) throw new UserError(`${what}:${lineCounter.linePos(tag.pos).line}: ${tag.message}`);
  visit(doc, {
    Scalar(_, node) {
      if (node.tag !== '!vault') return;
      if (keepInlineVault) return doc.createNode({ __ansible_vault: String(node.value) });
      const line = node.range ? lineCounter.linePos(node.range[0]).line : 0;
      const where = `${what}${line ? `:${line}` : ''}`;
      node.value = vault ? vault.revealValue(String(node.value), where) : decryptVault(String(node.value), undefined, where).toString('utf8');
    },
  });
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? undefined;
  } catch (e) {
    throw new UserError(`${what}${aliasProblemLine(doc, lineCounter)}: ${yamlValueProblem(e)}`);
  }
}

/**
 * The yaml library's parseDocument, without a stack trace for each problem it records: it makes
 * an Error per problem, and one broken 100 kB line is 100,000 of them (the fuzz test's hang, issue
 * 12); their stacks are never shown (errors name file:line) and cost most of the time.
 */
export function parseYamlDocument(text: string, options: ParseOptions & DocumentOptions & SchemaOptions): Document.Parsed {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseDocument(text, options);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Tags the YAML reader does not know (`!frob`, Ansible's `!unsafe`): the yaml library only warns
 * and keeps the value as if untagged; Ansible refuses a tag it has no constructor for, so afo
 * refuses it with its line instead of reading the value differently from what was meant.
 */
export function unknownTags(doc: Document): { pos: number; message: string }[] {
  return doc.warnings
    .filter((w) => w.code === 'TAG_RESOLVE_FAILED')
    .map((w) => {
      const tag = /Unresolved tag: (\S+)/.exec(w.message)?.[1] ?? 'unknown';
      return {
        pos: w.pos[0],
        message: `unsupported YAML tag ${tag}: afo reads only standard YAML tags${tag === '!vault' ? '' : ' and !vault'} here; remove the tag`,
      };
    });
}

/** Alias expansions one file may make: enough for real files, not for an "alias bomb". */
export const MAX_ALIAS_COUNT = 1000;

/** What a YAML value error means for the user (the yaml library's own words are terse). */
function yamlValueProblem(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/Excessive alias count/i.test(msg))
    return `too many alias expansions (more than ${MAX_ALIAS_COUNT}): afo refuses YAML "alias bombs"; write the values out`;
  if (/Unresolved alias/i.test(msg)) return `an alias (*name) refers to an anchor (&name) that is not defined before it; define the anchor first`;
  if (/Merge sources/i.test(msg)) return `a merge key (<<) must be followed by a mapping or an alias of one`;
  return `invalid YAML value: ${msg.split('\n')[0]}`;
}

/** `:line` of the first alias or merge key (where an expansion error comes from), or ''. */
function aliasProblemLine(doc: Document, lc: LineCounter): string {
  let at: number | undefined;
  visit(doc, {
    Alias(_k, node) {
      if (at === undefined && node.range && node.resolve(doc) === undefined) at = node.range[0];
    },
  });
  if (at === undefined) {
    visit(doc, {
      Pair(_k, pair) {
        if (at === undefined && isPair(pair) && isScalar(pair.key) && pair.key.source === '<<' && pair.key.range && !isAlias(pair.value)) {
          const v = pair.value as { items?: unknown } | null;
          if (!v || !('items' in v)) at = pair.key.range[0];
        }
      },
    });
  }
  if (at === undefined) {
    visit(doc, {
      Alias(_k, node) {
        if (at === undefined && node.range) at = node.range[0];
      },
    });
  }
  return at === undefined ? '' : `:${lc.linePos(at).line}`;
}

/** Loads a vars file that must hold a mapping (or be empty). */
export function loadVarsFile(loader: VarsLoader, path: string): Record<string, unknown> | undefined {
  const data = parseYaml(loader.readText(path), path, loader.vault, loader.keepInlineVault);
  if (data === undefined || data === null) return undefined;
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${path}: must contain a mapping of variable names to values, found ${Array.isArray(data) ? 'a list' : typeof data}`);
  }
  return data as Record<string, unknown>;
}
