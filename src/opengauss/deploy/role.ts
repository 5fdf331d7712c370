/** roles/opengauss: where it is, and its defaults loaded (every task file validated) without connecting anywhere. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TaskLoader } from '../../roles/load.js';
import { builtinModules } from '../../tasks/modules/index.js';
import { openGaussModules } from '../modules/modules.js';

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

/** The role's defaults (roles/opengauss/defaults/main.yml), the only place they are written. */
export function loadDefaults(): Record<string, unknown> {
  return new TaskLoader([...builtinModules, ...openGaussModules()]).load(roleDir()).defaults;
}
