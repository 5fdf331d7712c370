import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../../src/errors.js';
import { defaultModel } from '../helpers/role-model.js';
import {
  buildClusterConfig,
  checkView,
  renderClusterConfig,
  renderClusterConfigXml,
  validateClusterConfig,
  wrapList,
  type ClusterConfigModel,
  type ClusterNode,
} from '../../../src/opengauss/xml/index.js';
import { fixture } from './fixtures.js';
import { readClusterConfig } from './xml-check.js';

const P = (address: string): ClusterNode => ({ address, role: 'primary' });
const S = (address: string): ClusterNode => ({ address, role: 'standby' });
const C = (address: string): ClusterNode => ({ address, role: 'cascade' });

describe('renderClusterConfigXml with the bundled template', () => {
  it('single node equals the expected fixture', async () => {
    expect(await renderClusterConfigXml(defaultModel([P('10.0.0.5')]))).toBe(fixture('xml/single.xml'));
  });

  it('1P+1S (no CM at 2 nodes) equals the expected fixture', async () => {
    expect(await renderClusterConfigXml(defaultModel([P('192.168.56.11'), S('192.168.56.12')]))).toBe(fixture('xml/1p1s.xml'));
  });

  it('1P+1S+1C (CM at 3 nodes) equals the expected fixture', async () => {
    const model = defaultModel([P('192.168.56.11'), C('192.168.56.12'), S('192.168.56.14')]);
    expect(await renderClusterConfigXml(model)).toBe(fixture('xml/1p1s1c-cm.xml'));
  });

  it('1P+4S+4C parses back with OM counts: 2N-1 dataNode1 items, CM lists on every node', async () => {
    const nodes = [P('10.1.0.1'), ...[2, 3, 4, 5].map((i) => S(`10.1.0.${i}`)), ...[6, 7, 8, 9].map((i) => C(`10.1.0.${i}`))];
    const xml = readClusterConfig(await renderClusterConfigXml(defaultModel(nodes)));
    expect(xml.cluster['nodeNames']).toHaveLength(9);
    expect(xml.cluster['backIp1s']).toEqual(nodes.map((n) => n.address));
    expect(xml.devices.map((d) => d.sn)).toEqual(xml.cluster['nodeNames']);
    const primary = xml.devices[0]!.params;
    expect(primary['dataNode1']).toHaveLength(2 * 9 - 1);
    expect(primary['cmServerRelation']).toEqual(xml.cluster['nodeNames']);
    expect(primary['cmServerListenIp1']).toHaveLength(9);
    for (const d of xml.devices.slice(1)) {
      expect(d.params['cmDir']).toEqual(['/opt/openGauss/data/cm']);
      expect(d.params['cmServerPortStandby']).toEqual(['15800']);
    }
    expect(xml.devices.filter((d) => d.params['cascadeRole']?.[0] === 'on')).toHaveLength(4);
  });

  it('the cm flag overrides the node count both ways', async () => {
    const two = readClusterConfig(await renderClusterConfigXml({ ...defaultModel([P('10.0.0.1'), S('10.0.0.2')]), cm: true }));
    expect(two.devices[0]!.params['cmServerRelation']).toEqual(['og167772161', 'og167772162']);
    expect(two.devices[1]!.params['cmServerPortStandby']).toEqual(['15800']);
    const three = readClusterConfig(await renderClusterConfigXml({ ...defaultModel([P('10.0.0.1'), S('10.0.0.2'), S('10.0.0.3')]), cm: false }));
    for (const d of three.devices) expect(Object.keys(d.params).filter((k) => k.startsWith('cm'))).toEqual([]);
  });

  it('installed nodes keep a given node name', async () => {
    const xml = readClusterConfig(await renderClusterConfigXml(defaultModel([{ ...P('10.0.0.1'), nodeName: 'legacy1' }, S('10.0.0.2')])));
    expect(xml.cluster['nodeNames']).toEqual(['legacy1', 'og167772162']);
    expect(xml.devices[0]!.params['dataNode1']).toEqual(['/opt/openGauss/data/dn', 'og167772162', '/opt/openGauss/data/dn']);
  });
});

describe('XML escaping', () => {
  it('escapes & < > " in values although handlebars runs with noEscape', async () => {
    const model = { ...defaultModel([P('10.0.0.1')]), clusterName: 'R&D<"1">' };
    const text = await renderClusterConfigXml(model);
    expect(text).toContain('value="R&amp;D&lt;&quot;1&quot;&gt;"');
    expect(readClusterConfig(text).cluster['clusterName']).toEqual(['R&D<"1">']);
  });
});

describe('validateClusterConfig', () => {
  const ok = defaultModel([P('10.0.0.1'), S('10.0.0.2'), C('10.0.0.3')]);
  const invalid = (patch: Partial<ClusterConfigModel>) => validateClusterConfig({ ...ok, ...patch });

  it('accepts the defaults', () => expect(validateClusterConfig(ok)).toEqual([]));

  it('syncNum must be 0 <= n < N', () => {
    expect(invalid({ syncNum: 3 })).toEqual([expect.stringMatching(/dataNode1_syncNum 3.*< 3/)]);
    expect(invalid({ syncNum: -1 })).toHaveLength(1);
    expect(invalid({ syncNum: 2 })).toEqual([]);
  });

  it('at most 9 data nodes', () => {
    const ten = [P('10.0.0.1'), ...Array.from({ length: 9 }, (_, i) => S(`10.0.0.${i + 2}`))];
    expect(invalid({ nodes: ten })).toEqual([expect.stringMatching(/1 to 9 data nodes/)]);
  });

  it('forbidden characters and relative paths', () => {
    const problems = invalid({ paths: { ...ok.paths, corePath: '/opt/core dump', tmpMppdbPath: '/opt/$tmp', gaussdbLogPath: 'var/log' } });
    expect(problems).toEqual([
      expect.stringMatching(/gaussdbLogPath 'var\/log' must be an absolute path/),
      expect.stringMatching(/tmpMppdbPath '\/opt\/\$tmp' contains '\$'/),
      expect.stringMatching(/corePath '\/opt\/core dump' contains ' '/),
    ]);
  });

  it('nested directories, including the DN and CM dirs under dataPath', () => {
    expect(invalid({ paths: { ...ok.paths, tmpMppdbPath: '/opt/openGauss/install/app/tmp' } })).toEqual([
      expect.stringMatching(/gaussdbAppPath .* and tmpMppdbPath .* are nested/),
    ]);
    expect(invalid({ paths: { ...ok.paths, corePath: '/opt/openGauss/data/' } })).toEqual([
      expect.stringMatching(/corePath .* and dataNode1/),
      expect.stringMatching(/corePath .* and cmDir/),
    ]);
  });

  it('DN ports P..P+5 must not overlap the CM ports', () => {
    expect(invalid({ cmServerPortBase: 15404 })).toEqual([expect.stringMatching(/cmServerPortBase ports 15404..15405 overlap/)]);
    expect(invalid({ cmServerPortBase: 14900 })).toEqual([expect.stringMatching(/cmServerPortStandby ports 15400..15401 overlap/)]);
    expect(invalid({ cmServerPortBase: 15406 })).toEqual([]);
    // Without CM the CM ports do not matter.
    expect(validateClusterConfig({ ...ok, cm: false, cmServerPortBase: 15404 })).toEqual([]);
    expect(invalid({ dataPortBase: 65531 })).toEqual([expect.stringMatching(/65531..65536/)]);
  });

  it('roles, addresses and names', () => {
    expect(invalid({ nodes: [S('10.0.0.2'), P('10.0.0.1')] })).toEqual([expect.stringMatching(/first node .* must be the primary/)]);
    expect(invalid({ nodes: [P('10.0.0.1'), C('10.0.0.2')] })).toEqual([expect.stringMatching(/cascades need/)]);
    expect(invalid({ nodes: [P('10.0.0.1'), S('10.0.0.1')] })).toEqual(['address 10.0.0.1 appears twice', 'node name og167772161 appears twice']);
    expect(invalid({ nodes: [P('10.0.0.1'), { ...S('10.0.0.2'), nodeName: 'bad_name' }] })).toEqual([
      expect.stringMatching(/'bad_name' is not a valid hostname/),
    ]);
    expect(invalid({ azPriority: 11, azName: 'AZ 1' })).toHaveLength(2);
  });

  it('buildClusterConfig throws one UserError listing every problem', () => {
    expect(() => buildClusterConfig({ ...ok, syncNum: 5, azPriority: 0 })).toThrow(UserError);
    expect(() => buildClusterConfig({ ...ok, syncNum: 5, azPriority: 0 })).toThrow(/syncNum[\s\S]*azPriority/);
  });
});

describe('checkView (OM counting rules on a view)', () => {
  it('catches a dataNode1 or cmServerRelation with the wrong count', () => {
    const view = buildClusterConfig(defaultModel([P('10.0.0.1'), S('10.0.0.2'), S('10.0.0.3')]));
    expect(checkView(view)).toEqual([]);
    const primary = view.devices[0]!;
    const broken = {
      ...view,
      devices: [{ ...primary, dataNode1: primary.dataNode1.slice(0, 2), cmServerRelation: primary.cmServerRelation.slice(1) }, ...view.devices.slice(1)],
    };
    expect(checkView(broken)).toEqual(['dataNode1 has 3 items; 3 data nodes need 5', expect.stringMatching(/cmServerRelation has 2 entries for 3 DEVICEs/)]);
  });
});

describe('templates', () => {
  it('wrapList: one item on one line; more items AFO-wrapped', () => {
    expect(wrapList(['a'], 4)).toBe('a');
    expect(wrapList(['a', 'b', 'c'], 4)).toBe('a\n      ,b\n      ,c\n    ');
  });

  it('a user template gets the same view and the list helper', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afo-og-'));
    const path = join(dir, 'mine.xml.hbs');
    writeFileSync(path, '<ROOT>{{clusterName}}:{{list nodeNames 0}}:{{#each devices}}{{#if primary}}{{dataPortBase}}{{/if}}{{/each}}</ROOT>');
    const out = await renderClusterConfigXml(defaultModel([P('10.0.0.1'), S('10.0.0.2')]), { templatePath: path });
    expect(out).toBe('<ROOT>openGauss:og167772161\n  ,og167772162\n:15400</ROOT>');
  });

  it.each([
    ['hbs', 'not xml at all {{clusterName}}', /mine\.hbs: the rendered cluster_config\.xml is not well-formed XML \(line 1, column 1/],
    ['hbs', '<ROOT><CLUSTER></ROOT>', /mine\.hbs: the rendered cluster_config\.xml is not well-formed XML \(line 1, .*CLUSTER/],
    [
      'hbs',
      '<?xml version="1.0"?>\n<CONFIG>{{clusterName}}</CONFIG>',
      /mine\.hbs: the rendered cluster_config\.xml has root element <CONFIG>, OM reads <ROOT>/,
    ],
    ['j2', '<ROOT>{% if true %}<CLUSTER>{% endif %}</ROOT>', /mine\.j2: the rendered cluster_config\.xml is not well-formed XML/],
    ['j2', '{{ clusterName }}', /mine\.j2: the rendered cluster_config\.xml is not well-formed XML/],
  ])('a user template (.%s) that renders non-XML or another root is refused naming the template: %j', async (ext, text, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'afo-og-'));
    const path = join(dir, `mine.${ext}`);
    writeFileSync(path, text);
    await expect(renderClusterConfigXml(defaultModel([P('10.0.0.1')]), { templatePath: path })).rejects.toThrow(UserError);
    await expect(renderClusterConfigXml(defaultModel([P('10.0.0.1')]), { templatePath: path })).rejects.toThrow(message);
  });

  it('strict mode: a field the view lacks is a UserError naming the template', () => {
    const view = buildClusterConfig(defaultModel([P('10.0.0.1')]));
    expect(() => renderClusterConfig(view, '{{clusterNmae}}', '/x/mine.hbs')).toThrow(UserError);
    expect(() => renderClusterConfig(view, '{{clusterNmae}}', '/x/mine.hbs')).toThrow(/^\/x\/mine.hbs:1: variable "clusterNmae" is not defined$/); // file:line, as for the template module
  });

  it('a missing user template is a UserError', async () => {
    await expect(renderClusterConfigXml(defaultModel([P('10.0.0.1')]), { templatePath: '/nonexistent/t.hbs' })).rejects.toThrow(
      /cannot read .*\/nonexistent\/t.hbs: ENOENT/,
    );
  });
});
