/** roles/opengauss: where it is, and its defaults loaded (every task file validated) without connecting anywhere. */
import { TaskLoader } from '../../roles/load.js';
import { builtinModules } from '../../tasks/modules/index.js';
import { openGaussModules } from '../modules/modules.js';
import { roleDir } from './role-dir.js';

export { roleDir };

/** The role's defaults (roles/opengauss/defaults/main.yml), the only place they are written. */
export function loadDefaults(): Record<string, unknown> {
  return new TaskLoader([...builtinModules, ...openGaussModules()]).load(roleDir()).defaults;
}
