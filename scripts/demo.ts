/**
 * The demo (README's first command), a zx script on the lab's own TypeScript helpers:
 *
 *   npm run demo             3 local lab hosts presented as openEuler 20.03, the openGauss stand-in
 *                            package, `afo deploy` of 1 primary + 1 standby + 1 cascade (with CM, as
 *                            3 nodes get by default). A second run changes nothing.
 *   npm run demo -- expand   the same hosts, grown: `afo deploy` of the primary alone, then the
 *                            standby and the cascade added to the inventory and `afo expand` (standby,
 *                            cascade, then CM). On a cluster that is already complete it changes nothing.
 *
 * Builds what is missing first. Environment: AFO_LAB / AFO_LAB_NET / AFO_LAB_CACHE as for `npm run lab`.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { $, cd } from 'zx';
import { AFO_MAIN, afoBuildStale, inventoryText, REPO, standinPackage, type Roles } from '../test/e2e/helpers.js';
import type { Lab } from '../test/lab/api.js';
import { labUp, runningLab } from '../test/lab/lab.js';

const say = (line: string) => process.stderr.write(`[demo] ${line}\n`);
const started = Date.now();
const mode = process.argv[2] ?? 'deploy';
if (mode !== 'deploy' && mode !== 'expand') {
  say(`unknown demo "${mode}": npm run demo [-- expand]`);
  process.exit(2);
}
$.verbose = true;
cd(REPO);

// 0. the Debian packages the lab needs (only those missing; a fresh machine has none of them)
await $`bash test/lab/setup.sh`;

// 1. afo itself (rebuilt when a source is newer than the build)
const main = AFO_MAIN;
if (afoBuildStale()) {
  say('building afo ...');
  await $`npm run --silent build`;
}

// 2. three lab hosts (kept when already up with 3 hosts answering)
let lab: Lab | undefined = await runningLab(3);
if (lab === undefined || lab.hosts.length !== 3) {
  say('starting 3 lab hosts (openEuler 20.03) ...');
  lab = await labUp({ hosts: 3, os: ['openeuler20.03'] });
}

// 3. the stand-in package
const pkg = await standinPackage('openGauss-5.0.0-openEuler-64bit-all.tar.gz');

// 4. an openGauss inventory for the lab hosts by IPv4 address (the same file for both demos)
const inv = join(lab.dir, 'opengauss', 'hosts.ini');
const [p, s, c] = lab.hosts.map((h) => h.ip);
const full: Roles = { primary: p!, standby: [s!], cascade: [c!] };
const writeInv = (roles: Roles) => {
  mkdirSync(dirname(inv), { recursive: true });
  writeFileSync(inv, inventoryText(lab, roles, undefined, `afo demo inventory for lab '${lab.name}' (written by scripts/demo.ts)`));
};

const afo = async (...args: string[]): Promise<number> => {
  say(`afo ${args.join(' ')}`);
  return (await $({ nothrow: true, stdio: 'inherit' })`node ${main} ${args}`).exitCode ?? 1;
};

let rc: number;
if (mode === 'deploy') {
  // 5. deploy (-y: the demo confirms for the operator)
  writeInv(full);
  rc = await afo('deploy', '-i', inv, '--package', pkg, '-y');
} else {
  // 5. single -> 1P+1S+1C with CM; a cluster already complete on these hosts is left as it is
  writeInv(full);
  const complete = (await $({ nothrow: true, quiet: true })`node ${main} status -i ${inv} --json`).stdout.includes(`"host":"${c}"`);
  if (!complete) {
    writeInv({ primary: p! });
    rc = await afo('deploy', '-i', inv, '--package', pkg, '-y');
    if (rc !== 0) finish(rc, 'deploy');
    say(`the inventory grows: ${s} in [opengauss_standby], ${c} in [opengauss_cascade]`);
    writeInv(full);
  }
  rc = await afo('expand', '-i', inv, '--package', pkg, '--check');
  if (rc === 0) rc = await afo('expand', '-i', inv, '--package', pkg, '-y');
  if (rc === 0) rc = await afo('status', '-i', inv);
}
finish(rc, mode);

function finish(code: number, what: string): never {
  const reports = join(dirname(inv), 'reports');
  const last = existsSync(reports)
    ? readdirSync(reports)
        .filter((d) => d.endsWith(`-${what}`))
        .sort()
        .at(-1)
    : undefined;
  say(`finished in ${Math.round((Date.now() - started) / 1000)} s (exit ${code})`);
  if (last) say(`report: ${join(reports, last, 'report.md')}`);
  process.exit(code);
}
