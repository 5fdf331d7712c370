import { describe, expect, it } from 'vitest';
import { StatusParseError, omRoleState, parseGsCtlQuery, parsePlainStatus } from '../../../src/opengauss/status/index.js';
import { fixture } from './fixtures.js';

describe('parseGsCtlQuery', () => {
  it('primary (verbatim docs sample, spaces): HA block and one sender', () => {
    const q = parseGsCtlQuery(fixture('status/gsctl-primary.txt'));
    expect(q.status).toBe('running');
    expect(q.dataDir).toBe('/opt/software/openGauss/data/master');
    expect(q.ha).toEqual({ localRole: 'Primary', staticConnections: 1, dbState: 'Normal', detailInformation: 'Normal' });
    expect(q.senders).toHaveLength(1);
    expect(q.senders[0]).toMatchObject({
      sender_pid: '5165',
      peer_role: 'Standby',
      peer_state: 'Normal',
      state: 'Streaming',
      sync_percent: '100%',
      sync_state: 'Sync',
      channel: '10.244.44.52:27001-->10.244.44.52:35912',
    });
    expect(q.receivers).toEqual([]);
    expect(omRoleState(q)).toEqual({ role: 'Primary', state: 'Normal' });
  });

  it('standby (verbatim blog sample, tabs): receiver record, no senders', () => {
    const q = parseGsCtlQuery(fixture('status/gsctl-standby.txt'));
    expect(q.status).toBe('running');
    expect(q.dataDir).toBe('/data/mogdb');
    expect(q.ha).toEqual({ localRole: 'Standby', staticConnections: 2, dbState: 'Normal', detailInformation: 'Normal' });
    expect(q.senders).toEqual([]);
    expect(q.receivers).toHaveLength(1);
    expect(q.receivers[0]).toMatchObject({ receiver_pid: '6141', peer_role: 'Primary', channel: '192.168.122.68:44046<--192.168.122.221:25001' });
  });

  it('stopped server (verbatim blog sample)', () => {
    const q = parseGsCtlQuery(fixture('status/gsctl-stopped.txt'));
    expect(q.status).toBe('stopped');
    expect(q.dataDir).toBe('/data/mogdb');
    expect(q.ha).toBeUndefined();
    expect(q.message).toContain('Is server running?');
    expect(omRoleState(q)).toEqual({ role: 'Down', state: 'Manually stopped' });
  });

  it('single node: local_role Normal, no peers', () => {
    const q = parseGsCtlQuery(fixture('status/gsctl-single-reconstructed.txt'));
    expect(q.ha).toMatchObject({ localRole: 'Normal', staticConnections: 0 });
    expect(q.senders).toEqual([]);
    expect(q.receivers).toEqual([]);
  });

  it('cascade in Need repair: two-word role kept, OM view uses the first word and the detail', () => {
    const q = parseGsCtlQuery(fixture('status/gsctl-cascade-reconstructed.txt'));
    expect(q.ha?.localRole).toBe('Cascade Standby');
    expect(q.receivers[0]).toMatchObject({ peer_role: 'Standby', channel: '192.168.56.14:45012<--192.168.56.12:15401' });
    expect(omRoleState(q)).toEqual({ role: 'Cascade', state: 'Need repair(Disconnected)' });
  });

  it('one sender record per downstream standby', () => {
    const text = fixture('status/gsctl-primary.txt').replace(
      ' Receiver info:',
      '    sender_pid                     : 5166\n    peer_role                      : Cascade Standby\n Receiver info:',
    );
    const q = parseGsCtlQuery(text);
    expect(q.senders.map((s) => [s['sender_pid'], s['peer_role']])).toEqual([
      ['5165', 'Standby'],
      ['5166', 'Cascade Standby'],
    ]);
  });

  it('other failures are "failed", which OM shows as Unknown', () => {
    const q = parseGsCtlQuery('gs_ctl: invalid option -- x\nTry "gs_ctl --help" for more information.');
    expect(q.status).toBe('failed');
    expect(omRoleState(q)).toEqual({ role: 'Unknown', state: 'Unknown' });
  });
});

describe('parsePlainStatus', () => {
  it('reads cluster_name, cluster_state and redistributing between dashed lines', () => {
    expect(parsePlainStatus(fixture('status/plain-reconstructed.txt'))).toEqual({
      clusterName: 'dbCluster',
      clusterState: 'Normal',
      redistributing: false,
    });
  });

  it('reads the CM variant keys', () => {
    expect(parsePlainStatus('cluster_state   : Degraded\nredistributing  : No\nbalanced        : Yes\ncurrent_az      : AZ_ALL\n')).toEqual({
      clusterState: 'Degraded',
      redistributing: false,
      balanced: true,
      currentAz: 'AZ_ALL',
    });
  });

  it('refuses text without cluster_state', () => {
    expect(() => parsePlainStatus('[GAUSS-51400] : Failed to execute the command')).toThrow(StatusParseError);
  });
});
