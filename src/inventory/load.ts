/** Reading an inventory file from disk: the INI text plus group_vars/ and host_vars/ beside it. */
import { dirname, extname } from 'node:path';
import { UserError } from '../errors.js';
import { fsLoader, type VarsLoader } from './loader.js';
import { parseIniInventory } from './ini.js';
import type { Inventory } from './types.js';
import { attachVarsFiles } from './vars-files.js';

/** Loads `path` (an INI inventory file). Throws UserError naming file:line on any mistake. */
export function loadInventory(path: string, loader: VarsLoader = fsLoader): Inventory {
  const kind = loader.kind(path);
  if (kind === 'missing') throw new UserError(`inventory ${path} does not exist; pass an INI inventory file with -i`);
  if (kind === 'dir') throw new UserError(`inventory ${path} is a directory; pass the INI file itself (e.g. ${path}/hosts.ini)`);
  if (['.yml', '.yaml', '.json'].includes(extname(path))) {
    throw new UserError(`inventory ${path}: afo reads Ansible's INI inventory format only; convert it (ansible-inventory -i ${path} --list shows the content)`);
  }
  const inv = parseIniInventory(loader.readText(path), path, dirname(path));
  return attachVarsFiles(inv, loader);
}
