import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkHostKey,
  fingerprint,
  formatKnownHostsLine,
  hostFieldMatches,
  keyTypeOf,
  knownKeyTypes,
  parseKnownHosts,
} from '../../../src/connection/known-hosts.js';

let dir: string;
/** Real public keys made by ssh-keygen: [type, base64, blob]. */
const keys: Record<'ed1' | 'ed2' | 'ecdsa' | 'rsa', { type: string; b64: string; blob: Buffer; line: string }> = {} as never;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'afo-kh-'));
  const make = (name: keyof typeof keys, type: string, bits?: string) => {
    const f = join(dir, name);
    execFileSync('ssh-keygen', ['-q', '-t', type, ...(bits ? ['-b', bits] : []), '-N', '', '-f', f]);
    const [t, b64] = readFileSync(`${f}.pub`, 'utf8').trim().split(' ') as [string, string];
    keys[name] = { type: t, b64, blob: Buffer.from(b64, 'base64'), line: `${t} ${b64}` };
  };
  make('ed1', 'ed25519');
  make('ed2', 'ed25519');
  make('ecdsa', 'ecdsa');
  make('rsa', 'rsa', '2048');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseKnownHosts', () => {
  it('reads plain lines, comments, markers and skips junk with the right line numbers', () => {
    const text = [
      '# a comment',
      '',
      `db1,10.0.0.5 ${keys.ed1.line} root@db1`,
      `[db2]:2222 ${keys.ecdsa.line}`,
      `@revoked * ${keys.rsa.line}`,
      `@cert-authority *.example ${keys.ed2.line}`,
      `@weird db9 ${keys.ed2.line}`,
      'garbage line',
      `db3 ssh-ed25519 ${keys.ecdsa.b64}`, // blob type disagrees with the field: corrupt
    ].join('\n');
    const e = parseKnownHosts(text);
    expect(e.map((x) => [x.line, x.marker ?? '', x.hosts, x.keyType])).toEqual([
      [3, '', 'db1,10.0.0.5', 'ssh-ed25519'],
      [4, '', '[db2]:2222', keys.ecdsa.type],
      [5, 'revoked', '*', 'ssh-rsa'],
      [6, 'cert-authority', '*.example', 'ssh-ed25519'],
    ]);
    expect(e[0]!.key.equals(keys.ed1.blob)).toBe(true);
  });
});

describe('hostFieldMatches', () => {
  it('matches names, comma lists, [host]:port, wildcards and negations like OpenSSH', () => {
    expect(hostFieldMatches('db1,10.0.0.5', '10.0.0.5', 22)).toBe(true);
    expect(hostFieldMatches('DB1', 'db1', 22)).toBe(true);
    expect(hostFieldMatches('db1', 'db1', 2222)).toBe(false);
    expect(hostFieldMatches('[db1]:2222', 'db1', 2222)).toBe(true);
    expect(hostFieldMatches('[db1]:2222', 'db1', 22)).toBe(false);
    expect(hostFieldMatches('10.0.0.*', '10.0.0.7', 22)).toBe(true);
    expect(hostFieldMatches('db?', 'db12', 22)).toBe(false);
    expect(hostFieldMatches('10.0.0.*,!10.0.0.9', '10.0.0.9', 22)).toBe(false);
    expect(hostFieldMatches('db.1', 'dbx1', 22)).toBe(false); // dots are literal
  });

  it('matches hashed lines written by ssh-keygen -H (port 22 and [host]:port)', () => {
    const file = join(dir, 'kh-hash');
    writeFileSync(file, `db1 ${keys.ed1.line}\n[10.0.0.5]:2222 ${keys.ecdsa.line}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file], { stdio: 'ignore' });
    const e = parseKnownHosts(readFileSync(file, 'utf8'));
    expect(e).toHaveLength(2);
    expect(e.every((x) => x.hosts.startsWith('|1|'))).toBe(true);
    expect(hostFieldMatches(e[0]!.hosts, 'db1', 22)).toBe(true);
    expect(hostFieldMatches(e[0]!.hosts, 'db2', 22)).toBe(false);
    expect(hostFieldMatches(e[1]!.hosts, '10.0.0.5', 2222)).toBe(true);
    expect(hostFieldMatches(e[1]!.hosts, '10.0.0.5', 22)).toBe(false);
  });
});

describe('checkHostKey', () => {
  const text = () => `db1 ${keys.ed1.line}\ndb1 ${keys.rsa.line}\n[db2]:2222 ${keys.ecdsa.line}\n@revoked * ${keys.ed2.line}\n`;

  it('accepts the recorded key', () => {
    const r = checkHostKey(parseKnownHosts(text()), 'db1', 22, keys.ed1.blob);
    expect(r).toMatchObject({ status: 'ok', entry: { line: 1 } });
    expect(checkHostKey(parseKnownHosts(text()), 'db1', 22, keys.rsa.blob).status).toBe('ok');
  });

  it('reports a changed key with the lines holding the old key of that type', () => {
    const e = parseKnownHosts(`db1 ${keys.ed1.line}\ndb1 ${keys.rsa.line}\n`);
    const r = checkHostKey(e, 'db1', 22, keys.ed2.blob);
    expect(r.status).toBe('changed');
    expect(r.status === 'changed' && r.entries.map((x) => x.line)).toEqual([1]);
  });

  it('treats a key of an unrecorded type for a known host as changed (no silent downgrade)', () => {
    const r = checkHostKey(parseKnownHosts(`db1 ${keys.ed1.line}\n`), 'db1', 22, keys.ecdsa.blob);
    expect(r.status === 'changed' && r.entries.map((x) => x.line)).toEqual([1]);
  });

  it('reports unknown hosts, including a host known only on another port', () => {
    expect(checkHostKey(parseKnownHosts(text()), 'db3', 22, keys.ed1.blob).status).toBe('unknown');
    expect(checkHostKey(parseKnownHosts(text()), 'db2', 22, keys.ecdsa.blob).status).toBe('unknown');
  });

  it('refuses a revoked key anywhere', () => {
    expect(checkHostKey(parseKnownHosts(`db1 ${keys.ed2.line}\n@revoked * ${keys.ed2.line}\n`), 'db1', 22, keys.ed2.blob)).toMatchObject({
      status: 'revoked',
      entry: { line: 2 },
    });
  });

  it('lists the recorded key types of a host', () => {
    expect(knownKeyTypes(parseKnownHosts(text()), 'db1', 22)).toEqual(['ssh-ed25519', 'ssh-rsa']);
  });
});

describe('formatKnownHostsLine', () => {
  it('writes plain and [host]:port lines', () => {
    expect(formatKnownHostsLine('DB1', 22, keys.ed1.blob, false)).toBe(`db1 ${keys.ed1.line}`);
    expect(formatKnownHostsLine('10.0.0.5', 2222, keys.ed1.blob, false)).toBe(`[10.0.0.5]:2222 ${keys.ed1.line}`);
  });

  it('writes hashed lines that OpenSSH itself finds (ssh-keygen -F)', () => {
    const file = join(dir, 'kh-ours');
    writeFileSync(file, `${formatKnownHostsLine('db7', 22, keys.ed1.blob, true)}\n${formatKnownHostsLine('10.0.0.8', 2200, keys.rsa.blob, true)}\n`);
    expect(readFileSync(file, 'utf8')).toMatch(/^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 /);
    expect(execFileSync('ssh-keygen', ['-F', 'db7', '-f', file], { encoding: 'utf8' })).toContain(keys.ed1.b64);
    expect(execFileSync('ssh-keygen', ['-F', '[10.0.0.8]:2200', '-f', file], { encoding: 'utf8' })).toContain(keys.rsa.b64);
    expect(() => execFileSync('ssh-keygen', ['-F', 'db8', '-f', file], { stdio: 'pipe' })).toThrow();
  });
});

describe('key helpers', () => {
  it('reads the type from the blob and prints the fingerprint ssh-keygen prints', () => {
    expect(keyTypeOf(keys.ecdsa.blob)).toBe(keys.ecdsa.type);
    const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'ed1.pub')], { encoding: 'utf8' });
    expect(out).toContain(fingerprint(keys.ed1.blob));
  });
});
