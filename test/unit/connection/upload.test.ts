import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeScript, sha256Command } from '../../../src/connection/upload.js';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "afo-up 'x'-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sh = (script: string) => spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8' });

describe('sha256Command', () => {
  it('prints the hash of an existing file and nothing for a missing one', () => {
    const f = join(dir, 'data');
    writeFileSync(f, 'hello\n');
    expect(execFileSync('/bin/sh', ['-c', sha256Command(f)], { encoding: 'utf8' }).trim()).toBe(createHash('sha256').update('hello\n').digest('hex'));
    expect(execFileSync('/bin/sh', ['-c', sha256Command(join(dir, 'missing'))], { encoding: 'utf8' })).toBe('');
  });
});

describe('placeScript', () => {
  it('installs a staged copy with the mode and renames it into place, removing the temp files', () => {
    const staged = join(dir, 'staged1');
    const dest = join(dir, 'conf');
    writeFileSync(staged, 'v1');
    const r = sh(placeScript({ tmp: staged, dest, mode: '0640', copy: true }));
    expect(r.status).toBe(0);
    expect(readFileSync(dest, 'utf8')).toBe('v1');
    expect(statSync(dest).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).filter((n) => n.includes('afo-') || n.startsWith('staged'))).toEqual([]);
  });

  it('keeps the existing mode when none is given, and moves a temp file beside the target', () => {
    const dest = join(dir, 'keep');
    writeFileSync(dest, 'old');
    execFileSync('chmod', ['0604', dest]);
    const tmp = join(dir, '.keep.afo-1');
    writeFileSync(tmp, 'new');
    const inode = statSync(dest).ino;
    expect(sh(placeScript({ tmp, dest, copy: false })).status).toBe(0);
    expect(readFileSync(dest, 'utf8')).toBe('new');
    expect(statSync(dest).mode & 0o777).toBe(0o604);
    expect(statSync(dest).ino).not.toBe(inode);
  });

  it('exits 3 with a message when the parent directory is missing', () => {
    const staged = join(dir, 'staged2');
    writeFileSync(staged, 'x');
    const r = sh(placeScript({ tmp: staged, dest: join(dir, 'no/such/dir/f'), copy: true }));
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('does not exist');
  });

  it('names a missing parent directory exactly, whatever it contains, and runs nothing from it', () => {
    const staged = join(dir, 'staged3');
    writeFileSync(staged, 'x');
    const odd = join(dir, `it's "q" $(touch ${dir}/PWNED) \`x\` \\n`);
    const r = sh(placeScript({ tmp: staged, dest: join(odd, 'f'), copy: true }));
    expect(r.status).toBe(3);
    expect(r.stderr).toBe(`parent directory ${odd} does not exist\n`);
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
  });
});
