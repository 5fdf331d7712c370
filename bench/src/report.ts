/**
 * The bench's printed figures: one line per figure, afo's control CPU, channels and memory, the
 * `ratio NAME VALUE` lines and the deploy and expand lines. Scripts read these lines: keep their
 * names and shapes stable (bench/README.md).
 */
import type { DeployCost } from './deploy.js';
import { median } from './measure.js';
import type { Sample } from './tools.js';

export interface Figure {
  median: number;
  samples: number[];
  channelsPerHost?: Record<string, number>;
  cpuMedian?: number;
}

export interface Report {
  lines: string[];
  figures: Record<string, Figure>;
  ratios: Record<string, number>;
}

/** The deploy and expand parts' costs (bench/src/deploy.ts, bench/src/expand.ts), when they ran. */
export interface Costs {
  deploy?: DeployCost | undefined;
  expand?: DeployCost | undefined;
}

/** `NAME.h3 wall …` and one `NAME.h3.phase …` line per phase of a deploy or expand. */
function costLines(name: string, c: DeployCost): string[] {
  return [
    `${name}.h3 wall ${c.wallS.toFixed(1)} s, inside OM commands ${c.omS.toFixed(1)} s, afo's own ${c.afoS.toFixed(1)} s`,
    ...c.phases.map((p) => `${name}.h3.phase ${p.phase}: wall ${p.wallS.toFixed(1)} s, OM ${p.omS.toFixed(1)} s, afo ${p.afoS.toFixed(1)} s`),
  ];
}

export function report(samples: ReadonlyMap<string, readonly Sample[]>, costs: Costs = {}): Report {
  const fig = (name: string): number | undefined => {
    const s = samples.get(name);
    return s && s.length > 0 ? median(s.map((x) => x.seconds)) : undefined;
  };
  const figures: Record<string, Figure> = {};
  const figureLines: string[] = [];
  for (const [name, s] of samples) {
    const m = median(s.map((x) => x.seconds));
    figures[name] = { median: m, samples: s.map((x) => x.seconds) };
    figureLines.push(`${name} ${m.toFixed(3)} s  (median of ${s.length}: ${s.map((x) => x.seconds.toFixed(2)).join(' ')})`);
  }
  const order = (n: string) => (n.startsWith('afo') ? 0 : n.startsWith('ansible') ? 1 : 2);
  figureLines.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const lines = [...figureLines];
  for (const [name, s] of samples) {
    const cpu = s.flatMap((x) => (x.cpu === undefined ? [] : [x.cpu]));
    if (cpu.length > 0) {
      figures[name]!.cpuMedian = median(cpu);
      lines.push(`${name}.control_cpu ${median(cpu).toFixed(2)} s`);
    }
  }
  for (const [name, s] of samples) {
    const ch = s.find((x) => x.channels)?.channels;
    if (!ch) continue;
    const vals = Object.values(ch);
    figures[name]!.channelsPerHost = ch;
    lines.push(`${name}.channels_per_host ${Math.max(...vals)}${Math.min(...vals) !== Math.max(...vals) ? ` (min ${Math.min(...vals)})` : ''}`);
  }
  for (const [name, s] of samples) {
    const mem = s.flatMap((x) => (x.memMb === undefined ? [] : [x.memMb]));
    if (mem.length > 0) lines.push(`memory ${name} ${Math.max(...mem).toFixed(0)}`);
  }
  const ratios: Record<string, number> = {};
  const ratio = (name: string, a: number | undefined, b: number | undefined) => {
    if (a === undefined || b === undefined || b === 0 || !Number.isFinite(a / b)) return;
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
  for (const [k, v] of Object.entries(ratios)) lines.push(`ratio ${k} ${v.toFixed(2)}`);
  if (costs.deploy) lines.push(...costLines('deploy', costs.deploy));
  if (costs.expand) lines.push(...costLines('expand', costs.expand));
  return { lines, figures, ratios };
}
