/**
 * The built-in modules, by YAML name. Each lives in its own file; aliases (yum/dnf/apt for
 * package, systemd for service) share one implementation.
 */
import type { Module } from '../module.js';
import { assertModule } from './assert.js';
import { authorizedKeyModule } from './authorized-key.js';
import { blockinfileModule } from './blockinfile.js';
import { commandModule, shellModule } from './command.js';
import { copyModule } from './copy.js';
import { cronModule } from './cron.js';
import { debugModule } from './debug.js';
import { expectModule } from './expect.js';
import { failModule } from './fail.js';
import { fileModule } from './file.js';
import { getUrlModule } from './get-url.js';
import { groupModule } from './group.js';
import { hostnameModule } from './hostname.js';
import { lineinfileModule } from './lineinfile.js';
import { packageModules } from './package.js';
import { replaceModule } from './replace.js';
import { selinuxModule } from './selinux.js';
import { serviceModules } from './service.js';
import { setFactModule } from './set-fact.js';
import { statModule } from './stat.js';
import { sysctlModule } from './sysctl.js';
import { templateModule } from './template.js';
import { unarchiveModule } from './unarchive.js';
import { userModule } from './user.js';
import { waitForModule } from './wait-for.js';

// Each module is typed by its own arguments; the registry holds them behind the common shape
// (the engine validates arguments with `args` before calling `facts`/`plan`).
const all: Module<never>[] = [
  commandModule,
  shellModule,
  expectModule,
  fileModule,
  copyModule,
  templateModule,
  lineinfileModule,
  blockinfileModule,
  replaceModule,
  statModule,
  sysctlModule,
  userModule,
  groupModule,
  authorizedKeyModule,
  hostnameModule,
  cronModule,
  selinuxModule,
  ...packageModules,
  ...serviceModules,
  unarchiveModule,
  getUrlModule,
  waitForModule,
  assertModule,
  failModule,
  setFactModule,
  debugModule,
] as Module<never>[];

export const builtinModules: Module[] = all as unknown as Module[];

/** Look a built-in up by its YAML name. */
export function builtinModule(name: string): Module | undefined {
  return builtinModules.find((m) => m.name === name);
}
