/**
 * decideExpand(): every afo expand decision from fixtures, without hosts (inventories parsed only,
 * probes parsed from real status layouts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostReport } from '../../../../src/opengauss/deploy/checks.js';
import type { SecretsState } from '../../../../src/opengauss/deploy/decide.js';
import { decideExpand, type ExpandInput } from '../../../../src/opengauss/deploy/decide-expand.js';
import { planDeploy, type DeployPlan } from '../../../../src/opengauss/deploy/plan.js';
import { loadDefaults } from '../../../../src/opengauss/deploy/role.js';
import type { PreflightFacts } from '../../../../src/opengauss/modules/preflight-fact.js';
import { parseProbe } from '../../../../src/opengauss/modules/probe-fact.js';
import { fixture, goodFacts } from '../fixtures.js';

async function planOf(groups: string, extraVars: Record<string, unknown> = {}): Promise<DeployPlan> {
  const dir = mkdtempSync(join(tmpdir(), 'afo-decide-expand-'));
  writeFileSync(join(dir, 'hosts.ini'), groups);
  return planDeploy({ inventoryPath: join(dir, 'hosts.ini'), extraVars, roleDefaults: loadDefaults() });
}

const facts = goodFacts;
const installed = (name: string) => parseProbe(`@@afo-installed\n${fixture(`status/${name}`)}\n@@afo-rc=0\n`);
const A_1P1S = installed('detail-a-1p1s.txt'); // .12 P, .13 S, no CM
const B_1P1S1C = installed('detail-b-1p1s1c-cm.txt'); // .11 P, .12 C, .14 S, CM
const kept: SecretsState = { existed: true, generated: [] };
const P = '[opengauss_primary]\n192.168.56.12\n';

function input(plan: DeployPlan, over: Partial<ExpandInput> = {}, facts1: Record<string, Partial<PreflightFacts> | 'unreachable'> = {}): ExpandInput {
  const reports: HostReport[] = plan.nodes.map((n) => {
    const f = facts1[n.name];
    return f === 'unreachable' ? { name: n.name, unreachable: 'ssh: connect to host: No route to host' } : { name: n.name, facts: facts(f ?? {}) };
  });
  return { plan, reports, probe: A_1P1S, secrets: kept, check: false, ...over };
}

describe('decideExpand: what afo expand does after its preflight', () => {
  it('nothing new: the OS settings only, no OM step', async () => {
    const plan = await planOf(`${P}[opengauss_standby]\n192.168.56.13\n`);
    expect(decideExpand(input(plan))).toEqual({
      action: 'expand',
      standbys: [],
      cascades: [],
      addCm: false,
      cmInstalled: false,
      check: false,
      discardNewSecrets: false,
    });
  });

  it('new standbys join sorted as IP strings (exact addresses: .1 is new although .12/.13 are installed); 4 data nodes -> CM added', async () => {
    const plan = await planOf(`${P}[opengauss_standby]\n192.168.56.13\n192.168.56.9\n192.168.56.1\n`);
    const d = decideExpand(input(plan));
    expect(d).toMatchObject({ action: 'expand', cascades: [], addCm: true, cmInstalled: false });
    expect(d.action === 'expand' && d.standbys.map((n) => `${n.address} ${n.nodeName} ${n.role}`)).toEqual([
      '192.168.56.1 og3232249857 standby',
      '192.168.56.9 og3232249865 standby',
    ]);
  });

  it('new cascades join after the standbys; CM is added at three data nodes', async () => {
    const plan = await planOf(`${P}[opengauss_standby]\n192.168.56.13\n192.168.56.14\n[opengauss_cascade]\n192.168.56.15\n`);
    const d = decideExpand(input(plan));
    expect(d.action === 'expand' && [d.standbys.map((n) => n.address), d.cascades.map((n) => n.address), d.addCm]).toEqual([
      ['192.168.56.14'],
      ['192.168.56.15'],
      true,
    ]);
  });

  it('two data nodes after the expansion: no CM; opengauss_cm=false: never CM', async () => {
    const single = await planOf(`${P}[opengauss_standby]\n192.168.56.13\n`);
    expect(decideExpand(input(single))).toMatchObject({ addCm: false });
    const off = await planOf(`${P}[opengauss_standby]\n192.168.56.13\n192.168.56.14\n`, { opengauss_cm: false });
    expect(decideExpand(input(off))).toMatchObject({ action: 'expand', addCm: false });
  });

  it('CM installed already: the new nodes join with CM, no CM step', async () => {
    const plan = await planOf('[opengauss_primary]\n192.168.56.11\n[opengauss_standby]\n192.168.56.14\n192.168.56.15\n[opengauss_cascade]\n192.168.56.12\n');
    const d = decideExpand(input(plan, { probe: B_1P1S1C }));
    expect(d).toMatchObject({ action: 'expand', addCm: false, cmInstalled: true });
    expect(d.action === 'expand' && d.standbys.map((n) => n.address)).toEqual(['192.168.56.15']);
  });

  it('an installed standby moved to the cascade group: refused before any change, the difference shown', async () => {
    const plan = await planOf(`${P}[opengauss_standby]\n192.168.56.14\n[opengauss_cascade]\n192.168.56.13\n`);
    const d = decideExpand(input(plan));
    expect(d).toMatchObject({ action: 'stop', reason: 'mismatch' });
    expect(d.action === 'stop' && d.problems).toEqual([
      expect.objectContaining({
        host: '192.168.56.13',
        check: 'installed role',
        found: 'in opengauss_cascade, installed as standby (letter S)',
        expected: 'in opengauss_standby',
      }),
    ]);
  });

  it('a new host with another OS release or CPU: refused, both sides shown', async () => {
    const plan = await planOf(`${P}[opengauss_standby]\n192.168.56.13\n192.168.56.14\n`);
    const d = decideExpand(input(plan, {}, { '192.168.56.14': { distribution: 'openEuler', version: '22.03', arch: 'aarch64' } }));
    expect(d).toMatchObject({ action: 'stop', reason: 'different-host' });
    expect(d.action === 'stop' && d.problems[0]).toMatchObject({
      host: '192.168.56.14',
      found: 'openEuler 22.03 aarch64, python 3.7.9',
      expected: 'openEuler 20.03 x86_64, python 3.7.9 (as on 192.168.56.12)',
    });
  });

  it('a new host with another python3: refused', async () => {
    const plan = await planOf(`${P}[opengauss_standby]\n192.168.56.13\n192.168.56.14\n`);
    const d = decideExpand(input(plan, {}, { '192.168.56.14': { python3: '3.9.9' } }));
    expect(d.action).toBe('stop');
    expect(d.action === 'stop' && d.problems.map((p) => p.found).join(' ')).toContain('3.9.9');
  });

  it('an unreachable new host: stop before any change, the host named', async () => {
    const plan = await planOf(`${P}[opengauss_standby]\n192.168.56.13\n192.168.56.14\n`);
    const d = decideExpand(input(plan, {}, { '192.168.56.14': 'unreachable' }));
    expect(d).toMatchObject({ action: 'stop', reason: 'unreachable' });
    expect(d.action === 'stop' && d.problems.map((p) => p.host)).toEqual(['192.168.56.14']);
  });

  it('ports and data directories are checked on the new hosts only (the installed ones use theirs)', async () => {
    const plan = await planOf(`${P}[opengauss_standby]\n192.168.56.13\n192.168.56.14\n`);
    const busy = { listening: [22, 15400], nonEmptyDirs: ['/opt/openGauss/data/dn'] };
    expect(decideExpand(input(plan, {}, { '192.168.56.12': busy, '192.168.56.13': busy })).action).toBe('expand');
    const d = decideExpand(input(plan, {}, { '192.168.56.14': busy }));
    expect(d).toMatchObject({ action: 'stop', reason: 'preflight' });
    expect(d.action === 'stop' && d.problems.map((p) => `${p.host} ${p.check}`)).toEqual(['192.168.56.14 free ports', '192.168.56.14 empty directories']);
  });

  it('a new host that an interrupted afo expand marked: what OM left there (busy port, non-empty directories) is not a problem', async () => {
    const plan = await planOf(`${P}[opengauss_standby]\n192.168.56.13\n192.168.56.14\n`);
    const leftOver = { listening: [22, 15400], nonEmptyDirs: ['/opt/openGauss/install/app'], afoJoining: true as const };
    expect(decideExpand(input(plan, {}, { '192.168.56.14': leftOver }))).toMatchObject({ action: 'expand' });
  });

  it('--check takes the same decision', async () => {
    const plan = await planOf(`${P}[opengauss_standby]\n192.168.56.13\n192.168.56.14\n`);
    expect(decideExpand(input(plan, { check: true }))).toMatchObject({ action: 'expand', check: true, addCm: true });
  });

  it('nothing installed: stop, pointing at afo deploy', async () => {
    const plan = await planOf(`${P}[opengauss_standby]\n192.168.56.13\n`);
    const d = decideExpand(input(plan, { probe: parseProbe('@@afo-fresh\n') }));
    expect(d).toMatchObject({ action: 'stop', reason: 'not-installed' });
    expect(d.action === 'stop' && d.problems[0]!.fix).toContain('afo deploy -i');
  });

  it('unhealthy or unreadable: stop', async () => {
    const plan = await planOf(`${P}[opengauss_standby]\n192.168.56.13\n`);
    const down = parseProbe(`@@afo-installed\n${fixture('status/detail-a-1p1s.txt').replace('S Standby Normal', 'S Down Manually stopped')}\n@@afo-rc=0\n`);
    expect(decideExpand(input(plan, { probe: down }))).toMatchObject({ action: 'stop', reason: 'unhealthy' });
    expect(decideExpand(input(plan, { probe: parseProbe('@@afo-installed\ngarbage\n@@afo-rc=1\n') }))).toMatchObject({
      action: 'stop',
      reason: 'half-installed',
    });
  });

  it('passwords lost: stop; a secrets file this run created is discarded', async () => {
    const plan = await planOf(`${P}[opengauss_standby]\n192.168.56.13\n192.168.56.14\n`);
    const d = decideExpand(input(plan, { secrets: { existed: false, generated: ['user_pass', 'root_pass', 'ca_file_pass'] } }));
    expect(d).toMatchObject({ action: 'stop', reason: 'secrets-lost', discardNewSecrets: true });
  });
});
