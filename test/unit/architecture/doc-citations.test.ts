/**
 * Comments cite documents of the repository only, and every cited section exists
 * (docs/architecture.md §9): `docs/opengauss.md §5.6`, `docs/architecture.md §3.2`, lists such as
 * `§6.1/§6.2` or `§5.5–§5.8`, or a heading by name: `docs/architecture.md, "The run opener"`.
 * Pitfalls are cited as items of a numbered chapter (`§7.16`).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRepo, repoRoot } from './layers.js';

const ROOTS = ['docs', 'src', 'test', 'bench', 'roles', 'templates', 'scripts'];
/** This file's own examples are not citations. */
const SELF = 'test/unit/architecture/doc-citations.test.ts';
const TEXT = /\.(ts|py|sh|yml|yaml|hbs|md|j2)$/;

function files(): string[] {
  const out: string[] = ['README.md'];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(repoRoot, rel)).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = `${rel}/${name}`;
      if (statSync(join(repoRoot, p)).isDirectory()) walk(p);
      else if (TEXT.test(name) && p !== SELF) out.push(p);
    }
  };
  for (const r of ROOTS) if (existsSync(join(repoRoot, r))) walk(r);
  return out;
}

/** Section numbers a document defines: `## N.` / `### N.M` headings, and `N.M` for the items of a numbered list in chapter N. */
export function sectionsOf(markdown: string): Set<string> {
  const out = new Set<string>();
  let chapter: string | undefined;
  for (const line of markdown.split('\n')) {
    const h = /^#{2,4} (\d+(?:\.\d+)*)\.?\s/.exec(line);
    if (h) {
      out.add(h[1]!);
      if (line.startsWith('## ')) chapter = h[1];
      continue;
    }
    const item = /^(\d+)\. /.exec(line);
    if (item && chapter) out.add(`${chapter}.${item[1]}`);
  }
  return out;
}

/** `docs/x.md §1.2/§1.3, §4` -> [['docs/x.md', '1.2'], ['docs/x.md', '1.3'], ['docs/x.md', '4']]. */
export function citationsIn(text: string): Array<{ doc: string; section: string; line: number }> {
  const out: Array<{ doc: string; section: string; line: number }> = [];
  const re = /(docs\/[\w/-]+\.md)((?:(?:\s*(?:,|\/|–|-|and)\s*|\s+)§\d+(?:\.\d+)*)+)/g;
  for (const m of text.matchAll(re)) {
    const line = text.slice(0, m.index).split('\n').length;
    for (const s of m[2]!.matchAll(/§(\d+(?:\.\d+)*)/g)) out.push({ doc: m[1]!, section: s[1]!, line });
  }
  return out;
}

/** `docs/x.md, "Heading name"` citations. */
export function headingCitationsIn(text: string): Array<{ doc: string; heading: string; line: number }> {
  return [...text.matchAll(/(docs\/[\w/-]+\.md),?\s+"([^"\n]+)"/g)].map((m) => ({
    doc: m[1]!,
    heading: m[2]!,
    line: text.slice(0, m.index).split('\n').length,
  }));
}

/** Heading texts without the `#`s and the section number, lower case. */
export function headingsOf(markdown: string): string[] {
  return markdown.split('\n').flatMap((l) =>
    /^#{1,4} /.test(l)
      ? [
          l
            .replace(/^#+\s+(\d+(\.\d+)*\.?\s+)?/, '')
            .trim()
            .toLowerCase(),
        ]
      : [],
  );
}

describe('citations', () => {
  const all = files();

  it('never point outside the repository', () => {
    const outside = all.flatMap((f) =>
      readRepo(f)
        .split('\n')
        .flatMap((l, i) => (/\b(OPENGAUSS|DESIGN|TESTHOSTS)\.md\b|\/work\/shared\//.test(l) ? [`${f}:${i + 1}: ${l.trim()}`] : [])),
    );
    expect(outside).toEqual([]);
  });

  it('name sections that exist', () => {
    const docs = new Map<string, Set<string> | undefined>();
    const bad: string[] = [];
    for (const f of all) {
      for (const c of citationsIn(readRepo(f))) {
        if (!docs.has(c.doc)) docs.set(c.doc, existsSync(join(repoRoot, c.doc)) ? sectionsOf(readRepo(c.doc)) : undefined);
        const sections = docs.get(c.doc);
        if (!sections) bad.push(`${f}:${c.line}: ${c.doc} does not exist`);
        else if (!sections.has(c.section)) bad.push(`${f}:${c.line}: ${c.doc} has no §${c.section}`);
      }
    }
    expect(bad).toEqual([]);
    expect(docs.size).toBeGreaterThan(0);
  });

  it('name headings that exist', () => {
    const bad: string[] = [];
    for (const f of all) {
      for (const c of headingCitationsIn(readRepo(f))) {
        const heads = existsSync(join(repoRoot, c.doc)) ? headingsOf(readRepo(c.doc)) : undefined;
        if (!heads) bad.push(`${f}:${c.line}: ${c.doc} does not exist`);
        else if (!heads.some((h) => h.startsWith(c.heading.toLowerCase()))) bad.push(`${f}:${c.line}: ${c.doc} has no heading "${c.heading}"`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('reads heading citations', () => {
    expect(headingCitationsIn('(docs/architecture.md, "The run opener"): x').map((c) => c.heading)).toEqual(['The run opener']);
    expect(headingsOf('## 5. The run opener\n### 3.1 Facts (`x`)\n')).toEqual(['the run opener', 'facts (`x`)']);
  });

  it('reads section lists and numbered items', () => {
    expect(citationsIn('x (docs/opengauss.md §6.1/§6.2, §7.7) and docs/architecture.md §3').map((c) => `${c.doc}#${c.section}`)).toEqual([
      'docs/opengauss.md#6.1',
      'docs/opengauss.md#6.2',
      'docs/opengauss.md#7.7',
      'docs/architecture.md#3',
    ]);
    const s = sectionsOf('## 7. Pitfalls\n\n1. **a**\n2. **b**\n\n### 7.9 x\n## 8. Open\n');
    expect([...s].sort()).toEqual(['7', '7.1', '7.2', '7.9', '8'].sort());
  });
});
