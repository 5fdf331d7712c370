/** afo's version: package.json's (the one place the version is written), beside roles/ at the package root. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { roleDir } from '../opengauss/deploy/role-dir.js';

/** The package root (where package.json, roles/, templates/ and inventories/ are). */
export const packageRoot = (): string => dirname(dirname(roleDir()));

export const AFO_VERSION: string = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
