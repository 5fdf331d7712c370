import { describe, expect, it } from 'vitest';
import { health, parseDetailStatus, type DetailStatus } from '../../../src/opengauss/status/index.js';
import { fixture } from './fixtures.js';

const b = () => parseDetailStatus(fixture('status/detail-b-1p1s1c-cm.txt'));

describe('health', () => {
  it('verbatim A and B samples are healthy, with the expected roles', () => {
    expect(
      health(parseDetailStatus(fixture('status/detail-a-1p1s.txt')), [
        { name: 'a', address: '192.168.56.12', role: 'primary' },
        { name: 'b', address: '192.168.56.13', role: 'standby' },
      ]),
    ).toEqual([]);
    expect(
      health(b(), [
        { name: 'p', address: '192.168.56.11', role: 'primary' },
        { name: 'c', address: '192.168.56.12', role: 'cascade' },
        { name: 's', address: '192.168.56.14', role: 'standby' },
      ]),
    ).toEqual([]);
  });

  it('layout A one-word Cascade counts as a cascade', () => {
    const s = parseDetailStatus(fixture('status/detail-a-tricky.txt'));
    const problems = health(s, [{ name: 'c', address: '10.1.2.1', role: 'cascade' }]);
    expect(problems.filter((p) => p.host === 'c')).toEqual([]);
  });

  it('reports cluster state, every non-Normal DN, and leaves Normal ones alone', () => {
    const problems = health(parseDetailStatus(fixture('status/detail-b-tricky.txt')));
    expect(problems.map((p) => [p.check, p.host, p.found])).toEqual([
      ['cluster state', '-', 'cluster_state Degraded'],
      ['instance state', 'Primary2 (192.168.56.12)', 'Cascade Standby Building (45%)'],
      ['instance state', 'og3232249870 (192.168.56.14)', 'Main Standby Need repair(Disconnected)'],
      ['instance state', 'og3232249871 (192.168.56.15)', 'Down Manually stopped'],
    ]);
  });

  it('a host name containing "Primary" is not a second primary', () => {
    const s = parseDetailStatus(fixture('status/detail-b-tricky.txt'));
    expect(health(s).some((p) => p.check === 'one primary')).toBe(false);
  });

  it('no primary, and two primaries, are both unhealthy', () => {
    const none: DetailStatus = { ...b(), datanodes: b().datanodes.map((d) => ({ ...d, role: 'Standby' })) };
    expect(health(none).map((p) => p.check)).toEqual(['one primary']);
    const two: DetailStatus = { ...b(), datanodes: b().datanodes.map((d) => ({ ...d, role: 'Primary' })) };
    expect(health(two)).toMatchObject([{ check: 'one primary', found: '3 Primary instances' }]);
  });

  it('expectations compare addresses exactly (…56.1 is not …56.11) and roles', () => {
    const problems = health(b(), [
      { name: 'p', address: '192.168.56.1', role: 'primary' },
      { name: 's', address: '192.168.56.12', role: 'standby' },
    ]);
    expect(problems.map((p) => [p.host, p.check, p.found])).toEqual([
      ['p', 'node present', 'no data node with IP 192.168.56.1'],
      ['s', 'node role', 'Cascade Standby'],
    ]);
  });
});
