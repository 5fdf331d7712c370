#!/usr/bin/env -S node --import tsx
/**
 * `npm run bench` (= node --import tsx bench/run.ts): installs what the lab needs, builds afo when
 * a source is newer than dist/, then times afo, ansible-playbook and the SSH floor on lab hosts
 * (bench/README.md; the knobs are BENCH_* variables, bench/src/options.ts). Needs root (the lab)
 * and Debian's ansible package. A zx script on the lab's own TypeScript helpers (test/lab/lab.ts,
 * test/e2e/helpers.ts), like scripts/demo.ts.
 */
import { join } from 'node:path';
import { $, cd } from 'zx';
import { AFO_MAIN, afoBuildStale, REPO } from '../test/e2e/helpers.js';
import { runBench } from './src/bench.js';
import { benchOptions, OptionError } from './src/options.js';

const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

let opts: ReturnType<typeof benchOptions>;
try {
  opts = benchOptions(process.env);
} catch (e) {
  if (!(e instanceof OptionError)) throw e;
  say(`${e.message} (bench/README.md lists the BENCH_* variables); nothing was started`);
  process.exit(2);
}
cd(REPO);
process.env.AFO_LAB_CACHE ??= join(REPO, '.cache/lab');

// the Debian packages the lab and Ansible need (only those missing)
await $({ stdio: ['ignore', process.stderr, 'inherit'] })`bash test/lab/setup.sh`;
if (afoBuildStale()) {
  say('building afo (npm run build) ...');
  await $({ stdio: ['ignore', process.stderr, 'inherit'] })`npm run --silent build`;
}
process.exitCode = await runBench(REPO, AFO_MAIN, opts);
