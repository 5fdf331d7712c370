/**
 * Compatibility with afo's own code (a cross-check on top of the sample comparisons, which stay
 * independent of afo): the XML afo renders is accepted by the stand-in's OM rules, and afo's
 * parsers read what the stand-in prints.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildClusterConfig, defaultTemplatePath, parseDetailStatus, parseGsCtlQuery, renderClusterConfig } from '../../../src/opengauss/index.js';
import { defaultModel } from '../../unit/helpers/role-model.js';
import { py } from './py.js';

const ips = ['10.9.9.11', '10.9.9.12', '10.9.9.14'];

function afoXml(cm: boolean): string {
  const model = defaultModel([
    { address: ips[0]!, role: 'primary' },
    { address: ips[1]!, role: 'standby' },
    { address: ips[2]!, role: 'cascade' },
  ]);
  model.cm = cm;
  return renderClusterConfig(buildClusterConfig(model), readFileSync(defaultTemplatePath(), 'utf8'));
}

describe("afo's cluster_config.xml passes the stand-in's OM rules", () => {
  for (const cm of [false, true]) {
    it(`with${cm ? '' : 'out'} CM`, () => {
      const r = py({ op: 'xml', text: afoXml(cm) });
      expect(r.error).toBeUndefined();
      expect(r.cluster?.dns.map((d) => [d.ip, d.letter, d.dataDir])).toEqual([
        [ips[0], 'P', '/opt/openGauss/data/dn'],
        [ips[1], 'S', '/opt/openGauss/data/dn'],
        [ips[2], 'C', '/opt/openGauss/data/dn'],
      ]);
      expect(r.cluster?.cm !== null).toBe(cm);
    });
  }
});

describe("afo's parsers read the stand-in's output", () => {
  const parsed = py({ op: 'xml', text: afoXml(true) }).cluster!;
  const cluster = { ...parsed, version: '5.0.0', user: 'omm' };
  const states = [
    ['Primary', 'Normal'],
    ['Standby', 'Normal'],
    ['Cascade Standby', 'Normal'],
  ];

  for (const layout of ['A', 'B', 'C'] as const) {
    it(`status layout ${layout}`, () => {
      const text = py({ op: 'render', layout, cluster, states, cms: ['Primary', 'Standby', 'Standby'] }).text!;
      const s = parseDetailStatus(text, { dataPortBase: 15400 });
      expect(s.layout).toBe(layout);
      expect(s.clusterState).toBe('Normal');
      expect(s.datanodes.map((d) => [d.ip, d.instanceId, d.letter, d.role, d.state])).toEqual([
        [ips[0], 6001, 'P', 'Primary', 'Normal'],
        [ips[1], 6002, 'S', 'Standby', 'Normal'],
        [ips[2], 6003, 'C', layout === 'A' ? 'Cascade' : 'Cascade Standby', 'Normal'],
      ]);
      if (layout !== 'A') expect(s.cmServers?.map((c) => c.state)).toEqual(['Primary', 'Standby', 'Standby']);
    });
  }

  it('gs_ctl query of a cascade', () => {
    const text = py({
      op: 'gsctl',
      dir: '/opt/openGauss/data/dn',
      state: {
        local_role: 'Cascade Standby',
        static_connections: 2,
        db_state: 'Normal',
        detail_information: 'Normal',
        senders: [],
        receiver: [
          ['receiver_pid', '42'],
          ['local_role', 'Cascade Standby'],
          ['peer_role', 'Standby'],
          ['peer_state', 'Normal'],
          ['state', 'Normal'],
          ['channel', `${ips[2]}:40000<--${ips[1]}:15401`],
        ],
      },
    }).text!;
    const q = parseGsCtlQuery(text);
    expect(q.status).toBe('running');
    expect(q.dataDir).toBe('/opt/openGauss/data/dn');
    expect(q.ha).toEqual({ localRole: 'Cascade Standby', staticConnections: 2, dbState: 'Normal', detailInformation: 'Normal' });
    expect(q.receivers[0]?.peer_role).toBe('Standby');
  });
});
