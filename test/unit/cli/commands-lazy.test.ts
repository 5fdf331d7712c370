import { spawnSync } from 'node:child_process';
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

describe('afo play loads Handlebars only when a template is rendered or checked', () => {
  it('importing the play command and the template module loads none of the handlebars package', () => {
    // A child process: this test process has loaded Handlebars through other tests' imports.
    const script = [
      "import { createRequire } from 'node:module';",
      "await import('./src/cli/commands/play.ts');",
      "await import('./src/tasks/modules/template.ts');",
      'const cache = createRequire(import.meta.url).cache;',
      "const before = Object.keys(cache).filter((k) => k.includes('/node_modules/handlebars/')).length;",
      "const { renderTemplate } = await import('./src/tasks/lib/handlebars.ts');",
      "const out = renderTemplate('x={{a}}', { a: 1 }, { file: 't.hbs' });",
      "const after = Object.keys(cache).filter((k) => k.includes('/node_modules/handlebars/')).length;",
      'console.log(JSON.stringify({ before, after, out }));',
    ].join('\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: process.cwd() });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ before: 0, after: expect.any(Number), out: 'x=1' });
    expect(JSON.parse(r.stdout).after).toBeGreaterThan(0);
  });
});
