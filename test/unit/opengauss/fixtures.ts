import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reads a fixture under test/fixtures/opengauss/. */
export function fixture(path: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/opengauss/${path}`, import.meta.url)), 'utf8');
}
