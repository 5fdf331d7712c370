/**
 * `afo init [DIR]`: a new inventory folder to edit — DIR/hosts.ini (the commented example) and
 * DIR/group_vars/all.yml (the role's defaults, commented out). Existing files are left alone
 * unless --force.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { groupVarsText, hostsIniText } from '../init/files.js';

export const DEFAULT_INIT_DIR = 'inventories/opengauss';

/** Writes the two files; returns their paths. */
export function initInventory(dir: string, force: boolean): string[] {
  const files: [string, string][] = [
    [join(dir, 'hosts.ini'), hostsIniText()],
    [join(dir, 'group_vars', 'all.yml'), groupVarsText()],
  ];
  const existing = files.map(([f]) => f).filter((f) => existsSync(f));
  if (existing.length > 0 && !force)
    throw new UserError(
      `${existing.join(' and ')} already ${existing.length > 1 ? 'exist' : 'exists'}: afo init writes new files only (--force overwrites them)`,
    );
  for (const [file, text] of files) {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  }
  return files.map(([f]) => f);
}

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('write a commented inventory (DIR/hosts.ini) and DIR/group_vars/all.yml with every default, to edit')
    .argument('[dir]', 'the inventory folder', DEFAULT_INIT_DIR)
    .option('--force', 'overwrite the files if they exist')
    .action((dir: string, opts: { force?: boolean }) => {
      const written = initInventory(dir, !!opts.force);
      const hosts = written[0]!;
      process.stdout.write(
        `wrote ${written.join(' and ')}\n` +
          `next: put your hosts' addresses in ${hosts}, uncomment what you change in ${written[1]}, then\n` +
          `  afo inventory -i ${hosts} --graph\n  afo config -i ${hosts}\n  afo deploy -i ${hosts} --check\n`,
      );
    });
}
