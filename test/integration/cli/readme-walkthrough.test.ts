/**
 * The README's install walkthrough (the ```sh block after `<!-- walkthrough -->`), run exactly as
 * printed in a copy of the repository (its tracked and new files: what a clone holds), with
 * npm's global prefix pointed at a temporary folder. It packs afo (prepack builds dist/),
 * installs the tarball globally, and runs the installed `afo` from another directory:
 * --version (package.json's), init, inventory --graph, config -i inventories/opengauss/hosts.ini,
 * settings, deploy --help. No host is contacted.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

/** The commands of every block marked `<!-- walkthrough -->` in the README. */
export function walkthrough(readme: string): string[] {
  const blocks = [...readme.matchAll(/<!-- walkthrough -->\n```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((b) => b.split('\n').filter((l) => l.trim() !== ''));
}

describe('the README walkthrough', () => {
  const base = mkdtempSync(join(tmpdir(), 'afo-walkthrough-'));
  const src = join(base, 'afo');
  const prefix = join(base, 'global');
  const commands = walkthrough(readFileSync(join(root, 'README.md'), 'utf8'));
  let run: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f && existsSync(join(root, f)));
    for (const f of files) {
      mkdirSync(dirname(join(src, f)), { recursive: true });
      cpSync(join(root, f), join(src, f));
    }
    mkdirSync(prefix);
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AFO_') && !k.startsWith('npm_')));
    // `set -x` shows each command before its output; -e stops at the first failing one
    run = spawnSync('bash', ['-ex', '-c', commands.join('\n')], {
      cwd: src,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      // prefer-offline: packages npm ci already cached are not revalidated with the registry
      env: {
        ...env,
        npm_config_prefix: prefix,
        npm_config_prefer_offline: 'true',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        PATH: `${join(prefix, 'bin')}:${env.PATH}`,
      },
    });
  });

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('the README has the walkthrough', () => {
    expect(commands[0]).toMatch(/^npm ci\b/);
    expect(commands.some((c) => c.startsWith('npm pack'))).toBe(true);
    expect(commands.some((c) => c.startsWith('afo config -i inventories/opengauss/hosts.ini'))).toBe(true);
  });

  it('runs as printed, with the installed afo from another directory', () => {
    expect(run.stderr, String(run.stdout)).not.toContain('command not found');
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const out = String(run.stdout);
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(out.split('\n')).toContain(version);
    expect(out).toContain('wrote inventories/opengauss/hosts.ini and inventories/opengauss/group_vars/all.yml');
    expect(out).toContain('  |  |--@opengauss_primary:\n  |  |  |--192.168.56.11\n');
    expect(out).toMatch(/<ROOT>[\s\S]*<PARAM name="backIp1" value="192.168.56.11"\/>/);
    expect(out).toContain('config file: none');
    expect(out).toContain('Usage: afo deploy [options]');
  });

  it('installed the packed tarball, not a link to the sources', () => {
    const installed = join(prefix, 'lib/node_modules/afo');
    expect(existsSync(join(installed, 'dist/src/cli/main.js'))).toBe(true);
    expect(existsSync(join(installed, 'roles/opengauss/defaults/main.yml'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    expect(readdirSync(src).filter((f) => f.endsWith('.tgz'))).toEqual([`afo-${JSON.parse(readFileSync(join(src, 'package.json'), 'utf8')).version}.tgz`]);
    const afo = join(prefix, 'bin/afo');
    const elsewhere = mkdtempSync(join(tmpdir(), 'afo-elsewhere-'));
    expect(execFileSync(afo, ['--version'], { cwd: elsewhere, encoding: 'utf8' }).trim()).toBe(
      (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
    );
  });
});
