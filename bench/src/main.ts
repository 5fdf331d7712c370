/**
 * `npm run bench`: afo vs ansible-playbook vs the SSH floor on the same lab hosts and the same
 * work, at two host counts. Prints one line per figure (median of its samples), afo's exec
 * channels per host, then the `ratio NAME VALUE` lines; writes everything as JSON.
 *
 * Fresh runs need fresh hosts: the lab is restarted before each. afo and the floor are cheap and
 * always get several samples; ansible-playbook runs take minutes, so after one sample of each,
 * more are taken (9 hosts and tuned first) only while the time budget allows
 * (BENCH_BUDGET_S, default 720 s; BENCH_ANSIBLE_SAMPLES caps them, default 3).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { labDown, labUp, type LabInfo, type LabSpec } from './lab.js';
import { median } from './measure.js';
import { ansibleConfig, runAfo, runAnsible, runFloor, runStart, type AfoWork, type Sample } from './tools.js';
import { runDeployCost, standinPackage, type DeployCost } from './deploy.js';
import { chooseWork, type Work } from './work.js';

const repo = resolve(process.argv[2] ?? '.');
const cache = process.env.AFO_LAB_CACHE ?? join(repo, '.cache/lab');
const budgetS = Number(process.env.BENCH_BUDGET_S ?? 720);
const ansibleSamples = Number(process.env.BENCH_ANSIBLE_SAMPLES ?? 3);
const afoFreshSamples = Number(process.env.BENCH_FRESH_SAMPLES ?? 3);
const labs: LabSpec[] = [
  { name: process.env.BENCH_LAB_SMALL ?? 'bn3', net: process.env.BENCH_NET_SMALL ?? '10.213.6', size: 3 },
  { name: process.env.BENCH_LAB_LARGE ?? 'bn9', net: process.env.BENCH_NET_LARGE ?? '10.213.7', size: 9 },
];
/** The growth lab: afo (fresh, no-op) and the floor; tuned Ansible once, when the budget allows. */
const xl: LabSpec | undefined =
  process.env.BENCH_XL === '0' ? undefined : { name: process.env.BENCH_LAB_XL ?? 'bn27', net: process.env.BENCH_NET_XL ?? '10.213.8', size: 27 };
/** Which parts run (BENCH_PHASES, comma-separated; default all): start, afo, xl, deploy, ansible. */
const phases = new Set((process.env.BENCH_PHASES ?? 'start,afo,xl,deploy,ansible').split(',').map((p) => p.trim()));
const out = join(repo, 'bench/results');
const tmp = join(repo, '.cache/bench/run');
const started = Date.now();
const elapsed = () => (Date.now() - started) / 1000;
const log = (m: string) => process.stderr.write(`[bench ${elapsed().toFixed(0).padStart(4)}s] ${m}\n`);

const samples = new Map<string, Sample[]>();
function add(name: string, s: Sample): void {
  samples.set(name, [...(samples.get(name) ?? []), s]);
  log(`${name} ${s.seconds.toFixed(3)} s`);
}

/** afo fresh (on a restarted lab each time), then no-op and --check re-runs, then the floor. */
async function afoPhase(spec: LabSpec, work: Work, afo: AfoWork, freshSamples = afoFreshSamples, check = true): Promise<void> {
  const h = `h${spec.size}`;
  let lab: LabInfo | undefined;
  let run = afo;
  for (let i = 0; i < freshSamples; i++) {
    lab = await labUp(repo, spec, cache);
    // A log directory of its own: afo keeps the last run's base facts there as hints for the
    // first fact batch, and a first run on new hosts has none. The re-runs below use it.
    run = { ...afo, logDir: join(tmp, `logs-${spec.name}-${i}`) };
    rmSync(run.logDir, { recursive: true, force: true });
    add(`afo.fresh.${h}`, await runAfo(lab, run, work.args(lab, tmp), 'changes', false));
  }
  if (!lab) return;
  afo = run;
  const args = work.args(lab, tmp);
  for (let i = 0; i < 3; i++) add(`afo.noop.${h}`, await runAfo(lab, afo, args, 'nothing', false));
  if (check) for (let i = 0; i < 3; i++) add(`afo.check.${h}`, await runAfo(lab, afo, args, 'nothing', true));
  for (let i = 0; i < 5; i++) add(`floor.${h}`, await runFloor(lab));
}

/** One ansible-playbook sample pair: fresh on a restarted lab, then the re-run. */
async function ansibleSample(spec: LabSpec, work: Work, mode: 'default' | 'tuned'): Promise<void> {
  const h = `h${spec.size}`;
  const cfg = ansibleConfig(join(tmp, `ansible-${mode}-${spec.name}`), mode, spec.size);
  const lab = await labUp(repo, spec, cache);
  const args = work.args(lab, tmp);
  add(`ansible.${mode}.fresh.${h}`, await runAnsible(lab, work.playbook, cfg, args, 'changes'));
  add(`ansible.${mode}.noop.${h}`, await runAnsible(lab, work.playbook, cfg, args, 'nothing'));
}

async function main(): Promise<void> {
  const work = chooseWork(repo);
  const afo: AfoWork = { main: join(repo, '.cache/bench/afo/src/cli/main.js'), role: work.role, logDir: join(tmp, 'logs') };
  if (work.note) console.log(`note: ${work.note}`);
  console.log(`work: ${work.label}; ansible twin: ${work.playbook.slice(repo.length + 1)}`);
  mkdirSync(tmp, { recursive: true });
  try {
    // Start-up first, on an idle lab: what every command pays before it does anything.
    const inv = join(repo, 'inventories/opengauss/hosts.ini');
    for (let i = 0; i < (phases.has('start') ? 5 : 0); i++)
      for (const what of ['node', 'version', 'inventory'] as const)
        add(`start.${what === 'node' ? 'node' : `afo.${what}`}`, await runStart(afo.main, what, inv));
    if (phases.has('afo')) for (const spec of labs) await afoPhase(spec, work, afo);
    if (xl && phases.has('xl')) {
      await afoPhase(xl, work, afo, Number(process.env.BENCH_XL_FRESH_SAMPLES ?? 2), false);
      if (process.env.BENCH_KEEP_LABS !== '1') await labDown(repo, xl, cache);
    }
    // Ansible: one sample of everything first, then more while the budget allows (largest first).
    const order = [...labs].reverse().flatMap((spec) => (['tuned', 'default'] as const).map((mode) => ({ spec, mode })));
    const cost = new Map<string, number>();
    if (phases.has('deploy')) {
      // The demo topology on the small lab, restarted fresh (docs/opengauss.md: CM with 3 data nodes).
      const lab = await labUp(repo, labs[0]!, cache);
      deploy = await runDeployCost(afo.main, lab, await standinPackage(repo));
      log(`afo deploy (3 hosts, fresh) ${deploy.wallS.toFixed(1)} s, inside OM commands ${deploy.omS.toFixed(1)} s`);
    }
    for (let round = 1; round <= (phases.has('ansible') ? ansibleSamples : 0); round++) {
      for (const { spec, mode } of order) {
        const key = `${mode}.${spec.size}`;
        const need = cost.get(key);
        if (need !== undefined && elapsed() + need > budgetS) {
          log(`ansible ${mode} sample ${round} on ${spec.size} hosts skipped: ~${need.toFixed(0)} s, budget ${budgetS} s`);
          continue;
        }
        const t0 = elapsed();
        await ansibleSample(spec, work, mode);
        cost.set(key, elapsed() - t0);
      }
    }
    // Tuned Ansible once on the growth lab, when the rest leaves room (about 3x its 9-host cost).
    const tuned9 = cost.get('tuned.9');
    if (xl && phases.has('ansible') && phases.has('xl') && ansibleSamples > 0) {
      const need = tuned9 === undefined ? 0 : tuned9 * 3;
      if (elapsed() + need > budgetS) log(`ansible tuned on ${xl.size} hosts skipped: ~${need.toFixed(0)} s, budget ${budgetS} s`);
      else await ansibleSample(xl, work, 'tuned');
    }
  } catch (e) {
    // A broken run is never reported as a time; what was measured before it still is.
    failed = e instanceof Error ? e.message : String(e);
  } finally {
    if (process.env.BENCH_KEEP_LABS !== '1')
      for (const spec of [...labs, ...(xl ? [xl] : [])]) await labDown(repo, spec, cache).catch((e: Error) => log(e.message));
  }
  report(work.label);
  if (failed) {
    process.stderr.write(`bench: stopped early: ${failed}\n`);
    process.exitCode = 1;
  }
}

let failed: string | undefined;
let deploy: DeployCost | undefined;

function fig(name: string): number | undefined {
  const s = samples.get(name);
  return s && s.length > 0 ? median(s.map((x) => x.seconds)) : undefined;
}

function report(label: string): void {
  const figures: Record<string, { median: number; samples: number[]; channelsPerHost?: Record<string, number>; cpuMedian?: number }> = {};
  const lines: string[] = [];
  for (const [name, s] of samples) {
    const m = median(s.map((x) => x.seconds));
    figures[name] = { median: m, samples: s.map((x) => x.seconds) };
    lines.push(`${name} ${m.toFixed(3)} s  (median of ${s.length}: ${s.map((x) => x.seconds.toFixed(2)).join(' ')})`);
  }
  const order = (n: string) => (n.startsWith('afo') ? 0 : n.startsWith('ansible') ? 1 : 2);
  lines.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  for (const l of lines) console.log(l);
  for (const [name, s] of samples) {
    const cpu = s.flatMap((x) => (x.cpu === undefined ? [] : [x.cpu]));
    if (cpu.length > 0) {
      figures[name]!.cpuMedian = median(cpu);
      console.log(`${name}.control_cpu ${median(cpu).toFixed(2)} s`);
    }
  }
  for (const [name, s] of samples) {
    const ch = s.find((x) => x.channels)?.channels;
    if (!ch) continue;
    const vals = Object.values(ch);
    figures[name]!.channelsPerHost = ch;
    console.log(`${name}.channels_per_host ${Math.max(...vals)}${Math.min(...vals) !== Math.max(...vals) ? ` (min ${Math.min(...vals)})` : ''}`);
  }
  for (const [name, s] of samples) {
    const mem = s.flatMap((x) => (x.memMb === undefined ? [] : [x.memMb]));
    if (mem.length > 0) console.log(`memory ${name} ${Math.max(...mem).toFixed(0)}`);
  }
  const ratios: Record<string, number> = {};
  const ratio = (name: string, a: number | undefined, b: number | undefined) => {
    if (a === undefined || b === undefined || b === 0) return;
    ratios[name] = a / b;
  };
  for (const h of ['h3', 'h9', 'h27']) {
    for (const run of ['fresh', 'noop']) {
      for (const mode of ['default', 'tuned']) ratio(`ansible.${mode}/afo.${run}.${h}`, fig(`ansible.${mode}.${run}.${h}`), fig(`afo.${run}.${h}`));
    }
    ratio(`afo/floor.noop.${h}`, fig(`afo.noop.${h}`), fig(`floor.${h}`));
  }
  const floorGrowth = (fig('floor.h9') ?? NaN) / (fig('floor.h3') ?? NaN);
  for (const run of ['noop', 'fresh']) ratio(`growth.afo.${run}/floor`, (fig(`afo.${run}.h9`) ?? NaN) / (fig(`afo.${run}.h3`) ?? NaN), floorGrowth);
  const floorGrowth27 = (fig('floor.h27') ?? NaN) / (fig('floor.h9') ?? NaN);
  for (const run of ['noop', 'fresh']) ratio(`growth9to27.afo.${run}/floor`, (fig(`afo.${run}.h27`) ?? NaN) / (fig(`afo.${run}.h9`) ?? NaN), floorGrowth27);
  ratio('start.afo.version/node', fig('start.afo.version'), fig('start.node'));
  ratio('start.afo.inventory/node', fig('start.afo.inventory'), fig('start.node'));
  for (const [k, v] of Object.entries(ratios)) if (Number.isFinite(v)) console.log(`ratio ${k} ${v.toFixed(2)}`);
  if (deploy) {
    console.log(`deploy.h3 wall ${deploy.wallS.toFixed(1)} s, inside OM commands ${deploy.omS.toFixed(1)} s, afo's own ${deploy.afoS.toFixed(1)} s`);
    for (const p of deploy.phases)
      console.log(`deploy.h3.phase ${p.phase}: wall ${p.wallS.toFixed(1)} s, OM ${p.omS.toFixed(1)} s, afo ${p.afoS.toFixed(1)} s`);
  }
  mkdirSync(out, { recursive: true });
  const json = { time: new Date(started).toISOString(), work: label, durationS: elapsed(), figures, ratios, deploy };
  const file = join(out, `bench-${json.time.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
  writeFileSync(join(out, 'latest.json'), JSON.stringify(json, null, 2) + '\n');
  log(`figures written to ${file} (and bench/results/latest.json); total ${elapsed().toFixed(0)} s`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
