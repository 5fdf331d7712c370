/**
 * The stand-in's CM arbitration decision (cm_arbiter.decide): a failover only by the CM server
 * primary with a majority, only when no DN answers as primary and a host is down, after CONFIRM (3)
 * probes in a row, to the most advanced answering standby (never a cascade).
 */
import { describe, expect, it } from 'vitest';
import { py } from './py.js';

type Probe = [letter: string, hostUp: boolean, role: 'primary' | 'standby' | 'down', lsn: number];
interface Tick {
  cmsPrimary: boolean;
  majority: boolean;
  probes: Probe[];
}

const decide = (ticks: Tick[]): (string | null)[] => py({ op: 'arbiter', ticks }).results ?? [];
const tick = (probes: Probe[], cmsPrimary = true, majority = true): Tick => ({ cmsPrimary, majority, probes });
const primaryHostDown: Probe[] = [
  ['P', false, 'down', 0],
  ['S', true, 'standby', 100],
  ['S', true, 'standby', 200],
  ['C', true, 'standby', 300],
];

describe('stand-in CM arbitration', () => {
  it("fails over to the most advanced standby (not the cascade) on the third probe without a primary while the primary's host is down", () => {
    expect(decide([tick(primaryHostDown), tick(primaryHostDown), tick(primaryHostDown)])).toEqual([null, null, '6003']);
  });

  it('a primary answering again in between starts the count anew', () => {
    const healthy: Probe[] = [['P', true, 'primary', 0], ...primaryHostDown.slice(1)];
    expect(decide([tick(primaryHostDown), tick(primaryHostDown), tick(healthy), tick(primaryHostDown), tick(primaryHostDown)])).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('never without a CM majority, nor on a CM server standby', () => {
    expect(decide([1, 2, 3, 4].map(() => tick(primaryHostDown, true, false)))).toEqual([null, null, null, null]);
    expect(decide([1, 2, 3, 4].map(() => tick(primaryHostDown, false, true)))).toEqual([null, null, null, null]);
  });

  it('never when the primary is only stopped on a reachable host (a switchover, gs_om -t stop)', () => {
    const stopped: Probe[] = [
      ['P', true, 'down', 0],
      ['S', true, 'standby', 100],
    ];
    expect(decide([1, 2, 3, 4].map(() => tick(stopped)))).toEqual([null, null, null, null]);
  });

  it('never to a cascade: with no standby answering, it waits', () => {
    const onlyCascade: Probe[] = [
      ['P', false, 'down', 0],
      ['S', false, 'down', 0],
      ['C', true, 'standby', 300],
    ];
    expect(decide([1, 2, 3, 4].map(() => tick(onlyCascade)))).toEqual([null, null, null, null]);
  });
});
