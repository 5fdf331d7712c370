/**
 * `afo play`'s pre-run check (the role loader, src/roles/load.ts): every mistake below is found
 * while the role is loaded, before the inventory is read or any host is touched, and named with
 * the role file and line (issue 12). Table-driven: each case is a small role on disk. Template
 * files are handlebars, the language the template module renders (src/tasks/lib/handlebars.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { TaskLoader } from '../../../src/roles/load.js';
import { builtinModules } from '../../../src/tasks/modules/index.js';

const root = mkdtempSync(join(tmpdir(), 'afo-prerun-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** Writes a role (`tasks/main.yml` plus any other files) and returns its directory. */
function role(main: string, files: Record<string, string> = {}): string {
  const dir = join(root, `r${n++}`);
  for (const [path, text] of Object.entries({ 'tasks/main.yml': main, ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function loadError(dir: string): string {
  try {
    new TaskLoader(builtinModules).load(dir);
  } catch (e) {
    if (e instanceof UserError) return e.message;
    throw e;
  }
  return '(loaded without an error)';
}

const task = (body: string) => `- name: t\n  ${body.replace(/\n/g, '\n  ')}\n`;

describe("afo play's pre-run check refuses each role mistake with file:line (issue 12)", () => {
  it.each([
    ['loop: a number', task('debug: {msg: x}\nloop: 5'), {}, /tasks\/main\.yml:\d+: loop/],
    ['loop: a mapping', task('debug: {msg: x}\nloop: {a: 1}'), {}, /tasks\/main\.yml:\d+: loop/],
    ['loop: a plain string', task('debug: {msg: x}\nloop: abc'), {}, /tasks\/main\.yml:\d+: loop/],
    ['with_items: a mapping', task('debug: {msg: x}\nwith_items: {a: 1}'), {}, /tasks\/main\.yml:\d+: with_items/],
    ['when: a mapping', task('debug: {msg: x}\nwhen: {a: 1}'), {}, /tasks\/main\.yml:\d+: when/],
    ['when: a list holding a mapping', task('debug: {msg: x}\nwhen: [{a: 1}]'), {}, /tasks\/main\.yml:\d+: when/],
    ['when: bad syntax', task('debug: {msg: x}\nwhen: a =='), {}, /tasks\/main\.yml:\d+: when/],
    ['register: a list', task('debug: {msg: x}\nregister: [a]'), {}, /tasks\/main\.yml:\d+: register/],
    ['register: not a name', task('debug: {msg: x}\nregister: "a b"'), {}, /tasks\/main\.yml:\d+: register/],
    ['retries: a word', task('debug: {msg: x}\nuntil: true\nretries: abc'), {}, /tasks\/main\.yml:\d+: retries/],
    ['retries: a list', task('debug: {msg: x}\nuntil: true\nretries: [1]'), {}, /tasks\/main\.yml:\d+: retries/],
    ['delay: a word', task('debug: {msg: x}\nuntil: true\ndelay: soon'), {}, /tasks\/main\.yml:\d+: delay/],
    ['no_log: a word', task('debug: {msg: x}\nno_log: maybe'), {}, /tasks\/main\.yml:\d+: no_log/],
    ['no_log: a list', task('debug: {msg: x}\nno_log: [1]'), {}, /tasks\/main\.yml:\d+: no_log/],
    ['assert that: bad syntax', task('assert:\n  that: "a =="'), {}, /tasks\/main\.yml:\d+: .*that/],
    ['assert that: one bad item', task('assert:\n  that: [a == 1, "b in"]'), {}, /tasks\/main\.yml:\d+: .*that/],
    ['assert that: a mapping', task('assert:\n  that: {a: 1}'), {}, /tasks\/main\.yml:\d+: .*that/],
    ['template src: missing', task('template: {src: nope.j2, dest: /tmp/x}'), {}, /tasks\/main\.yml:\d+: .*nope\.j2/],
    ['copy src: missing', task('copy: {src: nope.txt, dest: /tmp/x}'), {}, /tasks\/main\.yml:\d+: .*nope\.txt/],
    [
      'template file: syntax error',
      task('template: {src: t.j2, dest: /tmp/x}'),
      { 'templates/t.j2': 'a\n{{ x + }}\n' },
      /templates\/t\.j2:2: template syntax error/,
    ],
    [
      'template file: unclosed block',
      task('template: {src: t.j2, dest: /tmp/x}'),
      { 'templates/t.j2': 'a\n{{#if x}}\nb\n' },
      /templates\/t\.j2:\d+: template syntax error/,
    ],
    [
      'template file: a Jinja filter in a handlebars template',
      task('template: {src: t.j2, dest: /tmp/x}'),
      { 'templates/t.j2': 'a\n{{ x | upper }}\n' },
      /templates\/t\.j2:2: template syntax error/,
    ],
    ['meta/main.yml dependencies', task('debug: {msg: x}'), { 'meta/main.yml': 'dependencies:\n  - role: other\n' }, /meta\/main\.yml:\d+: .*dependencies/],
  ])('%s', (_name, main, files, message) => {
    expect(loadError(role(main, files))).toMatch(message);
  });

  it('the same keywords with good values load', () => {
    const ok = role(
      [
        task('debug: {msg: x}\nloop: [1, 2]\nwhen: x is defined\nregister: r1\nno_log: true'),
        task('debug: {msg: x}\nloop: "{{ items }}"\nuntil: r1 is defined\nretries: "{{ n }}"\ndelay: 2'),
        task('assert:\n  that: [a == 1, b is defined]'),
        task('template: {src: t.j2, dest: /tmp/x}'),
        task('copy: {src: f.txt, dest: /tmp/x}'),
      ].join(''),
      { 'templates/t.j2': '{{#if x}}{{ x }}{{/if}}\n', 'files/f.txt': 'x', 'meta/main.yml': 'galaxy_info: {author: me}\ndependencies: []\n' },
    );
    expect(loadError(ok)).toBe('(loaded without an error)');
  });
});
