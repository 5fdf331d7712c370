/**
 * `afo inventory -i FILE --list | --host H | --graph [GROUP]`: the inventory as Ansible sees it,
 * in ansible-inventory's output format, so `afo inventory` and `ansible-inventory` can be
 * compared on the same file. `--host` with `-e` also shows the extra vars applied.
 */
import type { Command } from 'commander';
import type { InventoryOptions } from './inventory-run.js';

export function registerInventoryCommand(program: Command): void {
  program
    .command('inventory')
    .description('show the inventory as Ansible reads it (same output as ansible-inventory)')
    .option('-i, --inventory <file>', 'INI inventory file (group_vars/ and host_vars/ beside it are read)')
    .option('--list', 'all groups and hosts with their variables, as JSON')
    .option('--host <host>', "one host's variables, as JSON")
    .option('--graph [group]', 'the group tree')
    .option('-e, --extra-vars <vars>', 'extra vars for --host: k=v, @file.yml or JSON (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(async (opts: InventoryOptions) => {
      const { runInventory } = await import('./inventory-run.js');
      runInventory(
        opts,
        (s) => process.stdout.write(s + '\n'),
        (s) => process.stderr.write(`afo: warning: ${s}\n`),
      );
    });
}
