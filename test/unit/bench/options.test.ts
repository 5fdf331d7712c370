import { describe, expect, it } from 'vitest';
import { benchOptions, OptionError } from '../../../bench/src/options.js';

describe('bench options (BENCH_* variables, bench/README.md)', () => {
  it('defaults: 3 and 9 hosts, the 27-host growth lab, every part', () => {
    const o = benchOptions({});
    expect(o.labs).toEqual([
      { name: 'bn3', net: '10.213.6', size: 3 },
      { name: 'bn9', net: '10.213.7', size: 9 },
    ]);
    expect(o.xl).toEqual({ name: 'bn27', net: '10.213.8', size: 27 });
    expect(o.small).toEqual(o.labs[0]);
    expect([...o.phases]).toEqual(['start', 'afo', 'xl', 'deploy', 'expand', 'ansible']);
    expect([o.budgetS, o.ansibleSamples, o.freshSamples, o.xlFreshSamples, o.keepLabs, o.package]).toEqual([720, 3, 3, 2, false, undefined]);
  });

  it('BENCH_HOSTS=3 keeps only the 3-host lab; names and nets come from BENCH_LAB_*/BENCH_NET_*', () => {
    const o = benchOptions({ BENCH_HOSTS: '3', BENCH_LAB_SMALL: 'ht3', BENCH_NET_SMALL: '10.213.30', BENCH_ANSIBLE_SAMPLES: '0', BENCH_KEEP_LABS: '1' });
    expect(o.labs).toEqual([{ name: 'ht3', net: '10.213.30', size: 3 }]);
    expect(o.xl).toBeUndefined();
    expect(o.ansibleSamples).toBe(0);
    expect(o.keepLabs).toBe(true);
  });

  it('BENCH_XL=0 drops the growth lab; BENCH_HOSTS=9,27 drops the 3-host lab from the afo parts but deploy keeps it', () => {
    expect(benchOptions({ BENCH_XL: '0' }).xl).toBeUndefined();
    const o = benchOptions({ BENCH_HOSTS: '9, 27' });
    expect(o.labs.map((l) => l.size)).toEqual([9]);
    expect(o.xl?.size).toBe(27);
    expect(o.small.size).toBe(3);
  });

  it.each([
    [{ BENCH_ANSIBLE_SAMPLES: 'two' }, 'BENCH_ANSIBLE_SAMPLES=two: expected a whole number >= 0 (default 3)'],
    [{ BENCH_BUDGET_S: '-5' }, 'BENCH_BUDGET_S=-5: expected a whole number >= 0 (default 720)'],
    [{ BENCH_FRESH_SAMPLES: '1.5' }, 'BENCH_FRESH_SAMPLES=1.5: expected a whole number >= 0 (default 3)'],
    [{ BENCH_PHASES: 'afo,deplyo' }, "BENCH_PHASES: unknown part 'deplyo': use a comma-separated list of start, afo, xl, deploy, expand, ansible"],
    [{ BENCH_HOSTS: '3,5' }, 'BENCH_HOSTS: no 5-host lab: use a comma-separated list of 3, 9, 27'],
  ])('%j is refused with what the variable takes', (env, message) => {
    expect(() => benchOptions(env)).toThrow(new OptionError(message));
  });
});
