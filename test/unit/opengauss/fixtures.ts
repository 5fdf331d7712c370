import type { PreflightFacts } from '../../../src/opengauss/modules/preflight-fact.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reads a fixture under test/fixtures/opengauss/. */
export function fixture(path: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/opengauss/${path}`, import.meta.url)), 'utf8');
}

/** A host's preflight facts that pass every check (a test overrides what it is about). */
export const goodFacts = (over: Partial<PreflightFacts> = {}): PreflightFacts => ({
  memAvailableMb: 4096,
  diskFreeMb: 50_000,
  listening: [22],
  nonEmptyDirs: [],
  locales: ['C', 'en_US.utf8'],
  hostKeys: [],
  clock: { service: 'chronyd', synced: true, offsetMs: 0.012 },
  distribution: 'openEuler',
  version: '20.03',
  arch: 'x86_64',
  python3: '3.7.9',
  timezone: 'UTC',
  interfaces: [],
  ...over,
});
