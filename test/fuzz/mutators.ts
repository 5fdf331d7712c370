/**
 * Text mutations of valid input files. Generic ones (any result may still be valid input, so afo
 * may accept it) and the inputs' known-bad edits (afo must refuse each), per input kind.
 */
import type { Rng } from './rng.js';

export type Mutator = (text: string, r: Rng) => string;

const lines = (t: string) => t.split('\n');
const join = (ls: string[]) => ls.join('\n');

function atLine(t: string, r: Rng, f: (ls: string[], i: number) => void): string {
  const ls = lines(t);
  f(ls, r.int(ls.length));
  return join(ls);
}

function insertAt(t: string, r: Rng, s: string): string {
  const i = r.int(t.length + 1);
  return t.slice(0, i) + s + t.slice(i);
}

const ODD = [
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\r',
  '\t',
  '\u00a0',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\ud800',
  'é',
  '数据',
  '😀',
  '\\',
  '"',
  "'",
  '`',
  '$(id)',
  ';',
  '&',
  '<',
  ']]>',
  '%',
  '{{',
  '}}',
  '{%',
  '#',
  ':',
  '- ',
  '[',
  ']',
  '*',
  '!',
  '|',
  '>',
];

/** Mutations whose result may or may not be valid. */
export const GENERIC: Record<string, Mutator> = {
  truncate: (t, r) => t.slice(0, r.int(t.length)),
  'duplicate line': (t, r) => atLine(t, r, (ls, i) => ls.splice(i, 0, ls[i] ?? '')),
  'remove line': (t, r) => atLine(t, r, (ls, i) => ls.splice(i, 1)),
  'swap lines': (t, r) =>
    atLine(t, r, (ls, i) => {
      const j = r.int(ls.length);
      [ls[i], ls[j]] = [ls[j] ?? '', ls[i] ?? ''];
    }),
  'odd character': (t, r) => insertAt(t, r, r.pick(ODD)),
  'odd characters': (t, r) => {
    let out = t;
    for (let k = 0; k < 5; k++) out = insertAt(out, r, r.pick(ODD));
    return out;
  },
  'huge value': (t, r) => insertAt(t, r, r.pick(['x', '9', '[', '{', ' ']).repeat(100_000)),
  'indent line': (t, r) => atLine(t, r, (ls, i) => (ls[i] = `${r.pick(['  ', '\t', ' '])}${ls[i]}`)),
  'dedent line': (t, r) => atLine(t, r, (ls, i) => (ls[i] = (ls[i] ?? '').trimStart())),
  'number to string': (t) => t.replace(/\b\d+\b/, 'abc'),
  'string to number': (t, r) =>
    t.replace(/:\s*[A-Za-z/][^\n]*/, `: ${r.pick(['0', '-1', '1e999', '0x1F', '99999999999999999999', '.inf', 'null', 'true', '[]', '{}'])}`),
  'equals for colon': (t) => t.replace(/: /, '='),
  'colon for equals': (t) => t.replace(/=/, ': '),
  reverse: (t) => join(lines(t).reverse()),
  empty: () => '',
};

/** The primary's section header (the inventory's comments name it too). */
const PRIMARY = /^\[opengauss_primary\]\n/m;

/** Inventory (INI) edits afo must refuse. */
export const BAD_INVENTORY: Record<string, Mutator> = {
  'unterminated range': (t) => t.replace(PRIMARY, '[opengauss_primary]\n10.0.0.[1:\n'),
  'range with letters and digits': (t) => t.replace(PRIMARY, '[opengauss_primary]\nnode[a:9]\n'),
  'range end before start': (t) => t.replace(PRIMARY, '[opengauss_primary]\nnode[9:1]\n'),
  'huge range': (t) => t.replace(PRIMARY, '[opengauss_primary]\n10.[0:255].[0:255].[0:255]\n'),
  'children cycle with all': (t) => `${t}\n[loop:children]\nall\n`,
  'children cycle': (t) => `${t}\n[a:children]\nb\n[b:children]\na\n`,
  'self child': (t) => `${t}\n[opengauss:children]\nopengauss\n`,
  'unterminated section': (t) => t.replace(PRIMARY, '[opengauss_primary\n'),
  'unknown section kind': (t) => t.replace(/^\[opengauss:children\]$/m, '[opengauss:kids]'),
  'bad host variable': (t) => t.replace(PRIMARY, '[opengauss_primary]\n10.0.0.5 =x\n'),
  'unterminated quote': (t) => t.replace('[opengauss_primary]\n', "[opengauss_primary]\n10.0.0.5 a='b\n"),
};

/** group_vars edits afo must refuse (docs/opengauss.md: the settings schema). */
export const BAD_GROUP_VARS: Record<string, Mutator> = {
  'alias bomb': (t) =>
    `${t}\nopengauss_cm:\n a: &a ["x","x","x","x","x","x","x","x","x"]\n b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n h: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n`,
  // (appended keys are ones the valid file does not set: a duplicate key would be the error instead)
  'undefined alias': (t) => `${t}\nglobal_pkg_mirror: *nope\n`,
  'merge key not a map': (t) => `${t}\nopengauss_cm:\n  <<: 5\n`,
  'unknown tag': (t) => `${t}\nglobal_timezone: !frobnicate UTC\n`,
  'unsafe tag': (t) => `${t}\nglobal_timezone: !unsafe '{{ x }}'\n`,
  'unclosed template': (t) => t.replace('clusterName: openGauss', 'clusterName: "{{ cluster"'),
  'undefined name in nested setting': (t) => t.replace('dataPath: /opt/openGauss/data', 'dataPath: "/data/{{ typo }}"'),
  'undefined name in top setting': (t) => t.replace('opengauss_home: /opt/openGauss', 'opengauss_home: "{{ typo }}"'),
  'unknown setting': (t) => `${t}\nopengauss_prot: 5432\n`,
  'misspelt nested setting': (t) => t.replace('dataPortBase: 15400', 'dataPortbase: 16000'),
  'port as boolean': (t) => t.replace('dataPortBase: 15400', 'dataPortBase: true'),
  'port as list': (t) => t.replace('dataPortBase: 15400', 'dataPortBase: [15400]'),
  'port as text': (t) => t.replace('dataPortBase: 15400', 'dataPortBase: fifteen'),
  'port out of range': (t) => t.replace('dataPortBase: 15400', 'dataPortBase: 70000'),
  'user name with shell': (t) => t.replace('user_name: omm', 'user_name: "omm;id"'),
  'user name root': (t) => t.replace('user_name: omm', 'user_name: root'),
  'version path': (t) => t.replace('opengauss_version: 5.0.0', 'opengauss_version: ../../etc'),
  'relative path': (t) => t.replace('dataPath: /opt/openGauss/data', 'dataPath: data'),
  'comma in path': (t) => t.replace('dataPath: /opt/openGauss/data', 'dataPath: /data,x'),
  'command in path': (t) => t.replace('opengauss_upload_path: /opt/software/openGauss', 'opengauss_upload_path: "/opt/x $(id)"'),
  'control character in cluster name': (t) => t.replace('clusterName: openGauss', 'clusterName: "og\\u0001x"'),
  'map setting as text': (t) => t.replace(/opengauss_env:\n/, 'opengauss_env: plain\nunused_env:\n'),
  'top level list': (t) => `- ${t.split('\n').join('\n  ')}`,
  'top level scalar': () => 'just text',
  'tab indentation': (t) => t.replace('  user_name: omm', '\tuser_name: omm'),
};

/** Role edits afo's pre-run check refuses before any host is touched (exit 2). */
export const BAD_ROLE: Record<string, Mutator> = {
  'bad when': (t) => t.replace('  become: true\n', '  become: true\n  when: "x ==" \n'),
  'unclosed template in args': (t) => t.replace('path: "{{ app_root }}"', 'path: "{{ app_root "'),
  'unknown module': (t) => t.replace('  user:\n', '  usr:\n'),
  'unknown keyword': (t) => t.replace('  become: true\n', '  becme: true\n'),
  'task not a map': (t) => `${t}\n- just a string\n`,
  'tasks not a list': () => 'name: not a list\nfile: {path: /tmp/x}\n',
  'undefined alias': (t) => `${t}\n- name: alias\n  file: *nope\n`,
  'unknown tag': (t) => `${t}\n- name: tag\n  file: !frob {path: /tmp/x}\n`,
  'loop not a list': (t) => t.replace('loop: "{{ app_dirs }}"', 'loop: 5'),
  'when a map': (t) => t.replace('  become: true\n', '  become: true\n  when: {a: 1}\n'),
  'register a list': (t) => t.replace('  become: true\n', '  become: true\n  register: [a, b]\n'),
  'retries text': (t) => t.replace('  become: true\n', '  become: true\n  retries: often\n'),
  'no_log text': (t) => t.replace('  become: true\n', '  become: true\n  no_log: maybe\n'),
  'bad assert': (t) => `${t}\n- name: bad assert\n  assert:\n    that: "x =="\n`,
  'missing template source': (t) => t.replace('src: app.conf.hbs', 'src: nope.conf.hbs'),
  'missing copy source': (t) => `${t}\n- name: copy missing\n  copy:\n    src: no-such-file.txt\n    dest: /tmp/x\n`,
};

/**
 * Role errors only a run can see (the names a `with_first_found` tries may depend on facts, as in
 * Ansible): required to fail, not to be refused before connecting.
 */
export const BAD_ROLE_AT_RUN: Record<string, Mutator> = {
  'missing include': (t) => t.replace('os-default.yml', 'os-none.yml').replace('"os-{{ ansible_os_family }}.yml"', '"os-missing.yml"'),
};
