import { describe, expect, it } from 'vitest';
import { report } from '../../../bench/src/report.js';
import type { Sample } from '../../../bench/src/tools.js';

// Scripts read these lines (bench/README.md): their names and shapes must not drift.
describe('bench report lines', () => {
  it('figures, control CPU, channels, memory, ratios and the deploy lines', () => {
    const samples = new Map<string, Sample[]>([
      ['floor.h3', [{ seconds: 0.5 }, { seconds: 0.4 }, { seconds: 0.6 }]],
      [
        'afo.noop.h3',
        [
          { seconds: 1.5, cpu: 0.5, memMb: 120.4, channels: { ht31: 4, ht32: 3 } },
          { seconds: 1.0, cpu: 0.7, memMb: 130.6 },
        ],
      ],
      ['ansible.tuned.noop.h3', [{ seconds: 12.5 }]],
      ['start.node', [{ seconds: 0.1 }]],
      ['start.afo.version', [{ seconds: 0.25 }]],
    ]);
    const deploy = { wallS: 40.04, omS: 30.01, afoS: 10.03, phases: [{ phase: 'install', wallS: 33.9, omS: 32.4, afoS: 1.5 }] };
    const r = report(samples, { deploy });
    expect(r.lines).toEqual([
      'afo.noop.h3 1.250 s  (median of 2: 1.50 1.00)',
      'ansible.tuned.noop.h3 12.500 s  (median of 1: 12.50)',
      'floor.h3 0.500 s  (median of 3: 0.50 0.40 0.60)',
      'start.afo.version 0.250 s  (median of 1: 0.25)',
      'start.node 0.100 s  (median of 1: 0.10)',
      'afo.noop.h3.control_cpu 0.60 s',
      'afo.noop.h3.channels_per_host 4 (min 3)',
      'memory afo.noop.h3 131',
      'ratio ansible.tuned/afo.noop.h3 10.00',
      'ratio afo/floor.noop.h3 2.50',
      'ratio start.afo.version/node 2.50',
      "deploy.h3 wall 40.0 s, inside OM commands 30.0 s, afo's own 10.0 s",
      'deploy.h3.phase install: wall 33.9 s, OM 32.4 s, afo 1.5 s',
    ]);
    expect(r.ratios).toEqual({ 'ansible.tuned/afo.noop.h3': 10, 'afo/floor.noop.h3': 2.5, 'start.afo.version/node': 2.5 });
    expect(r.figures['afo.noop.h3']).toEqual({ median: 1.25, samples: [1.5, 1], cpuMedian: 0.6, channelsPerHost: { ht31: 4, ht32: 3 } });
  });

  it('growth ratios need both host counts of afo and the floor; nothing else is printed without samples', () => {
    const s = (x: number): Sample[] => [{ seconds: x }];
    const samples = new Map([
      ['afo.fresh.h3', s(2)],
      ['afo.fresh.h9', s(6)],
      ['floor.h3', s(1)],
      ['floor.h9', s(2)],
    ]);
    expect(report(samples).lines.filter((l) => l.startsWith('ratio '))).toEqual(['ratio growth.afo.fresh/floor 1.50']);
    expect(report(new Map()).lines).toEqual([]);
  });

  it('the expand lines follow the deploy lines, in the same shape', () => {
    const deploy = { wallS: 8.4, omS: 6.4, afoS: 2.0, phases: [{ phase: 'install', wallS: 6.8, omS: 6.4, afoS: 0.4 }] };
    const expand = {
      wallS: 30.26,
      omS: 20.04,
      afoS: 10.22,
      phases: [
        { phase: 'os', wallS: 1.2, omS: 0, afoS: 1.2 },
        { phase: 'expand: standbys', wallS: 9.94, omS: 9.5, afoS: 0.44 },
      ],
    };
    expect(report(new Map(), { deploy, expand }).lines).toEqual([
      "deploy.h3 wall 8.4 s, inside OM commands 6.4 s, afo's own 2.0 s",
      'deploy.h3.phase install: wall 6.8 s, OM 6.4 s, afo 0.4 s',
      "expand.h3 wall 30.3 s, inside OM commands 20.0 s, afo's own 10.2 s",
      'expand.h3.phase os: wall 1.2 s, OM 0.0 s, afo 1.2 s',
      'expand.h3.phase expand: standbys: wall 9.9 s, OM 9.5 s, afo 0.4 s',
    ]);
    expect(report(new Map(), { expand }).lines[0]).toBe("expand.h3 wall 30.3 s, inside OM commands 20.0 s, afo's own 10.2 s");
  });
});
