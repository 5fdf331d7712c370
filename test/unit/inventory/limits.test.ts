import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { parseIniInventory } from '../../../src/inventory/ini.js';
import { fsLoader, MAX_INPUT_FILE_BYTES, parseYaml, parseYamlDocument } from '../../../src/inventory/loader.js';
import { loadInventory } from '../../../src/inventory/load.js';
import { parseExtraVar } from '../../../src/vars/extra-vars.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseYamlFile, type LoadIssue } from '../../../src/roles/yaml-file.js';

function userError(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

const bomb = ['a: &a [x,x,x,x,x,x,x,x,x]', ...'bcdefg'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`)].join('\n');

describe('hostile inventories are refused with file:line, in bounded work (issue 12)', () => {
  it('[x:children] holding all is a loop error, as in Ansible (was a stack overflow)', () => {
    expect(userError(() => parseIniInventory('[x:children]\nall\n[y]\nh1\n', 'hosts.ini', '/inv')).message).toMatch(
      /^hosts\.ini:2: Adding group 'x' as child to 'all' creates a recursive dependency loop/,
    );
  });

  it('a host range above 10,000 hosts is refused before it is expanded', () => {
    expect(userError(() => parseIniInventory('[g]\n10.[0:255].[0:255].[0:255]\n', 'hosts.ini', '/inv')).message).toMatch(
      /^hosts\.ini:2: bad host '10\.\[0:255\]\.\[0:255\]\.\[0:255\]' expands to more than 10000 hosts/,
    );
    expect(userError(() => parseIniInventory('[g]\nh[0:99999999999]\n', 'hosts.ini', '/inv')).message).toMatch(/more than 10000 hosts/);
    expect(Object.keys(parseIniInventory('[g]\nh[0:99]-[0:99]\n', 'hosts.ini', '/inv').hosts)).toHaveLength(10_000);
  });

  it('groups nested deeper than the cap are refused; a 400-deep chain still loads', () => {
    const chain = (n: number) => Array.from({ length: n }, (_, i) => `[g${i}:children]\ng${i + 1}\n`).join('') + `[g${n}]\nh1\n`;
    expect(parseIniInventory(chain(400), 'hosts.ini', '/inv').groups.g400?.depth).toBe(401);
    expect(userError(() => parseIniInventory(chain(600), 'hosts.ini', '/inv')).message).toMatch(/^hosts\.ini: groups are nested more than 500 levels deep/);
  });

  it('100,000 hosts in one group load (adding a host is not a scan of the group)', () => {
    const text = `[g]\n${Array.from({ length: 100_000 }, (_, i) => `h${i}`).join('\n')}\n`;
    expect(parseIniInventory(text, 'hosts.ini', '/inv').groups.g?.hosts).toHaveLength(100_000);
  });
});

describe('YAML aliases, anchors and merge keys: clear errors with file:line (issue 12)', () => {
  it.each([
    ['x: &a [1]\ny: *b\n', /^gv\.yml:2: an alias \(\*name\) refers to an anchor \(&name\) that is not defined/],
    ['x: {<<: 5}\n', /^gv\.yml:1: a merge key \(<<\) must be followed by a mapping/],
    [bomb, /^gv\.yml:2: too many alias expansions \(more than 1000\)/],
  ])('group_vars / -e @file: %j', (text, message) => {
    expect(userError(() => parseYaml(text, 'gv.yml')).message).toMatch(message);
  });

  it('merge keys of maps still work (Ansible reads them)', () => {
    expect(parseYaml('base: &b {a: 1}\nx: {<<: *b, c: 2}\n', 'gv.yml')).toEqual({ base: { a: 1 }, x: { a: 1, c: 2 } });
  });

  it.each([
    ['- a: &a [x]\n  b: *nope\n', /^tasks\.yml:2: the alias \*nope refers to no anchor/],
    ['- a: {<<: {b: 1}}\n', /^tasks\.yml:1: afo does not support YAML merge keys/],
    [`- ${bomb.replace(/\n/g, '\n  ')}\n`, /^tasks\.yml:\d+: too many alias expansions/],
  ])('role files: %j', (text, message) => {
    const issues: LoadIssue[] = [];
    const f = parseYamlFile('tasks.yml', issues, text);
    expect(userError(() => f.toPlain(f.root)).message).toMatch(message);
  });
});

describe('size caps: a huge input is a clear error, never a stack overflow (issue 12)', () => {
  it('a host name longer than 253 characters (DNS) is refused naming file:line; a 9 MB one too (was a stack overflow)', () => {
    expect(userError(() => parseIniInventory(`[g]\n${'h'.repeat(254)}\n`, 'hosts.ini', '/inv')).message).toMatch(
      /^hosts\.ini:2: bad host 'h{40}…' \(254 characters\) is longer than a host name can be \(253 characters, the DNS limit\)/,
    );
    expect(userError(() => parseIniInventory(`[g]\n${'h'.repeat(9 * 1024 * 1024)}:22\n`, 'hosts.ini', '/inv')).message).toMatch(
      /^hosts\.ini:2: bad host .*\(9437187 characters\) is longer than a host name can be/,
    );
    const longest = Array.from({ length: 4 }, () => 'a'.repeat(62)).join('.') + '.b'; // 253 characters, labels of at most 63
    expect(Object.keys(parseIniInventory(`[g]\n${longest}\n`, 'hosts.ini', '/inv').hosts)).toEqual([longest]);
  });

  it('an inventory, a group_vars file or an -e @file over 10 MB is refused naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afo-big-'));
    try {
      const big = `x: ${'v'.repeat(MAX_INPUT_FILE_BYTES)}\n`;
      writeFileSync(join(dir, 'big.ini'), `[g]\nh1\n#${'c'.repeat(MAX_INPUT_FILE_BYTES)}\n`);
      expect(userError(() => loadInventory(join(dir, 'big.ini'))).message).toMatch(
        /big\.ini: the file is 10485769 bytes; afo reads input files of at most 10485760 bytes/,
      );
      mkdirSync(join(dir, 'group_vars'));
      writeFileSync(join(dir, 'hosts.ini'), '[g]\nh1\n');
      writeFileSync(join(dir, 'group_vars', 'g.yml'), big);
      expect(userError(() => loadInventory(join(dir, 'hosts.ini'))).message).toMatch(
        /group_vars\/g\.yml: the file is \d+ bytes; afo reads input files of at most/,
      );
      writeFileSync(join(dir, 'extra.yml'), big);
      expect(userError(() => parseExtraVar('@extra.yml', fsLoader, dir)).message).toMatch(/extra\.yml: the file is \d+ bytes/);
      const issues: LoadIssue[] = [];
      expect(userError(() => parseYamlFile(join(dir, 'extra.yml'), issues)).message).toMatch(/extra\.yml: the file is \d+ bytes/);
      writeFileSync(join(dir, 'ok.yml'), `x: ${'v'.repeat(MAX_INPUT_FILE_BYTES - 100)}\n`);
      expect(parseExtraVar('@ok.yml', fsLoader, dir).x).toHaveLength(MAX_INPUT_FILE_BYTES - 100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('YAML tags afo does not know are refused with file:line, not read as if untagged (issue 12 fuzz)', () => {
  it.each([['x: 1\nog_disable_history: !frobnicate yes\n'], ['x: !unsafe "{{ a }}"\n']])('group_vars / -e @file: %j', (text) => {
    expect(userError(() => parseYaml(text, 'gv.yml')).message).toMatch(/^gv\.yml:\d: unsupported YAML tag !(frobnicate|unsafe): .*remove the tag/);
  });

  it('standard tags and !vault still read', () => {
    expect(parseYaml('a: !!str 5\nb: !!int "7"\n', 'gv.yml')).toEqual({ a: '5', b: 7 });
  });

  it('role files: the problem is listed with its line and the file is not read', () => {
    const issues: LoadIssue[] = [];
    const f = parseYamlFile('tasks.yml', issues, '- name: t\n  file: !frob {path: /tmp/x}\n');
    expect(issues).toEqual([{ file: 'tasks.yml', line: 2, message: expect.stringMatching(/^unsupported YAML tag !frob: /) }]);
    expect(f.root).toBeNull();
  });
});

describe('huge broken input stays cheap (issue 12 fuzz)', () => {
  it('a [x:vars] section for a 100 kB undeclared group name is refused, with no suggestion of a name', () => {
    const text = `[a]\nh1\n[${'9'.repeat(100_000)}all:vars]\nk=1\n`;
    const msg = userError(() => parseIniInventory(text, 'hosts.ini', '/inv')).message;
    expect(msg).toMatch(/^hosts\.ini:3: \[9+all:vars\] is for a group that is never declared; add a/);
  });

  it('YAML problems are recorded without a stack trace each (one per character of a broken 100 kB line)', () => {
    const limit = Error.stackTraceLimit;
    const doc = parseYamlDocument(`a: "x"${'{'.repeat(1000)}\nb: 1\n`, { version: '1.1', prettyErrors: false });
    expect(doc.errors.length).toBeGreaterThan(100);
    expect(doc.errors[0]!.stack).not.toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(limit);
  });
});
