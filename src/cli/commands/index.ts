import type { Command } from 'commander';
import { registerDeployCommand } from './deploy.js';
import { registerInventoryCommand } from './inventory.js';

/** Each command lives in its own file and registers itself here (one line each). */
export function registerCommands(program: Command): void {
  registerInventoryCommand(program);
  registerDeployCommand(program);
}
