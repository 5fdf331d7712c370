import type { Command } from 'commander';
import { registerDeployCommand } from './deploy.js';
import { registerExpandCommand } from './expand.js';
import { registerInitCommand } from './init.js';
import { registerInventoryCommand } from './inventory.js';
import { registerOpsCommands } from './ops.js';
import { registerPlayCommand } from './play.js';
import { registerVaultCommand } from './vault.js';
import { registerSettingsCommand } from './settings.js';

/** A command's exit code, handed to main (the only place that exits). */
export type SetExit = (code: number) => void;

/** Each command lives in its own file and registers itself here (one line each). */
export function registerCommands(program: Command, setExit: SetExit): void {
  registerInventoryCommand(program);
  registerPlayCommand(program, setExit);
  registerDeployCommand(program, setExit);
  registerOpsCommands(program, setExit);
  registerExpandCommand(program, setExit);
  registerVaultCommand(program, setExit);
  registerSettingsCommand(program);
  registerInitCommand(program);
}
