/**
 * The stand-in is as strict as OM where afo expand and the CM step touch it (docs/opengauss.md
 * §5.3, §5.9): gs_expansion's environment and host checks, its trust check (root and the
 * database user to every node's name and address) and the new nodes' host names, cm_install's "CM exists" error exit
 * before the XML is read, CA prompts both answered before the password is judged, characters
 * outside the four classes refused, a stale CM tarball in $GPHOME owned by someone else.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterXml, type XNode } from '../xml.js';
import { py } from './py.js';

const NODES: XNode[] = [
  { name: 'og3221225994', ip: '192.0.2.10', role: 'primary' },
  { name: 'og3221225995', ip: '192.0.2.11', role: 'standby' },
  { name: 'og3221225996', ip: '192.0.2.12', role: 'cascade' },
];

/** A cluster home under a temp dir: the XML (`xmlNodes`), and the static config of the installed `nodes`. */
function installed(cm: boolean, nodes = NODES, xmlNodes = NODES): { home: string; xml: string; app: string; tool: string } {
  const home = mkdtempSync(join(tmpdir(), 'afo-strict-'));
  const xml = join(home, 'cluster_config.xml');
  writeFileSync(xml, clusterXml(xmlNodes, { home, cm: xmlNodes === NODES }));
  const parsed = py({ op: 'xml', text: clusterXml(nodes, { home }) }).cluster as unknown as Record<string, unknown>;
  const app = join(home, 'install/app');
  const tool = join(home, 'install/om');
  mkdirSync(join(app, 'bin'), { recursive: true });
  mkdirSync(tool, { recursive: true });
  const config = { ...parsed, user: 'nobody', version: '5.0.0', cm: cm ? { portBase: 15300 } : null };
  writeFileSync(join(app, 'bin', 'cluster_static_config'), JSON.stringify(config));
  return { home, xml, app, tool };
}

describe('cm_install', () => {
  it('"CM exists in current cluster." is an error exit before the XML is read', () => {
    const c = installed(true);
    const r = py({
      op: 'tool',
      tool: 'cm_install',
      argv: ['-X', '/nonexistent/cluster_config.xml', '--cmpkg', '/nonexistent/cm.tar.gz'],
      env: { GAUSSHOME: c.app },
    });
    expect(r.rc).toBe(1);
    expect(r.text).toContain('CM exists in current cluster.');
    expect(r.text).not.toContain('/nonexistent/cluster_config.xml');
  });

  it('a stale CM tarball in $GPHOME that the cluster user does not own fails the install', () => {
    const c = installed(false);
    const pkg = join(c.home, 'openGauss-5.0.0-openEuler-64bit-cm.tar.gz');
    writeFileSync(pkg, 'cm');
    writeFileSync(join(c.tool, 'openGauss-5.0.0-openEuler-64bit-cm.tar.gz'), 'stale'); // owned by the test's user, not nobody
    const r = py({ op: 'tool', tool: 'cm_install', argv: ['-X', c.xml, '--cmpkg', pkg], env: { GAUSSHOME: c.app } });
    expect(r.rc).toBe(1);
    expect(r.text).toMatch(/GAUSS-50206.*openGauss-5\.0\.0-openEuler-64bit-cm\.tar\.gz: Permission denied/);
  });

  it('asks both CA prompts before judging the password; refuses characters outside the four classes', () => {
    const r = py({ op: 'ca-prompt', answers: ['abcdefgh', 'abcdefgh', 'Ca_cert#77', 'Ca_cert#77'] });
    expect(r.results).toEqual([
      'Please input the password for ca cert:',
      'Please input the password for ca cert again:',
      'Please input the password for ca cert:',
      'Please input the password for ca cert again:',
    ]);
    expect(r.text).toContain('three types');
    const bad = py({ op: 'pw', passwords: ['Abcdef12 x', 'Abcdef12\u00fc', 'Ca_cert#77'], ca: true }).results ?? [];
    expect(bad[0]).toMatch(/invalid characters/);
    expect(bad[1]).toMatch(/invalid characters/);
    expect(bad[2]).toBeNull();
  });
});

describe('gs_expansion', () => {
  const argv = (xml: string) => ['-U', 'omm', '-G', 'dbgrp', '-X', xml, '-h', '192.0.2.12'];
  /** The cluster user's environment as the XML of `c` wants it. */
  const omEnv = (c: ReturnType<typeof installed>) => ({ GPHOME: c.tool, GAUSSHOME: c.app, PGHOST: join(c.home, 'tmp') });
  // loopback addresses, SSH stubbed (trust, host names): nothing leaves the machine
  const local: XNode[] = [
    { name: 'og2130706433', ip: '127.0.0.1', role: 'primary' },
    { name: 'og2130706434', ip: '127.0.0.2', role: 'standby' },
    { name: 'og2130706435', ip: '127.0.0.3', role: 'cascade' },
  ];
  /** Trust of `who` to every node of `nodes`, by name and by address. */
  const every = (who: string[], nodes: XNode[]) => who.flatMap((u) => nodes.flatMap((n) => [`${u}@${n.name}`, `${u}@${n.ip}`]));
  /** gs_expansion -h 127.0.0.2 on the installed primary of `nodes` (the XML's), with the SSH stub's `trust` and `hostnames`. */
  const expand = (nodes: XNode[], trust: string[], hostnames: Record<string, string>) => {
    const c = installed(false, nodes.slice(0, 1), nodes);
    return py({
      op: 'tool',
      tool: 'gs_expansion',
      root: true,
      trust,
      hostnames,
      argv: ['-U', 'omm', '-G', 'dbgrp', '-X', c.xml, '-h', '127.0.0.2'],
      env: omEnv(c),
    });
  };

  it("refuses to run without the cluster user's environment matching the XML", () => {
    const c = installed(false);
    const r = py({
      op: 'tool',
      tool: 'gs_expansion',
      root: true,
      argv: argv(c.xml),
      env: { ...omEnv(c), GPHOME: '/opt/elsewhere' },
    });
    expect(r.rc).not.toBe(0);
    expect(r.text).toMatch(/GPHOME is \/opt\/elsewhere, but the XML file says .*install\/om/);
  });

  it('leaves out an XML node that is neither installed nor in -h (a cascade for a later step), as OM 5.0.0 does', () => {
    const r = expand(local, every(['root', 'omm'], local), Object.fromEntries(local.map((n) => [n.ip, n.name])));
    expect(r.text).toContain("The node ip ['127.0.0.3'] will not be added to cluster.");
    expect(r.text).not.toContain("127.0.0.2'] will not");
  });

  describe("trust to every node by name and address, and the new nodes' host names (SSH stubbed)", () => {
    const two = local.slice(0, 2);
    const named = { '127.0.0.2': 'og2130706434' };
    const trustWithout = (missing: string) => every(['root', 'omm'], two).filter((t) => t !== missing);

    it("refuses when root's trust to a node's name is missing, though its address has it", () => {
      const r = expand(two, trustWithout('root@og2130706434'), named);
      expect(r.rc).not.toBe(0);
      expect(r.text).toContain('Failed to do the SSH trust check for [root] to og2130706434.');
    });

    it("refuses when the database user's trust to an installed node's address is missing", () => {
      const r = expand(two, trustWithout('omm@127.0.0.1'), named);
      expect(r.rc).not.toBe(0);
      expect(r.text).toContain('Failed to do the SSH trust check for [omm] to 127.0.0.1.');
    });

    it('refuses a new node whose host name is not its XML name', () => {
      const r = expand(two, every(['root', 'omm'], two), { '127.0.0.2': 'localhost' });
      expect(r.rc).not.toBe(0);
      expect(r.text).toContain('The host name of 127.0.0.2 is localhost, but the XML file names it og2130706434.');
    });
  });

  it("runs only on the XML's primary", () => {
    const c = installed(false);
    const r = py({ op: 'tool', tool: 'gs_expansion', root: true, argv: argv(c.xml), env: omEnv(c) });
    expect(r.rc).not.toBe(0);
    expect(r.text).toContain('must be run on the primary node of the XML file (192.0.2.10)');
  });
});
