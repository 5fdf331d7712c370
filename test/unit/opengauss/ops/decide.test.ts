import { describe, expect, it } from 'vitest';
import { decideScaleIn, decideSwitchover, unsettled } from '../../../../src/opengauss/ops/decide.js';
import type { ClusterView, NodeView } from '../../../../src/opengauss/ops/view.js';

const node = (n: number, role: string, extra: Partial<NodeView> = {}): NodeView => ({
  host: `10.0.0.${n}`,
  node_name: `og${n}`,
  ip: `10.0.0.${n}`,
  node_id: n,
  instance_id: 6000 + n,
  data_dir: '/data/dn',
  static_role: role[0]!,
  role,
  state: 'Normal',
  ...extra,
});
const view = (nodes: NodeView[], cm = true, state = 'Normal'): ClusterView => ({
  cluster_state: state,
  cm,
  layout: cm ? 'B' : 'A',
  read_on: '10.0.0.1',
  nodes,
});
const P1S2C3 = (cm = true) =>
  view([node(1, 'Primary'), node(2, 'Standby', { upstream: '10.0.0.1' }), node(3, 'Cascade Standby', { upstream: '10.0.0.2' })], cm);
const addr = (h: string) => (h.startsWith('10.') ? h : h === 'db2' ? '10.0.0.2' : undefined);
const inInv = (h: string) => h !== '10.0.0.9';
const user = { name: 'omm', group: 'dbgrp' };

describe('decideSwitchover', () => {
  it('with CM: cm_ctl switchover -n <node id> -D <dir> on the target; without: gs_ctl switchover -D <dir>', () => {
    expect(decideSwitchover(P1S2C3(), 'db2', addr, inInv)).toMatchObject({ action: 'go', runOn: '10.0.0.2', command: 'cm_ctl switchover -n 2 -D /data/dn' });
    expect(decideSwitchover(P1S2C3(false), '10.0.0.2', addr, inInv)).toMatchObject({ action: 'go', command: 'gs_ctl switchover -D /data/dn' });
  });

  it('refuses the primary, a cascade, an unknown host, a non-Normal target or cluster, a target outside the inventory', () => {
    const why = (v: ClusterView, to: string) => {
      const d = decideSwitchover(v, to, addr, inInv);
      return d.action === 'refuse' ? [d.message, ...d.problems.map((p) => `${p.check}: ${p.found}`)] : ['go'];
    };
    expect(why(P1S2C3(), '10.0.0.1')[0]).toMatch(/already the primary/);
    expect(why(P1S2C3(), '10.0.0.3')).toContain('switchover target: Cascade Standby');
    expect(why(P1S2C3(), '10.0.0.7')[0]).toMatch(/not a data node/);
    const degraded = view([node(1, 'Primary'), node(2, 'Standby', { state: 'Catchup' })], false, 'Degraded');
    expect(why(degraded, '10.0.0.2')).toEqual(expect.arrayContaining(['instance state: Standby Catchup', 'cluster state: Degraded']));
    expect(why(view([node(1, 'Primary'), node(9, 'Standby')]), '10.0.0.9')).toContain('inventory host: 10.0.0.9 is not in the inventory');
  });
});

describe('decideScaleIn', () => {
  const why = (v: ClusterView, h: string) => {
    const d = decideScaleIn(v, h, user, addr, inInv);
    return d.action === 'refuse' ? d.problems.map((p) => p.check) : [d.runOn, d.command];
  };

  it('drops a cascade with gs_dropnode on the primary', () => {
    expect(why(P1S2C3(), '10.0.0.3')).toEqual(['10.0.0.1', 'gs_dropnode -U omm -G dbgrp -h 10.0.0.3']);
  });

  it('refuses the primary', () => {
    expect(why(P1S2C3(), '10.0.0.1')).toEqual(['not the primary']);
  });

  it("refuses a cascade's only upstream standby while the cascade remains; under CM also as the last standby", () => {
    expect(why(P1S2C3(false), '10.0.0.2')).toEqual(['cascade upstream']);
    expect(why(P1S2C3(true), '10.0.0.2')).toEqual(['cascade upstream', 'last standby under CM']);
  });

  it('drops a standby when another standby remains, and the last standby without CM and without cascades', () => {
    const twoS = view([node(1, 'Primary'), node(2, 'Standby'), node(4, 'Standby'), node(3, 'Cascade Standby')]);
    expect(why(twoS, '10.0.0.2')[1]).toBe('gs_dropnode -U omm -G dbgrp -h 10.0.0.2');
    expect(why(view([node(1, 'Primary'), node(2, 'Standby')], false), '10.0.0.2')[1]).toBe('gs_dropnode -U omm -G dbgrp -h 10.0.0.2');
    expect(why(view([node(1, 'Primary'), node(2, 'Standby')], true), '10.0.0.2')).toEqual(['last standby under CM']);
  });

  it('refuses when the primary is not Normal, and names an unknown host', () => {
    expect(why(view([node(1, 'Primary', { state: 'Need repair(WAL)' }), node(2, 'Standby'), node(3, 'Standby')]), '10.0.0.3')).toEqual(['primary Normal']);
    const d = decideScaleIn(P1S2C3(), '10.0.0.7', user, addr, inInv);
    expect(d.action === 'refuse' && d.message).toMatch(/not a data node/);
  });
});

describe('unsettled (after a switchover to 10.0.0.2)', () => {
  it('is empty once the new primary is Normal, the standby follows it and the cascade a standby', () => {
    const v = view([node(1, 'Standby', { upstream: '10.0.0.2' }), node(2, 'Primary'), node(3, 'Cascade Standby', { upstream: '10.0.0.1' })]);
    expect(unsettled(v, '10.0.0.2')).toEqual([]);
  });

  it('names what is not there yet: the old primary down, a replica on the wrong upstream', () => {
    const v = view(
      [node(1, 'Down', { state: 'Manually stopped' }), node(2, 'Primary'), node(3, 'Cascade Standby', { upstream: '10.0.0.2' })],
      true,
      'Degraded',
    );
    expect(unsettled(v, '10.0.0.2')).toEqual([
      'cluster_state is Degraded',
      '10.0.0.1 is Down Manually stopped',
      'cascade 10.0.0.3 streams from 10.0.0.2, not from a standby',
    ]);
    const w = view([node(1, 'Standby', { upstream: '10.0.0.4' }), node(2, 'Primary'), node(4, 'Standby', { upstream: '10.0.0.2' })]);
    expect(unsettled(w, '10.0.0.2')).toEqual(['standby 10.0.0.1 streams from 10.0.0.4, not from 10.0.0.2']);
  });
});
