/**
 * lookup('password') against real Ansible: the same lookups run through `ansible -m debug -c local`
 * (ansible-core from test/lab/setup.sh) in one directory and through afo in another, and the files
 * and values must agree in everything that is not random: length, character set, newline, modes,
 * reuse of an existing file, the part before ` salt=`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { templateString } from '../../../src/expr/index.js';
import { drawPassword } from '../../../src/expr/lookup-password.js';
import { validateCaPassword } from '../../../src/opengauss/passwords.js';

const LOOKUPS = [
  "lookup('password', 'credentials/a chars=ascii_letters,digits length=12')",
  "lookup('password', 'credentials/b', chars=['ascii_letters', 'digits'], length=16)",
  "lookup('password', 'credentials/c chars=digits,,')",
  "lookup('password', 'credentials/d')",
  "lookup('password', 'credentials/e')",
  "lookup('password', 'credentials/a chars=digits length=30')",
];
const TEMPLATE = `{{ [${LOOKUPS.join(', ')}] | to_json }}`;
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function fresh(): string {
  const dir = mkdtempSync(join(tmpdir(), 'afo-pwlookup-'));
  mkdirSync(join(dir, 'credentials'), { mode: 0o755 });
  writeFileSync(join(dir, 'credentials/d'), 'Old+Pass salt=abcdefgh\n', { mode: 0o644 });
  return dir;
}

function ansible(dir: string): string[] {
  const out = execFileSync('ansible', ['localhost', '-c', 'local', '-m', 'debug', '-a', `msg=${TEMPLATE}`], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'False', ANSIBLE_INVENTORY_UNPARSED_WARNING: 'False' },
  });
  const json = JSON.parse(out.slice(out.indexOf('{'))) as { msg: string };
  return JSON.parse(json.msg) as string[];
}

function afo(dir: string): string[] {
  return JSON.parse(templateString(TEMPLATE, { playbook_dir: dir }) as string) as string[];
}

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

/** Everything about one run that is not random. */
function shape(dir: string, values: string[]) {
  const within = (v: string, set: string) => [...v].every((c) => set.includes(c));
  const [a, b, c, d, e, again] = values as [string, string, string, string, string, string];
  return {
    lengths: values.map((v) => v.length),
    a: within(a, LETTERS + '0123456789'),
    b: within(b, LETTERS + '0123456789'),
    c: within(c, '0123456789,'),
    d,
    e: within(e, LETTERS + '0123456789.,:-_'),
    reused: again === a,
    // each created file holds its value and a newline
    files: (
      [
        ['a', a],
        ['b', b],
        ['c', c],
        ['e', e],
      ] as const
    ).map(([f, v]) => readFileSync(join(dir, 'credentials', f), 'utf8') === `${v}\n`),
    modes: ['a', 'b', 'c', 'd', 'e'].map((f) => mode(join(dir, 'credentials', f))),
    dirMode: mode(join(dir, 'credentials')),
  };
}

let ref: ReturnType<typeof shape>;
let ours: ReturnType<typeof shape>;
// Python and ansible-core start in seconds on a loaded machine: the hook gets the tests' minute.
beforeAll(() => {
  const da = fresh();
  ref = shape(da, ansible(da));
  const db = fresh();
  ours = shape(db, afo(db));
}, 60_000);

describe("lookup('password') as ansible-core does it", () => {
  it('Ansible gives what this test expects (the reference is sane)', () => {
    expect(ref).toEqual({
      lengths: [12, 16, 20, 8, 20, 12],
      a: true,
      b: true,
      c: true,
      d: 'Old+Pass',
      e: true,
      reused: true,
      files: [true, true, true, true],
      modes: ['600', '600', '600', '644', '600'],
      dirMode: '755',
    });
  });

  it('afo agrees: length, characters, newline, 0600 files, reuse, salt stripped, existing modes kept', () => {
    expect(ours).toEqual(ref);
  });

  it('a new directory is made 0700, as Ansible makes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afo-pwlookup-'));
    templateString("{{ lookup('password', 'new/dir/x length=8') }}", { playbook_dir: dir });
    expect([mode(join(dir, 'new')), mode(join(dir, 'new/dir')), mode(join(dir, 'new/dir/x'))]).toEqual(['700', '700', '600']);
  });

  it("a new password holds every class its chars offer, so the original's CA line always meets cm_install's rule", () => {
    // Ansible draws characters independently: 8 of letters and digits lack a digit or a case one
    // time in four. afo keeps only draws that hold every offered class.
    const dir = mkdtempSync(join(tmpdir(), 'afo-pwlookup-'));
    const line = (i: number) => `{{ lookup('password', 'credentials/ca${i} chars=ascii_letters,digits length=8') }}`;
    const drawn = Array.from({ length: 300 }, (_, i) => templateString(line(i), { playbook_dir: dir }) as string);
    expect(drawn.filter((p) => validateCaPassword(p) !== undefined)).toEqual([]);
    expect(new Set(drawn).size).toBe(300);
    const classes = (p: string) => [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].map((re) => re.test(p));
    for (let i = 0; i < 300; i++) expect(classes(drawPassword(4, `${LETTERS}0123456789.,:-_`))).toEqual([true, true, true, true]);
    // too short to hold every class, or one class only: drawn as Ansible draws
    expect(drawPassword(2, `${LETTERS}0123456789!`)).toHaveLength(2);
    expect(drawPassword(12, '0123456789')).toMatch(/^[0-9]{12}$/);
  });

  it('bad parameters are errors that name them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afo-pwlookup-'));
    expect(() => templateString("{{ lookup('password', 'x lenght=8') }}", { playbook_dir: dir })).toThrow(
      /Unrecognized parameter\(s\) given to password lookup: lenght/,
    );
    expect(() => templateString("{{ lookup('password', 'x length=zero') }}", { playbook_dir: dir })).toThrow(/length must be a positive integer/);
    expect(() => templateString("{{ lookup('password', 'x encrypt=sha512_crypt') }}", { playbook_dir: dir })).toThrow(
      /encrypt= is not supported by afo; hash with the password_hash filter/,
    );
  });
});
