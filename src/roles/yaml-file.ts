/**
 * YAML with positions: parse a file once, keep a LineCounter so any node can be turned into
 * `file:line`, and convert nodes to plain values the way Ansible (PyYAML, YAML 1.1) reads them —
 * `yes`/`no` are booleans (`y`/`n` stay strings, as in PyYAML) — and a plain `0644` stays the string "0644" (a file mode),
 * which is what users mean and what avoids YAML 1.1's silent octal conversion.
 */
import { UserError } from '../errors.js';
import { MAX_ALIAS_COUNT, parseYamlDocument, readInputFile, unknownTags } from '../inventory/loader.js';
import { LineCounter, isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';

/** One problem found while loading, tied to its position. */
export interface LoadIssue {
  file: string;
  line: number;
  message: string;
}

/** A parsed YAML file: the root node plus helpers that need the document. */
export interface YamlFile {
  file: string;
  root: Node | null;
  /** 1-based line of a node (the file's first line when unknown). */
  lineOf(node: unknown): number;
  /** Plain JS value of a node. */
  toPlain(node: unknown): unknown;
}

/** Files parsed in this process, by path: the same text is parsed once (see parseYamlFile). */
const parsed = new Map<string, { source: string; yf: YamlFile; issues: LoadIssue[] }>();

/**
 * Parse `text` (read from `file` when omitted). YAML syntax errors are pushed to `issues`. A role
 * reaches the same file several times (each import site, then every file of tasks/ for the
 * pre-run check): the parse is kept per path and reused while the text is the same, since the
 * yaml library is a large part of a short run's start (bench/README.md, start-up).
 */
export function parseYamlFile(file: string, issues: LoadIssue[], text?: string): YamlFile {
  const source = text ?? readInputFile(file);
  const hit = parsed.get(file);
  if (hit && hit.source === source) {
    issues.push(...hit.issues.map((i) => ({ ...i })));
    return hit.yf;
  }
  const own: LoadIssue[] = [];
  const yf = parseFresh(file, own, source);
  parsed.set(file, { source, yf, issues: own });
  issues.push(...own.map((i) => ({ ...i })));
  return yf;
}

function parseFresh(file: string, issues: LoadIssue[], source: string): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(source, { lineCounter, version: '1.1', prettyErrors: false, uniqueKeys: true });
  for (const err of doc.errors) {
    const line = err.linePos?.[0]?.line ?? lineCounter.linePos(err.pos[0]).line;
    issues.push({ file, line, message: `invalid YAML: ${firstLine(err.message)} (fix the syntax; indentation and ':' spacing are the usual cause)` });
  }
  for (const tag of unknownTags(doc)) issues.push({ file, line: lineCounter.linePos(tag.pos).line, message: tag.message });
  const lineOf = (node: unknown): number => {
    const range = (node as { range?: [number, number, number] | null } | null)?.range;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
  const root = doc.errors.length > 0 || unknownTags(doc).length > 0 ? null : ((doc.contents as Node | null) ?? null);
  return {
    file,
    root,
    lineOf,
    toPlain: (node) => toPlain(node, doc, { left: MAX_ALIAS_COUNT, file, lineOf }),
  };
}

/** Alias expansions per value: a YAML "alias bomb" is refused, not expanded (same cap as vars files). */
interface AliasBudget {
  left: number;
  file: string;
  lineOf: (node: unknown) => number;
}

function toPlain(node: unknown, doc: Document, budget: AliasBudget): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (target === undefined)
      throw new UserError(
        `${budget.file}:${budget.lineOf(node)}: the alias *${node.source} refers to no anchor defined before it; define the anchor (&${node.source}) first`,
      );
    if (--budget.left < 0)
      throw new UserError(
        `${budget.file}:${budget.lineOf(node)}: too many alias expansions (more than ${MAX_ALIAS_COUNT}): afo refuses YAML "alias bombs"; write the values out`,
      );
    return toPlain(target, doc, budget);
  }
  if (isScalar(node)) {
    const src = (node as { source?: unknown }).source;
    // PyYAML (what Ansible users' files were written for) reads y/n as strings, not booleans.
    if (node.type === 'PLAIN' && typeof src === 'string' && /^(0[0-7]+|[yYnN])$/.test(src)) return src;
    return node.value;
  }
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (isScalar(pair.key) && typeof pair.key.value === 'symbol') {
        throw new UserError(`${budget.file}:${budget.lineOf(pair.key)}: afo does not support YAML merge keys (<<) in role files; write the keys out`);
      }
      out[String(toPlain(pair.key, doc, budget))] = toPlain(pair.value, doc, budget);
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((item) => toPlain(item, doc, budget));
  return node;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
