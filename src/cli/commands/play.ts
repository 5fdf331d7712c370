/** `afo play -i INVENTORY ROLE_DIR_OR_TASKS_FILE ...`: run a YAML role (or task file) on the inventory's hosts. */
import type { Command } from 'commander';
import type { PlayOptions } from '../play/run-play.js';
import { promptSecret } from '../prompt.js';
import { withVaultFlags } from '../vault-flags.js';
import { SSH_CONFIG_HELP } from '../run-flags.js';
import type { SetExit } from './index.js';

export function registerPlayCommand(program: Command, setExit: SetExit): void {
  withVaultFlags(program.command('play'))
    .description('run a role directory (roles/NAME) or a task file on the inventory hosts, idempotently')
    .argument('<role>', 'role directory (with tasks/main.yml) or a YAML task file')
    .option('-i, --inventory <file>', 'INI inventory (group_vars/ and host_vars/ beside it are read; else afo.cfg inventory)')
    .option('-e, --extra-vars <vars>', 'k=v, @file.yml or JSON (repeatable; highest precedence)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('-C, --check', 'plan only: show what would change, change nothing')
    .option('-D, --diff', 'show before/after of changed files')
    .option('-l, --limit <pattern>', 'only these hosts (Ansible host pattern)')
    .option('--hosts <pattern>', 'hosts to run on (default: all)')
    .option('-t, --tags <tags>', 'only tasks with these tags (comma separated)')
    .option('--skip-tags <tags>', 'skip tasks with these tags (comma separated)')
    .option('-f, --forks <n>', 'hosts worked on at once', '10')
    .option('--json', 'print events as JSON, one object per line')
    .option('-K, --ask-become-pass', 'ask for the sudo password (once, for all hosts)')
    .option('-u, --user <name>', "login user where the inventory sets no ansible_user (Ansible's remote_user; default: your user)")
    .option('--accept-new-host-keys', 'record unknown SSH host keys instead of refusing them (a changed key is always refused)')
    .option('--ssh-config <file>', SSH_CONFIG_HELP)
    .option('--log-dir <dir>', 'where run logs go', 'reports/logs')
    .option('-v, --verbose', 'show ok and skipped hosts too')
    .option('--verify', 're-plan every changed task after applying it and fail it if anything is left to do (proves convergence; used by the tests)')
    .action(async (role: string, opts: PlayOptions) => {
      // Loaded on use: other commands (afo inventory) do not pay for the engine, SSH and modules.
      const { runPlay } = await import('../play/run-play.js');
      setExit(
        await runPlay(role, opts, {
          out: (t) => process.stdout.write(t),
          err: (t) => process.stderr.write(t),
          isTTY: process.stdout.isTTY === true,
          stdinTTY: process.stdin.isTTY === true,
          askSecret: (q) => promptSecret(q),
          env: process.env,
        }),
      );
    });
}
