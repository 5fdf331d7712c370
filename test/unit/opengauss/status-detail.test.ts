import { describe, expect, it } from 'vitest';
import { StatusParseError, parseDatanodeLines, parseDetailStatus } from '../../../src/opengauss/status/index.js';
import { fixture } from './fixtures.js';

describe('parseDetailStatus, verbatim samples', () => {
  it('layout A (no CM, OM 5.0.0, 1P1S): port before the instance id', () => {
    const s = parseDetailStatus(fixture('status/detail-a-1p1s.txt'));
    expect(s).toEqual({
      layout: 'A',
      clusterState: 'Normal',
      redistributing: false,
      currentAz: 'AZ_ALL',
      datanodes: [
        {
          nodeId: 1,
          hostname: 'opengauss1',
          ip: '192.168.56.12',
          port: 15400,
          instanceId: 6001,
          dataDir: '/opt/openGauss/data/dn',
          letter: 'P',
          role: 'Primary',
          state: 'Normal',
        },
        {
          nodeId: 2,
          hostname: 'opengauss2',
          ip: '192.168.56.13',
          port: 15400,
          instanceId: 6002,
          dataDir: '/opt/openGauss/data/dn',
          letter: 'S',
          role: 'Standby',
          state: 'Normal',
        },
      ],
    });
    expect(s.cmServers).toBeUndefined();
    expect(s.balanced).toBeUndefined();
  });

  it('layout B (CM, OM 5.0.0, 1P1S1C): CM servers, no port, two-word cascade role', () => {
    const s = parseDetailStatus(fixture('status/detail-b-1p1s1c-cm.txt'));
    expect(s.layout).toBe('B');
    expect(s.clusterState).toBe('Normal');
    expect(s.redistributing).toBe(false);
    expect(s.balanced).toBe(true);
    expect(s.currentAz).toBe('AZ_ALL');
    expect(s.cmServers).toEqual([
      { nodeId: 1, hostname: 'og3232249867', ip: '192.168.56.11', instanceId: 1, dir: '/opt/openGauss/data/cm/cm_server', state: 'Primary' },
      { nodeId: 2, hostname: 'og3232249868', ip: '192.168.56.12', instanceId: 2, dir: '/opt/openGauss/data/cm/cm_server', state: 'Standby' },
      { nodeId: 3, hostname: 'og3232249870', ip: '192.168.56.14', instanceId: 3, dir: '/opt/openGauss/data/cm/cm_server', state: 'Standby' },
    ]);
    expect(s.datanodes).toEqual([
      {
        nodeId: 1,
        hostname: 'og3232249867',
        ip: '192.168.56.11',
        instanceId: 6001,
        dataDir: '/opt/openGauss/data/dn',
        letter: 'P',
        role: 'Primary',
        state: 'Normal',
      },
      {
        nodeId: 2,
        hostname: 'og3232249868',
        ip: '192.168.56.12',
        instanceId: 6002,
        dataDir: '/opt/openGauss/data/dn',
        letter: 'C',
        role: 'Cascade Standby',
        state: 'Normal',
      },
      {
        nodeId: 3,
        hostname: 'og3232249870',
        ip: '192.168.56.14',
        instanceId: 6003,
        dataDir: '/opt/openGauss/data/dn',
        letter: 'S',
        role: 'Standby',
        state: 'Normal',
      },
    ]);
    for (const dn of s.datanodes) expect(dn).not.toHaveProperty('port');
  });

  it('layout C (CM, OM 6): port after the instance id', () => {
    const s = parseDetailStatus(fixture('status/detail-c-1p1s1c-cm-reconstructed.txt'));
    expect(s.layout).toBe('C');
    expect(s.cmServers).toHaveLength(3);
    expect(s.datanodes.map((d) => [d.instanceId, d.port, d.letter, d.role, d.state])).toEqual([
      [6001, 15400, 'P', 'Primary', 'Normal'],
      [6002, 15400, 'C', 'Cascade Standby', 'Normal'],
      [6003, 15400, 'S', 'Standby', 'Normal'],
    ]);
  });

  it('raw cm_ctl -Cvipd lines: split on " | ", instance id told from the port by value', () => {
    const rows = parseDatanodeLines(fixture('status/cmctl-c-raw-manually-stopped.txt'));
    expect(rows).toEqual([
      {
        nodeId: 1,
        hostname: 'openGaussnode1',
        ip: '172.168.90.node1',
        instanceId: 6001,
        port: 3500,
        dataDir: '/data/ctt_ltt/omm/openGauss/dn1',
        letter: 'P',
        role: 'Down',
        state: 'Manually stopped',
      },
      {
        nodeId: 2,
        hostname: 'openGaussnode2',
        ip: '172.168.90.node2',
        instanceId: 6002,
        port: 3500,
        dataDir: '/data/ctt_ltt/omm/openGauss/dn1',
        letter: 'S',
        role: 'Primary',
        state: 'Normal',
      },
    ]);
  });
});

describe('parseDetailStatus, tricky variants', () => {
  it('layout A with digits in names and paths, a port equal to an instance id, Down and Need repair', () => {
    const s = parseDetailStatus(fixture('status/detail-a-tricky.txt'));
    expect(s.layout).toBe('A');
    expect(s.clusterState).toBe('Degraded');
    expect(s.datanodes.map((d) => [d.hostname, d.ip, d.port, d.instanceId, d.dataDir, d.letter, d.role, d.state])).toEqual([
      ['dbPrimary01', '10.1.2.11', 6001, 6001, '/data6001/og15400/dn', 'P', 'Primary', 'Normal'],
      ['node6002', '10.1.2.111', 6001, 6002, '/data6001/og15400/dn', 'S', 'Down', 'Manually stopped'],
      ['Primary-Standby', '10.1.2.12', 6001, 6003, '/data6001/og15400/dn', 'S', 'Standby', 'Need repair(WAL segment removed)'],
      ['og167838220', '10.1.2.1', 6001, 6004, '/data6001/og15400/dn', 'C', 'Cascade', 'Normal'],
    ]);
  });

  it('layout B with a host named Primary2, Building (45%), Main Standby, a stopped node', () => {
    const s = parseDetailStatus(fixture('status/detail-b-tricky.txt'));
    expect(s.layout).toBe('B');
    expect(s.balanced).toBe(false);
    expect(s.cmServers?.map((c) => [c.hostname, c.state])).toEqual([
      ['og3232249867', 'Primary'],
      ['Primary2', 'Down'],
      ['og3232249870', 'Standby'],
    ]);
    expect(s.datanodes.map((d) => [d.hostname, d.role, d.state])).toEqual([
      ['og3232249867', 'Primary', 'Normal'],
      ['Primary2', 'Cascade Standby', 'Building (45%)'],
      ['og3232249870', 'Main Standby', 'Need repair(Disconnected)'],
      ['og3232249871', 'Down', 'Manually stopped'],
    ]);
  });

  it('uses dataPortBase to tell the port when the values alone are ambiguous (layout C, port 6005)', () => {
    const text = fixture('status/detail-c-1p1s1c-cm-reconstructed.txt').replaceAll(' 15400 ', ' 6005  ');
    const withHint = parseDetailStatus(text, { dataPortBase: 6005 });
    expect(withHint.datanodes.map((d) => [d.instanceId, d.port])).toEqual([
      [6001, 6005],
      [6002, 6005],
      [6003, 6005],
    ]);
    // Without the hint the OM 6 column order (id, then port) decides.
    expect(parseDetailStatus(text).datanodes.map((d) => d.instanceId)).toEqual([6001, 6002, 6003]);
  });

  it('accepts CRLF line ends and the docs indentation of section titles', () => {
    const text = fixture('status/detail-a-1p1s.txt').replace(/^\[/gm, '  [').replace(/\n/g, '\r\n');
    const s = parseDetailStatus(text);
    expect(s.datanodes.map((d) => d.ip)).toEqual(['192.168.56.12', '192.168.56.13']);
    expect(s.datanodes[1]?.state).toBe('Normal');
  });
});

describe('parseDetailStatus errors', () => {
  it('refuses output without cluster_state (e.g. an OM error before install)', () => {
    expect(() => parseDetailStatus('[GAUSS-51252] : Failed to read the static configuration file.')).toThrow(StatusParseError);
  });

  it('refuses a status with no data-node rows', () => {
    const text = fixture('status/detail-a-1p1s.txt').split('[  Datanode State   ]')[0]!;
    expect(() => parseDetailStatus(text)).toThrow(/no data-node rows/);
  });

  it('refuses a row with too many fields before the data dir', () => {
    const text = fixture('status/detail-a-1p1s.txt').replace('1  opengauss1 192.168.56.12', '1  opengauss1 extra 7 192.168.56.12');
    expect(() => parseDetailStatus(text)).toThrow(StatusParseError);
  });

  it('ignores row-like lines outside the sections (e.g. a log line before the status)', () => {
    const text = `1 warning: see /var/log/omm/om/gs_om.log\n${fixture('status/detail-a-1p1s.txt')}`;
    expect(parseDetailStatus(text).datanodes).toHaveLength(2);
  });

  it('refuses an unexpected redistributing value', () => {
    const text = fixture('status/detail-a-1p1s.txt').replace('redistributing  : No', 'redistributing  : Maybe');
    expect(() => parseDetailStatus(text)).toThrow(/Yes or No/);
  });
});
