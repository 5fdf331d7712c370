/**
 * The fuzz cases: valid inputs of the repository (inventories/opengauss, test/fixtures, roles/)
 * mutated by a seeded generator, each written to its own directory with the afo command to run.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BAD_GROUP_VARS, BAD_INVENTORY, BAD_ROLE, BAD_ROLE_AT_RUN, GENERIC, type Mutator } from './mutators.js';
import { type Rng, rng } from './rng.js';

export const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export type Kind = 'inventory' | 'group_vars' | 'extra-vars' | 'role' | 'flags' | 'host_vars';

export interface FuzzCase {
  /** "seed/index": replays with AFO_FUZZ_SEED=seed. */
  id: string;
  kind: Kind;
  mutation: string;
  /** A known-bad edit: afo must refuse it (non-zero exit). */
  mustFail: boolean;
  /** Exit codes a refusal must use (e.g. [2]: refused as bad input, before any connection). */
  refuseWith?: number[];
  dir: string;
  /** afo's arguments (after `afo`); run with `dir` as the working directory. */
  argv: string[];
}

/** A valid group_vars/all.yml: every setting of roles/opengauss/defaults/main.yml a user sets. */
export const VALID_GROUP_VARS = `opengauss_version: 5.0.0
opengauss_home: /opt/openGauss
opengauss_paths:
  gaussdbAppPath: /opt/openGauss/install/app
  gaussdbToolPath: /opt/openGauss/install/om
  gaussdbLogPath: /var/log
  tmpMppdbPath: /opt/openGauss/tmp
  corePath: /opt/openGauss/corefile
  dataPath: /opt/openGauss/data
opengauss_env:
  user_name: omm
  user_group: dbgrp
  clusterName: openGauss
  dataPortBase: 15400
  cmServerPortBase: 15300
  azName: AZ1
  azPriority: 1
  syncNum: 0
  swap_off: false
opengauss_db_set:
  locale: en_US.utf8
og_disable_history: false
opengauss_sysctl:
  net.ipv4.tcp_retries1: 5
  net.ipv4.tcp_syn_retries: 5
opengauss_max_clock_skew_ms: 500
opengauss_upload_path: /opt/software/openGauss
`;

/** Valid -e values (k=v, JSON, @file). */
const VALID_EXTRA = [
  'og_disable_history=true',
  'opengauss_version=5.0.0',
  '{"opengauss_env": {"clusterName": "prod1", "dataPortBase": 16000}}',
  '{"opengauss_paths": {"dataPath": "/data/og"}}',
  'global_timezone=Asia/Shanghai',
];

/** -e values afo must refuse. */
const BAD_EXTRA: Record<string, string> = {
  'missing @file': '@/nonexistent/afo-fuzz.yml',
  'unclosed JSON': '{"opengauss_env": {"dataPortBase": 1',
  'JSON list': '[1, 2, 3]',
  'JSON scalar': '"text"',
  'empty name': '=value',
  'unknown setting': 'opengauss_prot=1',
  'port as boolean (JSON)': '{"opengauss_env": {"dataPortBase": true}}',
  'port as text (k=v JSON)': 'opengauss_env={"dataPortBase": "x"}',
  'unknown nested setting': '{"opengauss_env": {"dataportbase": 1}}',
  'undefined name': 'opengauss_home={{ nope }}',
  'unclosed template': 'opengauss_home={{ nope',
  'user root': '{"opengauss_env": {"user_name": "root"}}',
  'relative upload path': 'opengauss_upload_path=relative/dir',
  'version traversal': 'opengauss_version=../../etc',
  'shell in user name': '{"opengauss_env": {"user_name": "omm;id"}}',
  'name with space': 'bad name=1',
};

/** Command-line values afo must refuse (appended to `afo play --check` or `afo deploy --check`). */
const BAD_FLAGS: Record<string, string[]> = {
  'log dir under /proc': ['--log-dir', '/proc/afo-nope'],
  'log dir a device': ['--log-dir', '/dev/null'],
  'forks zero': ['--forks', '0'],
  'forks text': ['--forks', 'many'],
  // ('opengauss[' is no error: Ansible's pattern split drops the stray bracket, and so does afo)
  'bad regex host pattern': ['--limit', '~(opengauss'],
  'limit matching nothing': ['--limit', 'no_such_group'],
  'unknown option': ['--chekc'],
};
const DEPLOY_ONLY_FLAGS: Record<string, string[]> = {
  'missing package': ['--package', '/nonexistent/openGauss-all.tar.gz'],
  'bad package checksum': ['--package-sha256', 'not-hex'],
};

/** host_vars files afo must refuse: per-host values of cluster-wide settings, broken YAML. */
const BAD_HOST_VARS: Record<string, string> = {
  'cluster-wide port per host': 'opengauss_env:\n  dataPortBase: 16000\n',
  'cluster-wide path per host': 'opengauss_upload_path: /opt/elsewhere\n',
  'port not a number': 'ansible_port: abc\n',
  'undefined alias': 'x: *nope\n',
  'list, not a map': '- a\n- b\n',
};

/** An inventory of one openGauss host on a loopback port where nothing listens (never another host). */
export const LOOPBACK_INVENTORY = '[opengauss_primary]\n127.0.0.1 ansible_port=9 ansible_user=root\n[opengauss:children]\nopengauss_primary\n';

const LOOPBACK_PAIR = LOOPBACK_INVENTORY.replace(
  '[opengauss:children]\nopengauss_primary\n',
  '[opengauss_standby]\n127.0.0.2 ansible_port=9 ansible_user=root\n[opengauss:children]\nopengauss_primary\nopengauss_standby\n',
);

function inventoryBases(): string[] {
  const fixtures = ['basic', 'children', 'details', 'ranges', 'typing', 'afo-original'].map((n) => `test/fixtures/inventories/${n}/hosts.ini`);
  return ['inventories/opengauss/hosts.ini', ...fixtures].map((p) => readFileSync(join(REPO, p), 'utf8'));
}

const ROLE_FILES = ['tasks/main.yml', 'tasks/os-default.yml', 'handlers/main.yml', 'defaults/main.yml', 'templates/app.conf.hbs'];

interface Plan {
  count: number;
  generic: number;
}

/**
 * Writes `plan` cases per kind under `root` (generic mutations first, then every known-bad one of
 * the kind at least once) and returns them in a fixed order for the seed.
 */
export function generateCases(seed: number, root: string, plan: Plan = { count: 110, generic: 80 }): FuzzCase[] {
  const r = rng(seed);
  const cases: FuzzCase[] = [];
  const add = (c: Omit<FuzzCase, 'id' | 'dir'>, write: (dir: string) => void) => {
    const id = `${seed}/${cases.length}`;
    const dir = join(root, String(cases.length));
    mkdirSync(dir, { recursive: true });
    write(dir);
    cases.push({ id, dir, ...c });
  };
  const genericOrBad = (bad: Record<string, Mutator>, i: number): [string, Mutator, boolean] => {
    const badNames = Object.keys(bad);
    if (i >= plan.generic) {
      const name = badNames[(i - plan.generic) % badNames.length] as string;
      return [name, bad[name] as Mutator, true];
    }
    const name = r.pick(Object.keys(GENERIC));
    return [name, GENERIC[name] as Mutator, false];
  };
  const twice = (m: Mutator, name: string, t: string): [string, string] => {
    // half the generic cases apply two mutations
    if (r.next() < 0.5) return [name, m(t, r)];
    const second = r.pick(Object.keys(GENERIC));
    return [`${name} + ${second}`, (GENERIC[second] as Mutator)(m(t, r), r)];
  };

  const inventories = inventoryBases();
  for (let i = 0; i < Math.max(plan.count, plan.generic + Object.keys(BAD_INVENTORY).length); i++) {
    const [name, m, bad] = genericOrBad(BAD_INVENTORY, i);
    const base = bad ? (inventories[0] as string) : r.pick(inventories);
    const [mutation, text] = bad ? [name, changed(name, base, m(base, r))] : twice(m, name, base);
    const command = r.pick([['inventory', '--list'], ['config'], ['inventory', '--graph']]);
    add({ kind: 'inventory', mutation, mustFail: bad, ...refused(bad && name in BAD_ROLE), argv: [...command, '-i', 'hosts.ini'] }, (dir) =>
      writeFileSync(join(dir, 'hosts.ini'), text),
    );
  }

  for (let i = 0; i < Math.max(plan.count, plan.generic + Object.keys(BAD_GROUP_VARS).length); i++) {
    const [name, m, bad] = genericOrBad(BAD_GROUP_VARS, i);
    const [mutation, text] = bad ? [name, changed(name, VALID_GROUP_VARS, m(VALID_GROUP_VARS, r))] : twice(m, name, VALID_GROUP_VARS);
    const deploy = i % 4 === 3;
    add(
      {
        kind: 'group_vars',
        mutation,
        mustFail: bad,
        ...refused(bad && name in BAD_ROLE),
        argv: deploy ? ['deploy', '--check', '-i', 'hosts.ini'] : ['config', '-i', 'hosts.ini'],
      },
      (dir) => {
        writeFileSync(join(dir, 'hosts.ini'), LOOPBACK_INVENTORY);
        mkdirSync(join(dir, 'group_vars'));
        writeFileSync(join(dir, 'group_vars', 'all.yml'), text);
      },
    );
  }

  const badExtra = Object.entries(BAD_EXTRA);
  for (let i = 0; i < Math.max(plan.count / 2, badExtra.length * 2); i++) {
    const bad = i % 2 === 1;
    const [mutation, value] = bad ? (badExtra[(i >> 1) % badExtra.length] as [string, string]) : extraMutation(r);
    const viaFile = !bad && r.next() < 0.3;
    const deploy = i % 4 === 2;
    add(
      {
        kind: 'extra-vars',
        mutation: viaFile ? `${mutation} (@file)` : mutation,
        mustFail: bad,
        ...refused(bad),
        argv: [...(deploy ? ['deploy', '--check'] : ['config']), '-i', 'hosts.ini', '-e', viaFile ? '@extra.yml' : value],
      },
      (dir) => {
        writeFileSync(join(dir, 'hosts.ini'), LOOPBACK_INVENTORY);
        if (viaFile) writeFileSync(join(dir, 'extra.yml'), value);
      },
    );
  }

  for (const [mutation, flags] of [...Object.entries(BAD_FLAGS), ...Object.entries(DEPLOY_ONLY_FLAGS)]) {
    for (const command of mutation in BAD_FLAGS
      ? [
          ['play', '--check', '-i', 'hosts.ini', 'role'],
          ['deploy', '--check', '-i', 'hosts.ini'],
        ]
      : [['deploy', '--check', '-i', 'hosts.ini']]) {
      add({ kind: 'flags', mutation, mustFail: true, ...refused(true), argv: [...command, ...flags] }, (dir) => {
        writeFileSync(join(dir, 'hosts.ini'), LOOPBACK_INVENTORY);
        cpSync(join(REPO, 'test/fixtures/roles/sample'), join(dir, 'role'), { recursive: true });
      });
    }
  }

  for (const [mutation, text] of Object.entries(BAD_HOST_VARS)) {
    add({ kind: 'host_vars', mutation, mustFail: true, ...refused(true), argv: ['deploy', '--check', '-i', 'hosts.ini'] }, (dir) => {
      // a standby's own value of a cluster-wide setting (the primary's is the cluster's)
      writeFileSync(join(dir, 'hosts.ini'), LOOPBACK_PAIR);
      mkdirSync(join(dir, 'host_vars'));
      writeFileSync(join(dir, 'host_vars', '127.0.0.2.yml'), text);
    });
  }

  const badRole = { ...BAD_ROLE, ...BAD_ROLE_AT_RUN };
  for (let i = 0; i < Math.max(plan.count, plan.generic + Object.keys(badRole).length); i++) {
    const [name, m, bad] = genericOrBad(badRole, i);
    const file = bad ? 'tasks/main.yml' : r.pick(ROLE_FILES);
    add(
      { kind: 'role', mutation: `${file}: ${name}`, mustFail: bad, ...refused(bad && name in BAD_ROLE), argv: ['play', '--check', '-i', 'hosts.ini', 'role'] },
      (dir) => {
        writeFileSync(join(dir, 'hosts.ini'), LOOPBACK_INVENTORY);
        cpSync(join(REPO, 'test/fixtures/roles/sample'), join(dir, 'role'), { recursive: true });
        const path = join(dir, 'role', file);
        const text = readFileSync(path, 'utf8');
        writeFileSync(path, bad ? changed(name, text, m(text, r)) : twice(m, name, text)[1]);
      },
    );
  }
  return cases;
}

/**
 * `n` known-bad group_vars, -e and role cases (a seeded choice) against the hosts of `inventory`
 * (the lab's): settings with `afo deploy -y` (every third `deploy --check`), roles with
 * `afo play --check`. Only known-bad ones: a still-valid mutation would really deploy.
 */
export function labCases(seed: number, root: string, inventory: string, n: number): FuzzCase[] {
  const r = rng(seed);
  const all: Omit<FuzzCase, 'id' | 'dir' | 'argv'>[] = [
    ...Object.keys(BAD_GROUP_VARS).map((m) => ({ kind: 'group_vars' as const, mutation: m, mustFail: true })),
    ...Object.keys(BAD_EXTRA).map((m) => ({ kind: 'extra-vars' as const, mutation: m, mustFail: true })),
    ...Object.keys(BAD_ROLE).map((m) => ({ kind: 'role' as const, mutation: `tasks/main.yml: ${m}`, mustFail: true })),
  ];
  const chosen: typeof all = [];
  while (chosen.length < n && all.length > 0) chosen.push(...all.splice(r.int(all.length), 1));
  return chosen.map((c, i) => {
    const dir = join(root, String(i));
    mkdirSync(join(dir, 'group_vars'), { recursive: true });
    writeFileSync(join(dir, 'hosts.ini'), inventory);
    const deploy = i % 3 === 2 ? ['deploy', '--check', '-i', 'hosts.ini'] : ['deploy', '-y', '-i', 'hosts.ini'];
    let argv: string[];
    if (c.kind === 'group_vars') {
      writeFileSync(join(dir, 'group_vars', 'all.yml'), (BAD_GROUP_VARS[c.mutation] as Mutator)(VALID_GROUP_VARS, r));
      argv = deploy;
    } else if (c.kind === 'extra-vars') {
      argv = [...deploy, '-e', BAD_EXTRA[c.mutation] as string];
    } else {
      const name = c.mutation.replace('tasks/main.yml: ', '');
      cpSync(join(REPO, 'test/fixtures/roles/sample'), join(dir, 'role'), { recursive: true });
      const path = join(dir, 'role', 'tasks', 'main.yml');
      writeFileSync(path, (BAD_ROLE[name] as Mutator)(readFileSync(path, 'utf8'), r));
      argv = ['play', '--check', '-i', 'hosts.ini', 'role'];
    }
    return { ...c, id: `${seed}/lab-${i}`, dir, argv, ...refused(c.mustFail) };
  });
}

/** A known-bad input is refused as bad input (exit 2), before any connection. */
function refused(bad: boolean): Pick<FuzzCase, 'refuseWith'> {
  return bad ? { refuseWith: [2] } : {};
}

/** A known-bad edit that changes nothing is a broken mutator (its base file changed), not a pass. */
function changed(name: string, before: string, after: string): string {
  if (after === before) throw new Error(`fuzz mutator '${name}' did not change its input: update test/fuzz/mutators.ts`);
  return after;
}

/** A generic mutation of a valid -e value. */
function extraMutation(r: Rng): [string, string] {
  const base = r.pick(VALID_EXTRA);
  const name = r.pick(Object.keys(GENERIC));
  return [`${name} of '${base}'`, (GENERIC[name] as Mutator)(base, r)];
}
