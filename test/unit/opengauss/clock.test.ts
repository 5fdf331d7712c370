/** The time service reading (chronyc tracking, ntpq -pn) and the clock preflight checks. */
import { describe, expect, it } from 'vitest';
import { clockProblems } from '../../../src/opengauss/deploy/clock-checks.js';
import { parsePreflight } from '../../../src/opengauss/modules/preflight-fact.js';
import { parseClock, parseNtpq, type ClockFacts } from '../../../src/opengauss/modules/clock.js';

// chrony 3.4 (CentOS 7) output, synchronised and freshly started without a reachable source.
const SYNCED = `Reference ID    : C0A80101 (192.168.1.1)
Stratum         : 3
Ref time (UTC)  : Thu Dec 05 12:00:00 2026
System time     : 0.000812345 seconds slow of NTP time
Last offset     : -0.000001234 seconds
RMS offset      : 0.000012345 seconds
Frequency       : 1.234 ppm slow
Leap status     : Normal`;
const UNSYNCED = `Reference ID    : 00000000 ()
Stratum         : 0
Ref time (UTC)  : Thu Jan 01 00:00:00 1970
System time     : 0.000000000 seconds fast of NTP time
Leap status     : Not synchronised`;
const NTPQ = `     remote           refid      st t when poll reach   delay   offset  jitter
==============================================================================
+10.0.0.2        .GPS.            1 u   12   64  377    0.410    3.100   0.044
*10.0.0.1        .GPS.            1 u   33   64  377    0.512   -0.123   0.050`;

const prefixed = (p: string, t: string) =>
  t
    .split('\n')
    .map((l) => `${p}=${l}`)
    .join('\n');

describe('time service reading', () => {
  it('chronyc tracking: offset in ms, slow is negative', () => {
    const c = parsePreflight(prefixed('chrony', SYNCED)).clock;
    expect(c.service).toBe('chronyd');
    expect(c.synced).toBe(true);
    expect(c.offsetMs).toBeCloseTo(-0.812345, 6);
  });

  it('chronyc tracking without a source: not synchronised, with the reason', () => {
    const c = parsePreflight(prefixed('chrony', UNSYNCED)).clock;
    expect(c).toEqual({ service: 'chronyd', synced: false, detail: 'Leap status: Not synchronised, Reference ID: 00000000 ()' });
  });

  it('ntpq -pn: the * row is the system peer; none marked = not synchronised', () => {
    expect(parseClock(prefixed('ntpq', NTPQ).split('\n'))).toEqual({ service: 'ntpd', synced: true, offsetMs: -0.123 });
    expect(parseNtpq(NTPQ.replace('*10', ' 10').split('\n')).synced).toBe(false);
  });

  it('no daemon answered', () => {
    expect(parseClock(['clock=none'])).toEqual({ service: 'none', synced: false });
  });
});

describe('clock preflight', () => {
  const at = (name: string, clock: ClockFacts) => ({
    name,
    facts: { memAvailableMb: 1, diskFreeMb: 1, listening: [], nonEmptyDirs: [], locales: [], hostKeys: [], clock },
  });
  const ok = (offsetMs: number): ClockFacts => ({ service: 'chronyd', synced: true, offsetMs });

  it('clocks within the skew: no problem; a host without a daemon yet is left to OS preparation', () => {
    expect(clockProblems([at('a', ok(120)), at('b', ok(-300)), at('c', { service: 'none', synced: false })], 500)).toEqual([]);
  });

  it('a skew beyond the limit names every host with its offset', () => {
    const p = clockProblems([at('10.0.0.1', ok(0.012)), at('10.0.0.2', ok(2500)), { name: '10.0.0.3', unreachable: 'x' }], 500);
    expect(p).toHaveLength(1);
    expect(p[0]!.host).toBe('10.0.0.1=+0.0 ms, 10.0.0.2=+2500.0 ms');
    expect(p[0]!.check).toBe('clock skew');
    expect(p[0]!.found).toBe('2500.0 ms between the fastest and the slowest clock');
    expect(p[0]!.expected).toContain('500 ms');
  });

  it('a running but unsynchronised daemon is a problem on that host', () => {
    const p = clockProblems([at('a', ok(0)), at('b', { service: 'ntpd', synced: false, detail: 'no system peer' })], 500);
    expect(p.map((x) => `${x.host}: ${x.check}: ${x.found}`)).toEqual(['b: clock synchronised: ntpd runs but is not synchronised (no system peer)']);
  });
});
