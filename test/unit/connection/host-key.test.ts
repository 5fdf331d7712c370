import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemHashKnownHosts, verifyHostKey } from '../../../src/connection/host-key.js';

let dir: string;
const blob: Record<'a' | 'b', Buffer> = {} as never;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'afo-hk-'));
  for (const n of ['a', 'b'] as const) {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, n)]);
    blob[n] = Buffer.from(readFileSync(join(dir, `${n}.pub`), 'utf8').split(' ')[1]!, 'base64');
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verifyHostKey', () => {
  it('refuses an unknown key by default, naming the file and how to opt in', () => {
    const file = join(dir, 'empty');
    const v = verifyHostKey({ file, strict: 'yes' }, '10.1.1.1', 22, blob.a);
    expect(v.ok).toBe(false);
    expect(!v.ok && v.reason).toMatch(/host key for 10\.1\.1\.1 is not known .*not in .*empty.*--accept-new-host-keys.*StrictHostKeyChecking=accept-new/s);
  });

  it('records an unknown key with accept-new (plain or hashed), then accepts it', () => {
    for (const hash of [false, true]) {
      const file = join(dir, `new-${hash}`);
      writeFileSync(file, '# no newline at the end');
      expect(verifyHostKey({ file, strict: 'accept-new', hash }, '10.1.1.2', 2222, blob.a)).toEqual({ ok: true, recorded: true });
      const text = readFileSync(file, 'utf8');
      expect(text.split('\n')).toHaveLength(3); // comment, our line, final newline
      expect(text.includes('[10.1.1.2]:2222')).toBe(!hash);
      expect(execFileSync('ssh-keygen', ['-F', '[10.1.1.2]:2222', '-f', file], { encoding: 'utf8' })).toContain('ssh-ed25519');
      expect(verifyHostKey({ file, strict: 'yes' }, '10.1.1.2', 2222, blob.a)).toEqual({ ok: true, recorded: false });
    }
  });

  it('always refuses a changed key, even with StrictHostKeyChecking=no, naming the line to remove', () => {
    const file = join(dir, 'changed');
    writeFileSync(
      file,
      `# header\nother ${readFileSync(join(dir, 'b.pub'), 'utf8').split(' ').slice(0, 2).join(' ')}\n10.1.1.3 ${readFileSync(join(dir, 'a.pub'), 'utf8').split(' ').slice(0, 2).join(' ')}\n`,
    );
    for (const strict of ['yes', 'accept-new', 'no'] as const) {
      const v = verifyHostKey({ file, strict }, '10.1.1.3', 22, blob.b);
      expect(v.ok).toBe(false);
      expect(!v.ok && v.reason).toContain('host key for 10.1.1.3 changed');
      expect(!v.ok && v.reason).toContain(`remove the old line 3 of ${file}`);
    }
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(4); // nothing appended
  });

  it('refuses, without throwing, when the file cannot be read or written', () => {
    const asDir = verifyHostKey({ file: dir, strict: 'yes' }, '10.1.1.4', 22, blob.a);
    expect(asDir).toEqual({ ok: false, reason: `cannot use the known_hosts file ${dir}: EISDIR` });
  });

  it('reads HashKnownHosts from an ssh_config', () => {
    const cfg = join(dir, 'ssh_config');
    writeFileSync(cfg, 'Host *\n    HashKnownHosts yes\n');
    expect(systemHashKnownHosts(cfg)).toBe(true);
    writeFileSync(cfg, 'Host *\n#   HashKnownHosts yes\n');
    expect(systemHashKnownHosts(cfg)).toBe(false);
    expect(systemHashKnownHosts(join(dir, 'missing'))).toBe(false);
  });
});
