import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LoadIssue, parseYamlFile } from '../../../src/roles/yaml-file.js';

describe('parseYamlFile: one parse per file and text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'afo-yaml-file-'));

  it('reuses the parse of a file reached again with the same text (an import site, then the pre-run check)', () => {
    const file = join(dir, 'tasks.yml');
    writeFileSync(file, '- name: a\n  debug: {msg: hi}\n');
    const first = parseYamlFile(file, []);
    const again = parseYamlFile(file, []);
    expect(again).toBe(first);
    expect(again.toPlain(again.root)).toEqual([{ name: 'a', debug: { msg: 'hi' } }]);
  });

  it('parses again when the file changed on disk', () => {
    const file = join(dir, 'changed.yml');
    writeFileSync(file, '- name: old\n');
    const before = parseYamlFile(file, []);
    writeFileSync(file, '- name: new\n  debug: {}\n');
    const after = parseYamlFile(file, []);
    expect(after).not.toBe(before);
    expect(after.toPlain(after.root)).toEqual([{ name: 'new', debug: {} }]);
    expect(after.lineOf((after.root as { items: unknown[] }).items[0])).toBe(1);
  });

  it("gives each caller the file's problems, with their lines, every time it is reached", () => {
    const file = join(dir, 'broken.yml');
    writeFileSync(file, '- name: a\n  when: [x\n');
    const one: LoadIssue[] = [];
    const two: LoadIssue[] = [];
    parseYamlFile(file, one);
    parseYamlFile(file, two);
    expect(one.length).toBeGreaterThan(0);
    expect(two).toEqual(one);
    expect(two[0]).not.toBe(one[0]);
    expect(one[0]).toMatchObject({ file, message: expect.stringContaining('invalid YAML') });
  });

  it('keys the reuse on the text handed in, not only the path', () => {
    const file = join(dir, 'given.yml');
    const a = parseYamlFile(file, [], 'x: 1\n');
    const b = parseYamlFile(file, [], 'x: 2\n');
    expect(b.toPlain(b.root)).toEqual({ x: 2 });
    expect(a.toPlain(a.root)).toEqual({ x: 1 });
  });
});
