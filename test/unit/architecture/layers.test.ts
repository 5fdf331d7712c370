/**
 * Layer check (docs/architecture.md §1): no file under src/ imports a layer on its own or a
 * higher level. The table is read from docs/architecture.md, so the documented rule is the rule.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile, importsOf, layerOf, parseExceptions, parseLayerTable, readRepo, repoRoot, tsFiles } from './layers.js';

const architecture = readRepo('docs/architecture.md');
const table = parseLayerTable(architecture);
const exceptions = parseExceptions(architecture);

describe('the layer table of docs/architecture.md', () => {
  it('names every folder and top-level file under src/', () => {
    const entries = readdirSync(join(repoRoot, 'src')).filter((n) => statSync(join(repoRoot, 'src', n)).isDirectory() || n.endsWith('.ts'));
    const missing = entries.map((n) => layerOf(n)).filter((l) => !table.levels.has(l));
    expect(missing, 'add these to the layer table (docs/architecture.md §1)').toEqual([]);
  });

  it('puts the base first and the CLI last', () => {
    expect(table.levels.get('errors')).toBe(0);
    const top = Math.max(...table.levels.values());
    expect([...table.levels].filter(([, l]) => l === top).map(([n]) => n)).toEqual(['cli']);
  });
});

describe('the checker', () => {
  const t = parseLayerTable(
    [
      '<!-- layer-table:begin -->',
      '| Level | Layers | |',
      '|---|---|---|',
      '| 0 | `errors` | x |',
      '| 1 | `text`, `shell` | x |',
      '| 2 | `engine` | x |',
      '| 3 | `cli` | x |',
      '<!-- layer-table:end -->',
    ].join('\n'),
  );

  it('reads every kind of import with its line', () => {
    const src = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from '../c.js';",
      "export * from './d.js';",
      'const e = await import("../e.js");',
      "let f: import('../f.js').F;",
      "import 'node:fs';",
    ].join('\n');
    expect(importsOf('x.ts', src)).toEqual([
      { specifier: './a.js', line: 1 },
      { specifier: '../b.js', line: 2 },
      { specifier: '../c.js', line: 3 },
      { specifier: './d.js', line: 4 },
      { specifier: '../e.js', line: 5 },
      { specifier: '../f.js', line: 6 },
      { specifier: 'node:fs', line: 7 },
    ]);
  });

  it('ignores imports in comments and strings', () => {
    expect(importsOf('x.ts', "// import x from '../cli/a.js'\nconst s = \"import('../cli/b.js')\";\n")).toEqual([]);
  });

  it('allows lower levels and the own layer, refuses the same level and higher ones', () => {
    const text = [
      "import { UserError } from '../errors.js';",
      "import { x } from './quote.js';",
      "import { y } from '../../errors.js';",
      "import { z } from '../shell/quote.js';",
      "import type { R } from '../engine/run.js';",
      "export { w } from '../cli/main.js';",
      "const m = import('../nowhere/x.js');",
      "import 'zod';",
    ].join('\n');
    expect(checkFile('src/text/suggest.ts', text, t).map((v) => v.message)).toEqual([
      'src/text/suggest.ts:3 imports ../../errors.js (outside src/)',
      'src/text/suggest.ts:4 imports ../shell/quote.js (layer text may not import layer shell)',
      'src/text/suggest.ts:5 imports ../engine/run.js (layer text may not import layer engine)',
      'src/text/suggest.ts:6 imports ../cli/main.js (layer text may not import layer cli)',
      'src/text/suggest.ts:7 imports ../nowhere/x.js (layer nowhere is not in the layer table of docs/architecture.md)',
    ]);
  });

  it('reads the exceptions table', () => {
    expect(
      parseExceptions(
        '<!-- layer-exceptions:begin -->\n| File | Imports layer | Why |\n|---|---|---|\n| `src/a/b.ts` | `c` | x |\n<!-- layer-exceptions:end -->',
      ),
    ).toEqual([{ file: 'src/a/b.ts', layer: 'c' }]);
    // none left today (docs/architecture.md §1.1); an empty table parses as no exception
    expect(parseExceptions(architecture)).toEqual([]);
  });

  it('maps src/errors.ts to the errors layer', () => {
    expect(layerOf('errors.ts')).toBe('errors');
    expect(layerOf('cli/errors.ts')).toBe('cli');
    expect(checkFile('src/engine/run.ts', "import { UserError } from '../errors.js';", t)).toEqual([]);
    expect(checkFile('src/engine/run.ts', "import { UserError } from '../cli/errors.js';", t).map((v) => v.message)).toEqual([
      'src/engine/run.ts:1 imports ../cli/errors.js (layer engine may not import layer cli)',
    ]);
  });
});

describe('src/', () => {
  const violations = tsFiles(repoRoot, join(repoRoot, 'src')).flatMap((f) => checkFile(f, readRepo(f), table));
  const excused = (v: { file: string; to: string }): boolean => exceptions.some((e) => e.file === v.file && e.layer === v.to);

  it('imports only lower layers (docs/architecture.md §1; known exceptions in §1.1)', () => {
    expect(violations.filter((v) => !excused(v)).map((v) => v.message)).toEqual([]);
  });

  it('has no stale exception in docs/architecture.md §1.1', () => {
    const stale = exceptions.filter((e) => !violations.some((v) => v.file === e.file && v.to === e.layer));
    expect(stale.map((e) => `${e.file} -> ${e.layer}: no longer imported, remove the row`)).toEqual([]);
  });
});
