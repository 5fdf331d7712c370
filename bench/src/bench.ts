/**
 * The bench itself (bench/run.ts builds afo, then calls runBench): afo vs ansible-playbook vs the
 * SSH floor on the same lab hosts and the same work, at each host count. Prints one line per figure
 * (median of its samples), afo's exec channels per host, then the `ratio NAME VALUE` lines
 * (bench/src/report.ts); writes everything as JSON.
 *
 * Fresh runs need fresh hosts: the lab is restarted before each. afo and the floor are cheap and
 * always get several samples; ansible-playbook runs take minutes, so after one sample of each,
 * more are taken (9 hosts and tuned first) only while the time budget allows
 * (BENCH_BUDGET_S, default 720 s; BENCH_ANSIBLE_SAMPLES caps them, default 3).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { standinPackage } from '../../test/e2e/helpers.js';
import { runDeployCost, type DeployCost } from './deploy.js';
import { runExpandCost } from './expand.js';
import { benchLabDown, benchLabUp, type BenchLab } from './lab.js';
import type { BenchOptions, LabSpec } from './options.js';
import { report } from './report.js';
import { ansibleConfig, runAfo, runAnsible, runFloor, runStart, type AfoWork, type Sample } from './tools.js';
import { chooseWork, type Work } from './work.js';

/** The package the deploy part installs when BENCH_PACKAGE names none (the demo's). */
const STANDIN = 'openGauss-5.0.0-openEuler-64bit-all.tar.gz';

/** Runs the bench with afo built at `afoMain`; resolves with the process exit code. */
export async function runBench(repo: string, afoMain: string, opts: BenchOptions): Promise<number> {
  const out = join(repo, 'bench/results');
  const tmp = join(repo, '.cache/bench/run');
  const started = Date.now();
  const elapsed = () => (Date.now() - started) / 1000;
  const log = (m: string) => process.stderr.write(`[bench ${elapsed().toFixed(0).padStart(4)}s] ${m}\n`);
  const { labs, xl, phases } = opts;

  const samples = new Map<string, Sample[]>();
  const add = (name: string, s: Sample): void => {
    samples.set(name, [...(samples.get(name) ?? []), s]);
    log(`${name} ${s.seconds.toFixed(3)} s`);
  };

  /** afo fresh (on a restarted lab each time), then no-op and --check re-runs, then the floor. */
  async function afoPhase(spec: LabSpec, work: Work, afo: AfoWork, freshSamples: number, check: boolean): Promise<void> {
    const h = `h${spec.size}`;
    let lab: BenchLab | undefined;
    let run = afo;
    for (let i = 0; i < freshSamples; i++) {
      lab = await benchLabUp(spec);
      // A log directory of its own: afo keeps the last run's base facts there as hints for the
      // first fact batch, and a first run on new hosts has none. The re-runs below use it.
      run = { ...afo, logDir: join(tmp, `logs-${spec.name}-${i}`) };
      rmSync(run.logDir, { recursive: true, force: true });
      add(`afo.fresh.${h}`, await runAfo(lab, run, work.args(lab, tmp), 'changes', false));
    }
    if (!lab) return;
    const args = work.args(lab, tmp);
    for (let i = 0; i < 3; i++) add(`afo.noop.${h}`, await runAfo(lab, run, args, 'nothing', false));
    if (check) for (let i = 0; i < 3; i++) add(`afo.check.${h}`, await runAfo(lab, run, args, 'nothing', true));
    for (let i = 0; i < 5; i++) add(`floor.${h}`, await runFloor(lab));
  }

  /** One ansible-playbook sample pair: fresh on a restarted lab, then the re-run. */
  async function ansibleSample(spec: LabSpec, work: Work, mode: 'default' | 'tuned'): Promise<void> {
    const h = `h${spec.size}`;
    const cfg = ansibleConfig(join(tmp, `ansible-${mode}-${spec.name}`), mode, spec.size);
    const lab = await benchLabUp(spec);
    const args = work.args(lab, tmp);
    add(`ansible.${mode}.fresh.${h}`, await runAnsible(lab, work.playbook, cfg, args, 'changes'));
    add(`ansible.${mode}.noop.${h}`, await runAnsible(lab, work.playbook, cfg, args, 'nothing'));
  }

  const work = chooseWork(repo);
  const afo: AfoWork = { main: afoMain, role: work.role, logDir: join(tmp, 'logs') };
  if (work.note) console.log(`note: ${work.note}`);
  console.log(`work: ${work.label}; ansible twin: ${work.playbook.slice(repo.length + 1)}`);
  mkdirSync(tmp, { recursive: true });
  let failed: string | undefined;
  let deploy: DeployCost | undefined;
  let expand: DeployCost | undefined;
  try {
    // Start-up first, on an idle lab: what every command pays before it does anything.
    const inv = join(repo, 'inventories/opengauss/hosts.ini');
    for (let i = 0; i < (phases.has('start') ? 5 : 0); i++)
      for (const what of ['node', 'version', 'inventory'] as const)
        add(`start.${what === 'node' ? 'node' : `afo.${what}`}`, await runStart(afo.main, what, inv));
    if (phases.has('afo')) for (const spec of labs) await afoPhase(spec, work, afo, opts.freshSamples, true);
    if (xl && phases.has('xl')) {
      await afoPhase(xl, work, afo, opts.xlFreshSamples, false);
      if (!opts.keepLabs) await benchLabDown(xl);
    }
    // Ansible: one sample of everything first, then more while the budget allows (largest first).
    const order = [...labs].reverse().flatMap((spec) => (['tuned', 'default'] as const).map((mode) => ({ spec, mode })));
    const cost = new Map<string, number>();
    const pkg = async () => opts.package ?? (await standinPackage(STANDIN));
    if (phases.has('deploy')) {
      // The demo topology on the small lab, restarted fresh (docs/opengauss.md: CM with 3 data nodes).
      const lab = await benchLabUp(opts.small);
      deploy = await runDeployCost(afo.main, lab, await pkg());
      log(`afo deploy (3 hosts, fresh) ${deploy.wallS.toFixed(1)} s, inside OM commands ${deploy.omS.toFixed(1)} s`);
    }
    if (phases.has('expand')) {
      // The expand demo on the small lab, restarted fresh: one node deployed, then grown to the demo topology.
      const lab = await benchLabUp(opts.small);
      expand = await runExpandCost(afo.main, lab, await pkg());
      log(`afo expand (1 -> 3 hosts) ${expand.wallS.toFixed(1)} s, inside OM commands ${expand.omS.toFixed(1)} s`);
    }
    for (let round = 1; round <= (phases.has('ansible') ? opts.ansibleSamples : 0); round++) {
      for (const { spec, mode } of order) {
        const key = `${mode}.${spec.size}`;
        const need = cost.get(key);
        if (need !== undefined && elapsed() + need > opts.budgetS) {
          log(`ansible ${mode} sample ${round} on ${spec.size} hosts skipped: ~${need.toFixed(0)} s, budget ${opts.budgetS} s`);
          continue;
        }
        const t0 = elapsed();
        await ansibleSample(spec, work, mode);
        cost.set(key, elapsed() - t0);
      }
    }
    // Tuned Ansible once on the growth lab, when the rest leaves room (about 3x its 9-host cost).
    const tuned9 = cost.get('tuned.9');
    if (xl && phases.has('ansible') && phases.has('xl') && opts.ansibleSamples > 0) {
      const need = tuned9 === undefined ? 0 : tuned9 * 3;
      if (elapsed() + need > opts.budgetS) log(`ansible tuned on ${xl.size} hosts skipped: ~${need.toFixed(0)} s, budget ${opts.budgetS} s`);
      else await ansibleSample(xl, work, 'tuned');
    }
  } catch (e) {
    // A broken run is never reported as a time; what was measured before it still is.
    failed = e instanceof Error ? e.message : String(e);
  } finally {
    if (!opts.keepLabs) {
      const started = new Map([opts.small, ...labs, ...(xl ? [xl] : [])].map((s) => [s.name, s]));
      for (const spec of started.values()) await benchLabDown(spec).catch((e: Error) => log(e.message));
    }
  }
  const { lines, figures, ratios } = report(samples, { deploy, expand });
  for (const l of lines) console.log(l);
  mkdirSync(out, { recursive: true });
  const json = { time: new Date(started).toISOString(), work: work.label, durationS: elapsed(), figures, ratios, deploy, expand };
  const file = join(out, `bench-${json.time.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
  writeFileSync(join(out, 'latest.json'), JSON.stringify(json, null, 2) + '\n');
  log(`figures written to ${file} (and bench/results/latest.json); total ${elapsed().toFixed(0)} s`);
  if (!failed) return 0;
  process.stderr.write(`bench: stopped early: ${failed}\n`);
  return 1;
}
