import type { Command } from 'commander';
import { registerDeployCommand } from './deploy.js';
import { registerInventoryCommand } from './inventory.js';
import { registerPlayCommand } from './play.js';

/** Each command lives in its own file and registers itself here (one line each). */
export function registerCommands(program: Command): void {
  registerInventoryCommand(program);
  registerPlayCommand(program);
  registerDeployCommand(program);
}
