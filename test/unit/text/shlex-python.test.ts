/** shlexSplit against Python's own shlex.split on generated lines (results and errors). */
import { describe, expect, it } from 'vitest';
import { shlexSplit } from '../../../src/text/shlex.js';
import { runPython, seeded } from '../helpers/python.js';

// Characters that steer the lexer, plus plain ones; weighted towards the interesting ones.
const ALPHABET = ['a', 'b', '=', ' ', ' ', '\t', '\n', "'", "'", '"', '"', '\\', '\\', '#', '$', '`', ';', '\v', 'é'];

function lines(seed: number, count: number): string[] {
  const r = seeded(seed);
  return Array.from({ length: count }, () => Array.from({ length: 1 + r.int(14) }, () => r.pick(ALPHABET)).join(''));
}

const PYTHON = `
import json, shlex, sys
out = []
for line, comments in json.load(sys.stdin):
    try:
        out.append({"words": shlex.split(line, comments=comments)})
    except ValueError as e:
        out.append({"error": str(e)})
print(json.dumps(out))
`;

type Answer = { words: string[] } | { error: string };

function ours(line: string, comments: boolean): Answer {
  try {
    return { words: shlexSplit(line, { comments }) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('shlexSplit = Python shlex.split', () => {
  const cases: [string, boolean][] = [...lines(9, 300).map((l): [string, boolean] => [l, false]), ...lines(10, 300).map((l): [string, boolean] => [l, true])];
  const python = runPython<Answer[]>(PYTHON, cases);

  it('gives the same words or the same error for 600 generated lines', () => {
    const diffs = cases
      .map(([line, comments], i) => ({ line, comments, python: python[i], ours: ours(line, comments) }))
      .filter((d) => JSON.stringify(d.python) !== JSON.stringify(d.ours));
    expect(diffs).toEqual([]);
  });
  it('the generated lines cover errors, comments and escapes', () => {
    expect(python.filter((a) => 'error' in a).length).toBeGreaterThan(20);
    expect(cases.filter(([l, c]) => c && l.includes('#')).length).toBeGreaterThan(50);
    expect(cases.filter(([l]) => l.includes('"') && l.includes('\\')).length).toBeGreaterThan(50);
  });
});
