import { describe, expect, it } from 'vitest';
import { ProblemsError } from '../../../src/opengauss/problem.js';
import { checkExpansion, expansionOrder, freshOrder, newReplicas } from '../../../src/opengauss/ordering.js';
import { parseDetailStatus } from '../../../src/opengauss/status/index.js';
import { hostRef, type TopologyInput } from '../../../src/opengauss/topology.js';
import { fixture } from './fixtures.js';

function topo(primary: string[], standby: string[] = [], cascade: string[] = []): TopologyInput {
  const refs = (names: string[]) => names.map((n) => hostRef(n));
  return { primary: refs(primary), standby: refs(standby), cascade: refs(cascade) };
}

// The B sample: 6001 = .11 (P), 6002 = .12 (C), 6003 = .14 (S).
const installed = () => parseDetailStatus(fixture('status/detail-b-1p1s1c-cm.txt'));

describe('freshOrder', () => {
  it('primary first, then replicas of both roles sorted as IP strings', () => {
    const order = freshOrder(topo(['192.168.56.50'], ['192.168.56.9', '192.168.56.19'], ['192.168.56.100']));
    expect(order.map((n) => [n.address, n.role, n.nodeName, n.installed])).toEqual([
      ['192.168.56.50', 'primary', 'og3232249906', false],
      ['192.168.56.100', 'cascade', 'og3232249956', false],
      ['192.168.56.19', 'standby', 'og3232249875', false],
      ['192.168.56.9', 'standby', 'og3232249865', false],
    ]);
  });

  it('uses ansible_host for the address and node name, keeps the inventory name', () => {
    const input: TopologyInput = { primary: [hostRef('db1', { ansible_host: '10.0.0.5' })], standby: [], cascade: [] };
    expect(freshOrder(input)).toMatchObject([{ name: 'db1', address: '10.0.0.5', nodeName: 'og167772165' }]);
  });

  it('refuses a broken topology with all problems', () => {
    expect(() => freshOrder(topo([], [], ['10.0.0.3']))).toThrow(ProblemsError);
    try {
      freshOrder(topo([], [], ['10.0.0.3']));
    } catch (e) {
      expect((e as ProblemsError).problems.map((p) => p.check)).toEqual(['one primary', 'cascade needs standby']);
    }
  });
});

describe('newReplicas', () => {
  it('compares addresses exactly: .1 and .13 are new although .11 and .14 are installed', () => {
    const input = topo(['192.168.56.11'], ['192.168.56.14', '192.168.56.1', '192.168.56.13'], ['192.168.56.12', '192.168.56.4']);
    const fresh = newReplicas(input, installed());
    expect(fresh.standby.map((h) => h.address)).toEqual(['192.168.56.1', '192.168.56.13']);
    expect(fresh.cascade.map((h) => h.address)).toEqual(['192.168.56.4']);
  });

  it('nothing new when the inventory equals the cluster', () => {
    expect(newReplicas(topo(['192.168.56.11'], ['192.168.56.14'], ['192.168.56.12']), installed())).toEqual({ standby: [], cascade: [] });
  });
});

describe('expansionOrder', () => {
  it('primary, installed DNs by instance id (not IP order), then new nodes sorted as IP strings', () => {
    const input = topo(['192.168.56.11'], ['192.168.56.14', '192.168.56.9', '192.168.56.19'], ['192.168.56.12', '192.168.56.13']);
    const order = expansionOrder(input, installed());
    expect(order.map((n) => [n.address, n.role, n.installed])).toEqual([
      ['192.168.56.11', 'primary', true],
      ['192.168.56.12', 'cascade', true],
      ['192.168.56.14', 'standby', true],
      ['192.168.56.13', 'cascade', false],
      ['192.168.56.19', 'standby', false],
      ['192.168.56.9', 'standby', false],
    ]);
  });

  it('installed nodes keep the hostname the cluster reports', () => {
    const status = installed();
    status.datanodes[2]!.hostname = 'legacy3';
    const order = expansionOrder(topo(['192.168.56.11'], ['192.168.56.14'], ['192.168.56.12']), status);
    expect(order.map((n) => n.nodeName)).toEqual(['og3232249867', 'og3232249868', 'legacy3']);
  });

  it('refuses a different primary, an installed node missing from the inventory, a changed role', () => {
    const input = topo(['192.168.56.14'], ['192.168.56.11', '192.168.56.12']);
    const problems = checkExpansion(input, installed());
    expect(problems.map((p) => [p.host, p.check])).toEqual([
      ['192.168.56.14', 'installed primary'],
      ['192.168.56.11', 'installed role'],
      ['192.168.56.12', 'installed role'],
      ['192.168.56.14', 'installed role'],
    ]);
    expect(() => expansionOrder(input, installed())).toThrow(ProblemsError);

    const missing = checkExpansion(topo(['192.168.56.11'], ['192.168.56.14']), installed());
    expect(missing).toMatchObject([{ host: '192.168.56.12', check: 'installed node in inventory', fix: 'add 192.168.56.12 to [opengauss_cascade]' }]);
  });

  it('refuses a status without data nodes', () => {
    expect(() => expansionOrder(topo(['192.168.56.11']), { datanodes: [] })).toThrow(/deploy the cluster first/);
  });
});
