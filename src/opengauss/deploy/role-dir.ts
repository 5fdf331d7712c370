/** Where roles/opengauss is, without loading anything (afo --version reads package.json beside it). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `roles/opengauss` at the package root (from src/ or dist/src/). */
export function roleDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, 'roles', 'opengauss');
    if (existsSync(join(p, 'tasks', 'main.yml'))) return p;
    dir = dirname(dir);
  }
  throw new Error('internal: roles/opengauss not found above the afo sources');
}
