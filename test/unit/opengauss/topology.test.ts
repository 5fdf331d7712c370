import { describe, expect, it } from 'vitest';
import { checkTopology, hostRef, type TopologyInput } from '../../../src/opengauss/topology.js';

const h = (name: string, vars: Record<string, unknown> = {}) => hostRef(name, vars);

function topo(primary: string[], standby: string[] = [], cascade: string[] = []): TopologyInput {
  return { primary: primary.map((n) => h(n)), standby: standby.map((n) => h(n)), cascade: cascade.map((n) => h(n)) };
}

describe('hostRef', () => {
  it('uses ansible_host when set, else the name', () => {
    expect(h('db1', { ansible_host: '10.0.0.5' }).address).toBe('10.0.0.5');
    expect(h('10.0.0.6').address).toBe('10.0.0.6');
  });
});

describe('checkTopology', () => {
  it('accepts single, 1P+NS and 1P+NS+NC', () => {
    expect(checkTopology(topo(['10.0.0.1']))).toEqual([]);
    expect(checkTopology(topo(['10.0.0.1'], ['10.0.0.2', '10.0.0.3']))).toEqual([]);
    expect(checkTopology(topo(['10.0.0.1'], ['10.0.0.2'], ['10.0.0.3']))).toEqual([]);
  });

  it('no primary', () => {
    expect(checkTopology(topo([], ['10.0.0.2']))).toMatchObject([{ host: '-', check: 'one primary', found: '0 hosts in opengauss_primary' }]);
  });

  it('two primaries names both', () => {
    expect(checkTopology(topo(['10.0.0.1', '10.0.0.2']))).toMatchObject([{ host: '10.0.0.1, 10.0.0.2', check: 'one primary' }]);
  });

  it('a cascade without a standby', () => {
    expect(checkTopology(topo(['10.0.0.1'], [], ['10.0.0.3']))).toMatchObject([{ check: 'cascade needs standby', host: '10.0.0.3' }]);
  });

  it('8 replicas are fine, 9 are not', () => {
    const eight = Array.from({ length: 8 }, (_, i) => `10.0.0.${i + 2}`);
    expect(checkTopology(topo(['10.0.0.1'], eight.slice(0, 4), eight.slice(4)))).toEqual([]);
    expect(checkTopology(topo(['10.0.0.1'], [...eight, '10.0.0.20']))).toMatchObject([{ check: 'at most 8 replicas', found: '9 standbys + cascades' }]);
  });

  it("duplicate address (a name and another host's ansible_host)", () => {
    const input: TopologyInput = { primary: [h('10.0.0.1')], standby: [h('db2', { ansible_host: '10.0.0.1' })], cascade: [] };
    expect(checkTopology(input)).toMatchObject([{ check: 'unique address', host: '10.0.0.1, db2' }]);
  });

  it('a host in two role groups is reported once, not also as a duplicate address', () => {
    expect(checkTopology(topo(['10.0.0.1'], ['10.0.0.2'], ['10.0.0.2']))).toMatchObject([
      { check: 'one role per host', host: '10.0.0.2', found: 'listed in opengauss_standby and opengauss_cascade' },
    ]);
  });

  it('non-IPv4 addresses', () => {
    const input: TopologyInput = { primary: [h('db1')], standby: [h('db2', { ansible_host: '10.0.0.256' })], cascade: [] };
    expect(checkTopology(input).map((p) => [p.host, p.check])).toEqual([
      ['db1', 'IPv4 address'],
      ['db2', 'IPv4 address'],
    ]);
  });

  it.each([
    ['0.0.0.0', /'0\.0\.0\.0' is in 0\.0\.0\.0\/8 \("this network", the unspecified address\)/],
    ['0.1.2.3', /'0\.1\.2\.3' is in 0\.0\.0\.0\/8/],
    ['224.0.0.1', /'224\.0\.0\.1' is a multicast address/],
    ['239.255.255.250', /multicast/],
    ['255.255.255.255', /'255\.255\.255\.255' is the broadcast address/],
    ['240.0.0.1', /reserved range 240\.0\.0\.0\/4/],
    ['::', /'::' is not an IPv4 address \(:: is the unspecified IPv6 address\)/],
    ['fe80::1', /'fe80::1' is not an IPv4 address; openGauss nodes need IPv4/],
  ])('%s as a node address (host name or ansible_host) is refused', (address, found) => {
    for (const host of [h(address), h('db2', { ansible_host: address })]) {
      const problems = checkTopology({ primary: [h('10.0.0.1')], standby: [{ ...host, at: 'hosts.ini:3' }], cascade: [] });
      expect(problems).toMatchObject([{ host: host.name, check: 'IPv4 address' }]);
      expect(problems[0]!.found).toMatch(found);
      expect(problems[0]!.found).toMatch(/\(hosts\.ini:3\)$/);
    }
  });

  it('ordinary unicast addresses at the edges of those ranges are fine', () => {
    expect(checkTopology(topo(['1.0.0.1'], ['223.255.255.254']))).toEqual([]);
  });

  it('reports every problem at once, each with found / expected / fix', () => {
    const problems = checkTopology(topo([], [], ['x', 'x']));
    expect(problems.map((p) => p.check)).toEqual(['one primary', 'cascade needs standby', 'IPv4 address']);
    for (const p of problems) {
      expect(p.found).not.toBe('');
      expect(p.expected).not.toBe('');
      expect(p.fix).not.toBe('');
    }
  });
});
