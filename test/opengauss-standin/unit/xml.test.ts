import { describe, expect, it } from 'vitest';
import { clusterXml, invalidXmlCases, type XNode } from '../xml.js';
import { py } from './py.js';

const nodes: XNode[] = [
  { name: 'n1', ip: '10.9.9.11', role: 'primary' },
  { name: 'n2', ip: '10.9.9.12', role: 'standby' },
  { name: 'n3', ip: '10.9.9.13', role: 'cascade' },
];
const spare = (i: number): XNode => ({ name: `s${i}`, ip: `10.9.9.${30 + i}`, role: 'standby' });

describe('cluster_config.xml validation (OM rules)', () => {
  it('reads ids, letters, ports and CM dirs of a valid 1P1S1C XML with CM', () => {
    const r = py({ op: 'xml', text: clusterXml(nodes, { cm: true }) });
    expect(r.ok).toBe(true);
    const c = r.cluster!;
    expect(c.dns.map((d) => [d.instanceId, d.name, d.letter, d.port])).toEqual([
      [6001, 'n1', 'P', 15400],
      [6002, 'n2', 'S', 15400],
      [6003, 'n3', 'C', 15400],
    ]);
    expect(c.nodes.map((n) => [n.id, n.cmDir, n.cmPort])).toEqual([
      [1, '/opt/openGauss/data/cm', 15300],
      [2, '/opt/openGauss/data/cm', 15800],
      [3, '/opt/openGauss/data/cm', 15800],
    ]);
  });

  it('has no CM without CM params', () => {
    expect(py({ op: 'xml', text: clusterXml(nodes) }).cluster?.cm).toBeNull();
  });

  for (const [title, xml, msg] of invalidXmlCases(nodes, spare)) {
    it(`refuses ${title}`, () => {
      const r = py({ op: 'xml', text: xml });
      expect(r.ok).toBe(false);
      expect(r.error).toMatch(msg);
    });
  }

  it('refuses a cmServerRelation that does not name every DEVICE', () => {
    const xml = clusterXml(nodes, { cm: true });
    const r = py({ op: 'xml', text: xml.replace(/name="cmServerRelation" value="n1,n2,n3"/, 'name="cmServerRelation" value="n1,n2"') });
    expect(r.error).toMatch(/The num of cmServerRelation's hostname is wrong/);
  });

  it('refuses backIp1s that are not in DEVICE order', () => {
    const r = py({ op: 'xml', text: clusterXml(nodes).replace('10.9.9.11,10.9.9.12,10.9.9.13', '10.9.9.12,10.9.9.11,10.9.9.13') });
    expect(r.error).toMatch(/GAUSS-50625/);
  });

  it('refuses nested directories', () => {
    const r = py({ op: 'xml', text: clusterXml(nodes).replace('/opt/openGauss/tmp', '/opt/openGauss/install/app/tmp') });
    expect(r.error).toMatch(/must not be nested/);
  });
});
