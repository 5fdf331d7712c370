import { describe, expect, it } from 'vitest';
import { allNormal, channelPeer, clusterView, lsnBytes, statusJson, statusTable } from '../../../../src/opengauss/ops/view.js';
import { parseDetailStatus, parseGsCtlQuery } from '../../../../src/opengauss/status/index.js';
import { fixture } from '../fixtures.js';

// as in the fixture: .12 is the cascade (on the standby .14)
const [P, S, C] = ['192.168.56.11', '192.168.56.14', '192.168.56.12'];

/** `gs_ctl query` as a node prints it (docs/opengauss.md §5.7). */
function query(role: string, senders: [string, string, string, string][], upstream?: string): string {
  return [
    'gs_ctl query ,datadir is /opt/openGauss/data/dn',
    'HA state:',
    `    local_role : ${role}`,
    '    db_state : Normal',
    'Senders info:',
    ...(senders.length === 0
      ? ['No information']
      : senders.flatMap(([me, peer, sync, replay]) => [
          '    sender_pid : 1',
          `    sender_sent_location : 0/5000100`,
          `    receiver_replay_location : ${replay}`,
          `    sync_state : ${sync}`,
          `    channel : ${me}:15401-->${peer}:40000`,
        ])),
    'Receiver info:',
    ...(upstream ? ['    receiver_pid : 2', `    channel : 10.0.0.9:40000<--${upstream}:15401`] : ['No information']),
  ].join('\n');
}

const replication = new Map([
  [P, parseGsCtlQuery(query('Primary', [[P, S, 'Async', '0/5000000']]))],
  [S, parseGsCtlQuery(query('Standby', [[S, C, 'Async', '0/5000100']], P))],
  [C, parseGsCtlQuery(query('Cascade Standby', [], S))],
]);
const hostOf = (ip: string) => (ip === C ? undefined : `db-${ip.split('.')[3]}`);

describe('channelPeer and lsnBytes', () => {
  it('read the address after the arrow, and HI/LO positions as bytes', () => {
    expect(channelPeer('192.168.122.68:44046<--192.168.122.221:25001', '<--')).toBe('192.168.122.221');
    expect(channelPeer('10.244.44.52:27001-->10.244.44.53:35912', '-->')).toBe('10.244.44.53');
    expect(channelPeer('no arrow', '-->')).toBeUndefined();
    expect(lsnBytes('1/10')).toBe(2 ** 32 + 16);
    expect(lsnBytes('garbage')).toBeUndefined();
  });
});

describe('clusterView (layout B, CM)', () => {
  const v = clusterView(parseDetailStatus(fixture('status/detail-b-1p1s1c-cm.txt')), replication, hostOf, 'db-11');

  it('joins the status with each node’s upstream, sync state and lag; hosts by inventory name where known', () => {
    expect(v.cm).toBe(true);
    expect(v.nodes.map((n) => [n.host, n.role, n.state, n.upstream, n.sync_state, n.lag_bytes, n.cm_server])).toEqual([
      ['db-11', 'Primary', 'Normal', undefined, undefined, undefined, 'Primary'],
      [C, 'Cascade Standby', 'Normal', S, 'Async', 0, 'Standby'],
      ['db-14', 'Standby', 'Normal', P, 'Async', 256, 'Standby'],
    ]);
    expect(allNormal(v)).toBe(true);
  });

  it('--json is one object with cluster_state, cm and nodes (host, node_name, role, state, ...)', () => {
    const o = JSON.parse(statusJson(v)) as Record<string, unknown>;
    expect(o).toMatchObject({ cluster_state: 'Normal', cm: true });
    expect((o.nodes as Record<string, unknown>[])[0]).toMatchObject({ host: 'db-11', node_name: 'og3232249867', role: 'Primary', state: 'Normal' });
  });

  it('the table has one row per node with every column', () => {
    const t = statusTable(v).split('\n');
    expect(t[0]).toBe('cluster_state: Normal   CM: installed   (gs_om -t status --detail on db-11, layout B)');
    expect(t[2]).toMatch(/^host +node name +role +state +upstream +sync +lag +CM server$/);
    expect(t[4]).toMatch(/^db-11 +og3232249867 +Primary +Normal +- +- +- +Primary$/);
    expect(t[5]).toMatch(/^192\.168\.56\.12 .* Cascade Standby +Normal +192\.168\.56\.14 +Async +0 B +Standby$/);
    expect(t[6]).toMatch(/^db-14 .* Standby +Normal +192\.168\.56\.11 +Async +256 B +Standby$/);
  });
});

describe('clusterView with a host down', () => {
  it('marks the node whose host did not answer, shows it in the table, and is not all Normal even if the status still said Normal', () => {
    const v = clusterView(parseDetailStatus(fixture('status/detail-b-1p1s1c-cm.txt')), replication, hostOf, 'db-14', new Set([P]));
    expect(v.nodes.map((n) => n.unreachable)).toEqual([true, undefined, undefined]);
    expect(statusTable(v).split('\n')[4]).toMatch(/^db-11 +og3232249867 +Primary +Normal \(host unreachable\) /);
    expect(allNormal(v)).toBe(false);
    expect((JSON.parse(statusJson(v)) as { nodes: Record<string, unknown>[] }).nodes[0]).toMatchObject({ host: 'db-11', unreachable: true });
  });
});

describe('clusterView (layout A, no CM)', () => {
  it("writes layout A's one-word Cascade as Cascade Standby, no CM server, not Normal when a node is not", () => {
    const text = fixture('status/detail-a-1p1s.txt').replace('S Standby Normal', 'S Cascade Normal').replace('P Primary Normal', 'P Primary Need repair(WAL)');
    const v = clusterView(parseDetailStatus(text), new Map(), () => undefined, 'x');
    expect(v.cm).toBe(false);
    expect(v.nodes.map((n) => [n.role, n.state, n.cm_server])).toEqual([
      ['Primary', 'Need repair(WAL)', undefined],
      ['Cascade Standby', 'Normal', undefined],
    ]);
    expect(allNormal(v)).toBe(false);
  });
});
