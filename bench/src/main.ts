/**
 * `npm run bench`: afo vs ansible-playbook vs the SSH floor on the same lab hosts and the same
 * work, at two host counts. Prints one line per figure (median of the samples), afo's exec
 * channels per host, then the `ratio NAME VALUE` lines; writes everything as JSON.
 *
 * Fresh runs need fresh hosts: the lab is restarted before each one. Passes repeat the whole
 * sequence while the time budget (BENCH_BUDGET_S, default 780 s) allows, up to BENCH_PASSES (3).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { labDown, labUp, type LabInfo, type LabSpec } from './lab.js';
import { median } from './measure.js';
import { ansibleConfig, runAfo, runAnsible, runFloor, type Sample } from './tools.js';
import { chooseWork } from './work.js';

const repo = resolve(process.argv[2] ?? '.');
const cache = process.env.AFO_LAB_CACHE ?? join(repo, '.cache/lab');
const budgetS = Number(process.env.BENCH_BUDGET_S ?? 780);
const maxPasses = Number(process.env.BENCH_PASSES ?? 3);
const labs: LabSpec[] = [
  { name: process.env.BENCH_LAB_SMALL ?? 'bn3', net: process.env.BENCH_NET_SMALL ?? '10.213.6', size: 3 },
  { name: process.env.BENCH_LAB_LARGE ?? 'bn9', net: process.env.BENCH_NET_LARGE ?? '10.213.7', size: 9 },
];
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

async function pass(lab: LabInfo, work: ReturnType<typeof chooseWork>, main: string): Promise<LabInfo> {
  const h = `h${lab.spec.size}`;
  const afo = { main, role: work.role, args: work.afoArgs, logDir: join(tmp, 'logs') };
  lab = await labUp(repo, lab.spec, cache);
  add(`afo.fresh.${h}`, await runAfo(lab, afo, 'changes', false));
  for (let i = 0; i < 3; i++) add(`afo.noop.${h}`, await runAfo(lab, afo, 'nothing', false));
  for (let i = 0; i < 3; i++) add(`afo.check.${h}`, await runAfo(lab, afo, 'nothing', true));
  for (const mode of ['default', 'tuned'] as const) {
    const cfg = ansibleConfig(join(tmp, `ansible-${mode}-${lab.spec.name}`), mode, lab.hosts.length);
    lab = await labUp(repo, lab.spec, cache);
    add(`ansible.${mode}.fresh.${h}`, await runAnsible(lab, work.playbook, cfg, 'changes'));
    add(`ansible.${mode}.noop.${h}`, await runAnsible(lab, work.playbook, cfg, 'nothing'));
  }
  for (let i = 0; i < 3; i++) add(`floor.${h}`, await runFloor(lab));
  return lab;
}

async function main(): Promise<void> {
  const work = chooseWork(repo);
  const main = join(repo, '.cache/bench/afo/src/cli/main.js');
  if (work.note) console.log(`note: ${work.note}`);
  console.log(`work: ${work.label}; ansible twin: ${work.playbook.slice(repo.length + 1)}`);
  mkdirSync(tmp, { recursive: true });
  const infos = new Map<number, LabInfo>();
  const passTime = new Map<number, number>();
  try {
    for (let p = 1; p <= maxPasses; p++) {
      for (const spec of labs) {
        const need = passTime.get(spec.size);
        if (need !== undefined && elapsed() + need * 1.1 > budgetS) {
          log(`pass ${p} for ${spec.size} hosts skipped: it takes ~${need.toFixed(0)} s and the budget is ${budgetS} s`);
          continue;
        }
        log(`pass ${p}: ${spec.size} hosts`);
        const t0 = elapsed();
        const prev = infos.get(spec.size) ?? { spec, dir: '', inventory: '', sshConfig: '', hosts: [] };
        infos.set(spec.size, await pass(prev, work, main));
        passTime.set(spec.size, elapsed() - t0);
      }
    }
  } finally {
    if (process.env.BENCH_KEEP_LABS !== '1') for (const spec of labs) await labDown(repo, spec, cache).catch((e: Error) => log(e.message));
  }
  report(work.label);
}

function fig(name: string): number | undefined {
  const s = samples.get(name);
  return s && s.length > 0 ? median(s.map((x) => x.seconds)) : undefined;
}

function report(label: string): void {
  const figures: Record<string, { median: number; samples: number[]; channelsPerHost?: Record<string, number> }> = {};
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
    const ch = s.find((x) => x.channels)?.channels;
    if (!ch) continue;
    const vals = Object.values(ch);
    figures[name]!.channelsPerHost = ch;
    console.log(`${name}.channels_per_host ${Math.max(...vals)}${Math.min(...vals) !== Math.max(...vals) ? ` (min ${Math.min(...vals)})` : ''}`);
  }
  const ratios: Record<string, number> = {};
  const ratio = (name: string, a: number | undefined, b: number | undefined) => {
    if (a === undefined || b === undefined || b === 0) return;
    ratios[name] = a / b;
  };
  for (const h of ['h3', 'h9']) {
    for (const run of ['fresh', 'noop']) {
      for (const mode of ['default', 'tuned']) ratio(`ansible.${mode}/afo.${run}.${h}`, fig(`ansible.${mode}.${run}.${h}`), fig(`afo.${run}.${h}`));
    }
    ratio(`afo/floor.noop.${h}`, fig(`afo.noop.${h}`), fig(`floor.${h}`));
  }
  const floorGrowth = (fig('floor.h9') ?? NaN) / (fig('floor.h3') ?? NaN);
  for (const run of ['noop', 'fresh']) ratio(`growth.afo.${run}/floor`, (fig(`afo.${run}.h9`) ?? NaN) / (fig(`afo.${run}.h3`) ?? NaN), floorGrowth);
  for (const [k, v] of Object.entries(ratios)) if (Number.isFinite(v)) console.log(`ratio ${k} ${v.toFixed(2)}`);
  mkdirSync(out, { recursive: true });
  const json = { time: new Date(started).toISOString(), work: label, durationS: elapsed(), figures, ratios };
  const file = join(out, `bench-${json.time.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
  writeFileSync(join(out, 'latest.json'), JSON.stringify(json, null, 2) + '\n');
  log(`figures written to ${file} (and bench/results/latest.json); total ${elapsed().toFixed(0)} s`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
