import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandsFor, registerCommands } from '../../../src/cli/commands/index.js';

const argv = (...args: string[]) => ['node', 'afo', ...args];
const names = (list: typeof COMMANDS) => list.flatMap((c) => c.names);

describe('afo loads only the command file a command line needs', () => {
  it('the table names every command the files register, in help order', async () => {
    const program = new Command('afo');
    await registerCommands(program, () => {});
    expect(program.commands.map((c) => c.name())).toEqual(names(COMMANDS));
  });

  it('a named command loads its own file; --version alone loads none; help, no command or a typo load all', () => {
    expect(names(commandsFor(argv('inventory', '-i', 'hosts.ini', '--list')))).toEqual(['inventory']);
    expect(names(commandsFor(argv('scale-in', '--host', 'db2')))).toEqual(['status', 'switchover', 'scale-in']);
    expect(names(commandsFor(argv('config', '-i', 'x')))).toEqual(['deploy', 'config']);
    expect(commandsFor(argv('--version'))).toEqual([]);
    expect(commandsFor(argv('-V'))).toEqual([]);
    for (const a of [argv(), argv('--help'), argv('deplyo'), argv('-h', 'deploy')]) expect(commandsFor(a)).toEqual(COMMANDS);
  });

  it('only the named command is registered, so its own options still parse', async () => {
    const program = new Command('afo');
    await registerCommands(program, () => {}, argv('vault', 'view', 'x'));
    expect(program.commands.map((c) => c.name())).toEqual(['vault']);
  });
});
