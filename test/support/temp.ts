/**
 * Temp directories that go away after the test file that made them. Modules are loaded afresh for
 * each test file, so the hook below, registered while the file is collected, belongs to that file.
 * (Hooks cannot be added from inside a running test, and exit handlers do not run when vitest
 * ends its workers.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => made.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fresh directory under the system temp dir, removed after this test file. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
