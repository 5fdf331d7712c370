/**
 * One expansion step's nodes and XML (installed nodes first, in instance-id order with their
 * reported names, then the joining ones), the --check text, and the standby CM switches over to.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstStandby, swapped } from '../../../../src/opengauss/deploy/cm-add.js';
import { decideExpand, type ExpandGo } from '../../../../src/opengauss/deploy/decide-expand.js';
import { expandPlanLines } from '../../../../src/opengauss/deploy/expand-check.js';
import { stepPlan } from '../../../../src/opengauss/deploy/expand-plan.js';
import { planDeploy, type DeployPlan } from '../../../../src/opengauss/deploy/plan.js';
import { loadDefaults } from '../../../../src/opengauss/deploy/role.js';
import { parseFileFact } from '../../../../src/opengauss/modules/file-fact.js';
import { parseProbe } from '../../../../src/opengauss/modules/probe-fact.js';
import type { DetailStatus } from '../../../../src/opengauss/status/types.js';
import { fixture } from '../fixtures.js';

const status = (name: string): DetailStatus => parseProbe(`@@afo-installed\n${fixture(`status/${name}`)}\n@@afo-rc=0\n`).status!;
const A = status('detail-a-1p1s.txt'); // .12 P opengauss1, .13 S opengauss2
let plan: DeployPlan;
let d: ExpandGo;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'afo-expand-plan-'));
  // .9 sorts after .13 as an IP string; the cascade has a lower address than the new standby
  writeFileSync(
    join(dir, 'hosts.ini'),
    '[opengauss_primary]\n192.168.56.12\n[opengauss_standby]\n192.168.56.13\n192.168.56.9\n[opengauss_cascade]\n192.168.56.100\n',
  );
  plan = await planDeploy({ inventoryPath: join(dir, 'hosts.ini'), extraVars: {}, roleDefaults: loadDefaults() });
  const facts = {
    memAvailableMb: 4096,
    diskFreeMb: 50_000,
    listening: [],
    nonEmptyDirs: [],
    locales: ['en_US.utf8'],
    hostKeys: [],
    clock: { service: 'chronyd' as const, synced: true, offsetMs: 0.012 },
    distribution: 'openEuler',
    version: '20.03',
    arch: 'x86_64',
    python3: '3.7.9',
    timezone: 'UTC',
  };
  d = decideExpand({
    plan,
    reports: plan.nodes.map((n) => ({ name: n.name, facts })),
    probe: parseProbe(`@@afo-installed\n${fixture('status/detail-a-1p1s.txt')}\n@@afo-rc=0\n`),
    secrets: { existed: true, generated: [] },
    check: true,
  }) as ExpandGo;
});

describe('an expansion step', () => {
  it('installed nodes keep their order and reported names; the joining ones follow in the given order', async () => {
    const step = await stepPlan(plan, A, d.standbys, false);
    expect(step.nodes.map((n) => `${n.address} ${n.nodeName} ${n.role} ${n.installed}`)).toEqual([
      '192.168.56.12 opengauss1 primary true',
      '192.168.56.13 opengauss2 standby true',
      '192.168.56.9 og3232249865 standby false',
    ]);
    expect(step.xml).toContain('<PARAM name="nodeNames" value="opengauss1\n      ,opengauss2\n      ,og3232249865\n');
    expect(step.xml).not.toContain('192.168.56.100');
    expect(step.xml).not.toContain('cmServer');
  });

  it('the final XML has standbys before cascades and, when CM is added, CM parameters', async () => {
    const final = await stepPlan(plan, A, [...d.standbys, ...d.cascades], true);
    expect(final.nodes.map((n) => n.address)).toEqual(['192.168.56.12', '192.168.56.13', '192.168.56.9', '192.168.56.100']);
    expect(final.xml).toContain('cmServerRelation');
  });

  it('--check names the hosts in order, the OM commands and the XML difference', async () => {
    const installed = await stepPlan(plan, A, [], false);
    const final = await stepPlan(plan, A, [...d.standbys, ...d.cascades], true);
    const text = expandPlanLines({ installed, final, decision: d }).join('\n');
    expect(text).toContain('1. standbys join: 192.168.56.9\n');
    expect(text).toContain('-h 192.168.56.9 --time-out=600');
    expect(text).toContain('2. cascades join: 192.168.56.100\n');
    expect(text).toContain('3. CM is added (the cluster reaches 4 data nodes)');
    expect(text).toMatch(/^\+.*og3232249865/m);
    expect(text).toMatch(/^\+\s*,og3232249865$/m); // nodeNames
    const diff = text
      .slice(text.indexOf('difference from the XML of the installed nodes (no /opt/software/openGauss/cluster_config.xml on 192.168.56.12):'))
      .split('\n')
      .slice(1);
    expect(diff.length).toBeGreaterThan(0);
    expect(diff.every((l) => l.startsWith('+') || l.startsWith('-'))).toBe(true); // only changed lines
  });

  it('--check compares with the XML file actually on the primary when there is one (a hand edit there shows up)', async () => {
    const installed = await stepPlan(plan, A, [], false);
    const final = await stepPlan(plan, A, [...d.standbys, ...d.cascades], true);
    const onPrimary = installed.xml.replace('</ROOT>', '<!-- edited by hand on the primary -->\n</ROOT>');
    const text = expandPlanLines({ installed, onPrimary, final, decision: d }).join('\n');
    const diff = text.slice(text.indexOf('difference from /opt/software/openGauss/cluster_config.xml on 192.168.56.12:')).split('\n');
    expect(diff.length).toBeGreaterThan(1);
    expect(diff).toContain('-<!-- edited by hand on the primary -->');
    expect(parseFileFact('@@afo-file\n<ROOT/>\n')).toBe('<ROOT/>\n');
    expect(parseFileFact('@@afo-no-file\n')).toBeUndefined();
  });

  it('CM switches over to the first current Standby (never a cascade); the expected roles swap', () => {
    const b = status('detail-b-1p1s1c-cm.txt'); // .11 P, .12 C (node 2), .14 S (node 3)
    const nodes = [
      {
        name: 'p',
        address: '192.168.56.11',
        nodeName: 'a',
        role: 'primary' as const,
        installed: true,
        host: { name: 'p', address: '192.168.56.11', vars: {} },
      },
      {
        name: 'c',
        address: '192.168.56.12',
        nodeName: 'b',
        role: 'cascade' as const,
        installed: true,
        host: { name: 'c', address: '192.168.56.12', vars: {} },
      },
      {
        name: 's',
        address: '192.168.56.14',
        nodeName: 'c',
        role: 'standby' as const,
        installed: true,
        host: { name: 's', address: '192.168.56.14', vars: {} },
      },
    ];
    const to = firstStandby(b, nodes)!;
    expect(to.name).toBe('s');
    expect(swapped(nodes, to).map((n) => `${n.name} ${n.role}`)).toEqual(['p standby', 'c cascade', 's primary']);
  });
});
