import type { Command } from 'commander';

/** A command's exit code, handed to main (the only place that exits). */
export type SetExit = (code: number) => void;

type Register = (program: Command, setExit: SetExit) => void;

/**
 * Each command lives in its own file and registers itself; the file is loaded only when the
 * command line names one of its commands (or for help and anything unknown, which list them
 * all), so `afo inventory` does not pay for loading the deploy machinery (bench/README.md,
 * start-up figures). One line per file, in help order.
 */
export const COMMANDS: { names: string[]; load: () => Promise<Register> }[] = [
  { names: ['inventory'], load: async () => (await import('./inventory.js')).registerInventoryCommand },
  { names: ['play'], load: async () => (await import('./play.js')).registerPlayCommand },
  { names: ['deploy', 'config'], load: async () => (await import('./deploy.js')).registerDeployCommand },
  { names: ['status', 'switchover', 'scale-in'], load: async () => (await import('./ops.js')).registerOpsCommands },
  { names: ['expand'], load: async () => (await import('./expand.js')).registerExpandCommand },
  { names: ['vault'], load: async () => (await import('./vault.js')).registerVaultCommand },
  { names: ['settings'], load: async () => (await import('./settings.js')).registerSettingsCommand },
  { names: ['init'], load: async () => (await import('./init.js')).registerInitCommand },
];

/**
 * The command files `argv` (process.argv: node, script, args) needs: the one naming its first
 * word; none for `afo --version` alone; all of them otherwise (help, no command, a typo).
 */
export function commandsFor(argv: string[]): typeof COMMANDS {
  const args = argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) return [];
  const first = args.find((a) => !a.startsWith('-'));
  // afo's own options come before the command only for help/version: the first word is the command
  const named = first !== undefined && args.indexOf(first) === 0 ? COMMANDS.filter((c) => c.names.includes(first)) : [];
  return named.length > 0 ? named : COMMANDS;
}

export async function registerCommands(program: Command, setExit: SetExit, argv: string[] = []): Promise<void> {
  for (const c of argv.length > 0 ? commandsFor(argv) : COMMANDS) (await c.load())(program, setExit);
}
