/**
 * afo.cfg: found like ansible.cfg ($AFO_CONFIG, ./afo.cfg, ~/.afo.cfg; the first wins), checked
 * (unknown keys are warnings with a suggestion), and one precedence rule flag > env > file >
 * default, fed into the same options the flags give and shown by `afo settings`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { runOptions } from '../../../../src/cli/commands/deploy.js';
import { settingsText } from '../../../../src/cli/commands/settings.js';
import { findRole } from '../../../../src/cli/play/run-play.js';
import { findAfoCfg, loadAfoCfg, parseAfoCfg } from '../../../../src/cli/settings/afo-cfg.js';
import { applySettings } from '../../../../src/cli/settings/apply.js';
import { choose, effectiveSettings, sshDefaults } from '../../../../src/cli/settings/resolve.js';
import { SETTINGS } from '../../../../src/cli/settings/table.js';
import { UserError } from '../../../../src/errors.js';
import { parseIniInventory } from '../../../../src/inventory/index.js';
import { runHosts } from '../../../../src/play/hosts.js';

const root = resolve(import.meta.dirname, '../../../..');
const setting = (key: string) => SETTINGS.find((s) => s.key === key)!;

function dirs() {
  const base = mkdtempSync(join(tmpdir(), 'afo-cfg-'));
  const cwd = join(base, 'work');
  const home = join(base, 'home');
  mkdirSync(cwd);
  mkdirSync(home);
  return { base, cwd, home };
}

describe('finding afo.cfg', () => {
  it('takes $AFO_CONFIG, else ./afo.cfg, else ~/.afo.cfg: the first found, only that one', () => {
    const { base, cwd, home } = dirs();
    expect(findAfoCfg({}, cwd, home)).toBeUndefined();
    writeFileSync(join(home, '.afo.cfg'), '[defaults]\nforks = 3\n');
    expect(findAfoCfg({}, cwd, home)).toBe(join(home, '.afo.cfg'));
    writeFileSync(join(cwd, 'afo.cfg'), '[defaults]\ntimeout = 7\n');
    expect(findAfoCfg({}, cwd, home)).toBe(join(cwd, 'afo.cfg'));
    writeFileSync(join(base, 'site.cfg'), '[defaults]\nremote_user = dba\n');
    expect(findAfoCfg({ AFO_CONFIG: '../site.cfg' }, cwd, home)).toBe(join(base, 'site.cfg'));
    // only the first file is read: ./afo.cfg's timeout does not mix with ~/.afo.cfg's forks
    const cfg = loadAfoCfg({}, cwd, home);
    expect([...cfg.values]).toEqual([['defaults.timeout', '7']]);
  });

  it('an AFO_CONFIG that does not exist is an input error, not a silent fallback', () => {
    const { cwd, home } = dirs();
    expect(() => findAfoCfg({ AFO_CONFIG: 'nope.cfg' }, cwd, home)).toThrow(UserError);
    expect(() => findAfoCfg({ AFO_CONFIG: 'nope.cfg' }, cwd, home)).toThrow(/AFO_CONFIG names nope.cfg, which does not exist/);
  });
});

describe('checking afo.cfg', () => {
  it('keeps known keys and warns about the rest with a "did you mean"', () => {
    const cfg = parseAfoCfg(
      '[defaults]\nforks = 20\nremote_usr = dba\nssh_args = -o X=1\n[ssh_connection]\nssh_args = -o ConnectTimeout=3\npipelining = true\n[default]\nforks = 1\n',
      'afo.cfg',
    );
    expect([...cfg.values]).toEqual([
      ['defaults.forks', '20'],
      ['ssh_connection.ssh_args', '-o ConnectTimeout=3'],
    ]);
    expect(cfg.warnings).toEqual([
      "afo.cfg: unknown key 'remote_usr' in [defaults] ignored (did you mean remote_user?)",
      "afo.cfg: unknown key 'ssh_args' in [defaults] ignored (did you mean [ssh_connection] ssh_args?)",
      "afo.cfg: unknown key 'pipelining' in [ssh_connection] ignored",
      'afo.cfg: unknown section [default] ignored (did you mean [defaults]?)',
    ]);
  });

  it('a value of the wrong kind names the file and the key', () => {
    const cfg = { file: '/x/afo.cfg', values: new Map([['defaults.forks', 'many']]), warnings: [] };
    expect(() => effectiveSettings({}, cfg)).toThrow("/x/afo.cfg [defaults]: forks must be a positive whole number, got 'many'");
    expect(() => effectiveSettings({ AFO_HOST_KEY_CHECKING: 'maybe' }, { values: new Map(), warnings: [] })).toThrow(
      "environment AFO_HOST_KEY_CHECKING: host_key_checking must be true or false, got 'maybe'",
    );
  });
});

describe('precedence: flag > environment > afo.cfg > default', () => {
  const cfg = { file: '/x/afo.cfg', values: new Map([['defaults.forks', '20']]), warnings: [] };
  it.each([
    ['flag', 5, { AFO_FORKS: '7' }, 5, { from: 'flag' }],
    ['env', undefined, { AFO_FORKS: '7' }, 7, { from: 'env', name: 'AFO_FORKS' }],
    ['file', undefined, {}, 20, { from: 'file', file: '/x/afo.cfg' }],
  ])('%s wins', (_n, flag, env, value, origin) => {
    expect(choose(setting('forks'), flag, env, cfg)).toMatchObject({ value, origin });
  });
  it('the default when nothing is given', () => {
    expect(choose(setting('forks'), undefined, {}, { values: new Map(), warnings: [] })).toMatchObject({ value: 10, origin: { from: 'default' } });
  });

  it("fills a command's options only where no flag was given", () => {
    const cfg2 = parseAfoCfg('[defaults]\ninventory = site/hosts.ini\nforks = 20\nremote_user = dba\nbecome_ask_pass = yes\n', '/x/afo.cfg');
    const cmd = runOptions(new Command('deploy'), 'yes').exitOverride();
    cmd.parse(['-u', 'me'], { from: 'user' });
    applySettings(cmd, { AFO_FORKS: '4' }, cfg2);
    expect(cmd.opts()).toMatchObject({ inventory: 'site/hosts.ini', forks: '4', user: 'me', askBecomePass: true, ssh: {} });
    expect(cmd.getOptionValueSource('inventory')).toBe('config');
    expect(cmd.getOptionValueSource('forks')).toBe('env');
    expect(cmd.getOptionValueSource('user')).toBe('cli');
  });
});

describe('connection settings from afo.cfg reach every host, below the inventory', () => {
  const inv = parseIniInventory(
    '[db]\n10.0.0.1\n10.0.0.2 ansible_ssh_private_key_file=/own/key ansible_ssh_common_args="-o StrictHostKeyChecking=yes -o ConnectTimeout=9"\n',
    'hosts.ini',
    '.',
  );
  const cfg = parseAfoCfg(
    '[defaults]\nprivate_key_file = ~/keys/site\nhost_key_checking = false\ntimeout = 5\n[ssh_connection]\nssh_args = -o UserKnownHostsFile=/etc/afo/known_hosts\n',
    '/x/afo.cfg',
  );
  const ssh = sshDefaults(effectiveSettings({}, cfg));
  const conns = runHosts(inv, { ssh }).connections;

  it('a host without its own settings takes afo.cfg', () => {
    expect(ssh).toEqual({
      privateKeyFile: '~/keys/site',
      connectTimeoutMs: 5000,
      hostKeyChecking: false,
      sshArgs: '-o UserKnownHostsFile=/etc/afo/known_hosts',
    });
    expect(conns.get('10.0.0.1')).toMatchObject({ strictHostKeyChecking: 'no', connectTimeoutMs: 5000, knownHostsFile: '/etc/afo/known_hosts' });
    expect(conns.get('10.0.0.1')!.privateKeyFile).toMatch(/\/keys\/site$/);
  });

  it("a host's own variables win", () => {
    expect(conns.get('10.0.0.2')).toMatchObject({ privateKeyFile: '/own/key', strictHostKeyChecking: 'yes', connectTimeoutMs: 9000 });
  });

  it('without afo.cfg nothing changes', () => {
    expect(runHosts(inv).connections.get('10.0.0.1')).toMatchObject({ strictHostKeyChecking: 'yes', connectTimeoutMs: 10_000 });
    expect(runHosts(inv).connections.get('10.0.0.1')!.privateKeyFile).toBeUndefined();
  });
});

describe('afo settings and the CLI', () => {
  const cli = join(root, 'dist/src/cli/main.js');
  const afo = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => {
    if (!existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    return spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
  };

  it('prints each value and where it came from; --only-changed leaves defaults out', () => {
    const { cwd, home } = dirs();
    writeFileSync(join(cwd, 'afo.cfg'), '[defaults]\nforks = 20\n');
    const all = settingsText({ AFO_TIMEOUT: '4' }, cwd, false, home);
    expect(all).toContain(`config file: ${join(cwd, 'afo.cfg')}`);
    expect(all).toContain(`[defaults] forks = 20  # ${join(cwd, 'afo.cfg')}`);
    expect(all).toContain('[defaults] timeout = 4  # env AFO_TIMEOUT');
    expect(all).toContain('[defaults] inventory = inventories/opengauss/hosts.ini  # default');
    expect(all.split('\n').filter((l) => l.startsWith('[')).length).toBe(SETTINGS.length);
    expect(
      settingsText({ AFO_TIMEOUT: '4' }, cwd, true, home)
        .split('\n')
        .filter((l) => l.startsWith('[')),
    ).toEqual([`[defaults] forks = 20  # ${join(cwd, 'afo.cfg')}`, '[defaults] timeout = 4  # env AFO_TIMEOUT']);
  });

  it('afo uses the inventory afo.cfg names, -i overrides it, and warns about unknown keys', () => {
    const { cwd, home } = dirs();
    mkdirSync(join(cwd, 'site'));
    writeFileSync(join(cwd, 'site/hosts.ini'), '[db]\n10.0.0.1\n');
    writeFileSync(join(cwd, 'other.ini'), '[web]\n10.0.0.9\n');
    writeFileSync(join(cwd, 'afo.cfg'), '[defaults]\ninventory = site/hosts.ini\nforsk = 3\n');
    const r = afo(['inventory', '--graph'], cwd, { HOME: home });
    expect(r.stderr).toBe('afo: warning: ' + join(cwd, 'afo.cfg') + ": unknown key 'forsk' in [defaults] ignored (did you mean forks?)\n");
    expect(r.stdout).toBe('@all:\n  |--@ungrouped:\n  |--@db:\n  |  |--10.0.0.1\n');
    expect(afo(['inventory', '--graph', '-i', 'other.ini'], cwd, { HOME: home }).stdout).toContain('10.0.0.9');
    expect(afo(['settings', '--only-changed'], cwd, { HOME: home }).stdout).toContain('[defaults] inventory = site/hosts.ini');
  });

  it('--help says where afo.cfg is looked for', () => {
    const { cwd } = dirs();
    expect(afo(['--help'], cwd).stdout).toContain('$AFO_CONFIG, ./afo.cfg, ~/.afo.cfg');
  });

  it('a bad value is an input error (exit 2) naming the file', () => {
    const { cwd, home } = dirs();
    writeFileSync(join(cwd, 'afo.cfg'), '[defaults]\ntimeout = soon\n');
    const r = afo(['settings'], cwd, { HOME: home });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("timeout must be a positive whole number, got 'soon'");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the README documents every setting', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  it.each(SETTINGS.map((s) => [s.key, s]))('%s', (_k, s) => {
    const row = `| ${s.section} | \`${s.key}\` | \`${s.env}\` |${s.flag ? ` \`${s.flag}\` ` : ' '}|`;
    expect(readme).toContain(row);
    if (s.default !== undefined) expect(readme).toContain(`${row} \`${s.default}\` |`);
  });
});

describe('roles_path', () => {
  it('afo play NAME finds roles_path/NAME when NAME is not a path; a path is taken as it is', () => {
    const { base, cwd } = dirs();
    mkdirSync(join(base, 'site-roles/web/tasks'), { recursive: true });
    mkdirSync(join(cwd, 'local/tasks'), { recursive: true });
    const path = `${join(base, 'none')}:${join(base, 'site-roles')}`;
    expect(findRole('web', path)).toBe(join(base, 'site-roles/web'));
    expect(findRole(join(cwd, 'local'), path)).toBe(join(cwd, 'local'));
    expect(findRole('missing', path)).toBe('missing');
    expect(findRole('web', undefined)).toBe('web');
  });
});
