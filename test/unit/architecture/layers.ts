/**
 * The layer check of docs/architecture.md §1: the layer table is parsed from that file (so the
 * rule and its documentation cannot drift), every import in src/ is read with the TypeScript
 * parser, and each import of a layer that is not lower than the importer's is a violation.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface LayerTable {
  /** Layer name -> level (lower levels may be imported by higher ones). */
  levels: Map<string, number>;
}

export interface ImportRef {
  specifier: string;
  line: number;
}

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  from: string;
  to: string;
  message: string;
}

const BEGIN = '<!-- layer-table:begin -->';
const END = '<!-- layer-table:end -->';

/** The rows between the markers: `| level | `a`, `b` | text |`. */
export function parseLayerTable(markdown: string): LayerTable {
  const b = markdown.indexOf(BEGIN);
  const e = markdown.indexOf(END);
  if (b < 0 || e < b) throw new Error(`layer table markers ${BEGIN} … ${END} not found`);
  const levels = new Map<string, number>();
  for (const row of markdown.slice(b + BEGIN.length, e).split('\n')) {
    const cells = row.split('|').map((c) => c.trim());
    // ['', level, layers, text, '']
    if (cells.length < 4 || !/^\d+$/.test(cells[1] ?? '')) continue;
    const level = Number(cells[1]);
    const names = [...(cells[2] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    if (names.length === 0) throw new Error(`layer table row without layers: ${row}`);
    for (const n of names) {
      if (levels.has(n)) throw new Error(`layer '${n}' is listed twice in the layer table`);
      levels.set(n, level);
    }
  }
  if (levels.size === 0) throw new Error('the layer table has no rows');
  return { levels };
}

export interface Exception {
  file: string;
  layer: string;
}

const EX_BEGIN = '<!-- layer-exceptions:begin -->';
const EX_END = '<!-- layer-exceptions:end -->';

/** The known exceptions: rows `| `src/file.ts` | `layer` | why |` between their markers. */
export function parseExceptions(markdown: string): Exception[] {
  const b = markdown.indexOf(EX_BEGIN);
  const e = markdown.indexOf(EX_END);
  if (b < 0 || e < b) return [];
  const out: Exception[] = [];
  for (const row of markdown.slice(b + EX_BEGIN.length, e).split('\n')) {
    const m = /^\|\s*`(src\/[^`]+)`\s*\|\s*`([^`]+)`\s*\|/.exec(row.trim());
    if (m) out.push({ file: m[1]!, layer: m[2]! });
  }
  return out;
}

/** Every module specifier a TypeScript file imports, with its 1-based line. */
export function importsOf(fileName: string, text: string): ImportRef[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: ImportRef[] = [];
  const add = (lit: ts.Node | undefined): void => {
    if (lit && ts.isStringLiteralLike(lit)) {
      out.push({ specifier: lit.text, line: sf.getLineAndCharacterOfPosition(lit.getStart(sf)).line + 1 });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/**
 * The layer of a path relative to src/ (posix separators): its top folder, or for a file
 * directly under src/ its name without `.ts` (src/errors.ts -> `errors`).
 */
export function layerOf(srcRelative: string): string {
  const parts = srcRelative.split('/');
  return parts.length === 1 ? parts[0]!.replace(/\.[cm]?[jt]s$/, '') : parts[0]!;
}

/**
 * Check one file (path relative to the repository, posix) against the table. Only relative
 * specifiers are checked: packages (`zod`, `node:fs`) belong to no layer.
 */
export function checkFile(file: string, text: string, table: LayerTable): Violation[] {
  if (!file.startsWith('src/')) throw new Error(`not under src/: ${file}`);
  const from = layerOf(file.slice('src/'.length));
  const fromLevel = table.levels.get(from);
  const out: Violation[] = [];
  for (const imp of importsOf(file, text)) {
    if (!imp.specifier.startsWith('.')) continue;
    const target = posix.normalize(posix.join(posix.dirname(file), imp.specifier));
    const base = { file, line: imp.line, specifier: imp.specifier, from };
    if (!target.startsWith('src/')) {
      out.push({ ...base, to: target, message: `${file}:${imp.line} imports ${imp.specifier} (outside src/)` });
      continue;
    }
    const to = layerOf(target.slice('src/'.length));
    if (to === from) continue;
    const toLevel = table.levels.get(to);
    if (fromLevel === undefined || toLevel === undefined) {
      const missing = fromLevel === undefined ? from : to;
      out.push({ ...base, to, message: `${file}:${imp.line} imports ${imp.specifier} (layer ${missing} is not in the layer table of docs/architecture.md)` });
    } else if (toLevel >= fromLevel) {
      out.push({ ...base, to, message: `${file}:${imp.line} imports ${imp.specifier} (layer ${from} may not import layer ${to})` });
    }
  }
  return out;
}

/** Every .ts file under `dir`, as paths relative to `root` with posix separators. */
export function tsFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

export const repoRoot = resolve(dirname(new URL(import.meta.url).pathname), '../../..');

export function readRepo(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8');
}
