/**
 * decide(): every afo deploy decision from fixtures, without hosts. The plans are computed from
 * inventories (parsing only: their addresses are never contacted); the probes are parsed from
 * real status layouts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HostReport } from '../../../../src/opengauss/deploy/checks.js';
import { decide, type DecideInput, type SecretsState } from '../../../../src/opengauss/deploy/decide.js';
import { planDeploy, type DeployPlan } from '../../../../src/opengauss/deploy/plan.js';
import { loadDefaults } from '../../../../src/opengauss/deploy/role.js';
import { parseProbe } from '../../../../src/opengauss/modules/probe-fact.js';
import { fixture, goodFacts } from '../fixtures.js';

async function planOf(groups: string): Promise<DeployPlan> {
  const dir = mkdtempSync(join(tmpdir(), 'afo-decide-'));
  writeFileSync(join(dir, 'hosts.ini'), groups);
  return planDeploy({ inventoryPath: join(dir, 'hosts.ini'), extraVars: {}, roleDefaults: loadDefaults() });
}

const facts = goodFacts;
const installed = (text: string, rc = 0) => parseProbe(`@@afo-installed\n${text}\n@@afo-rc=${rc}\n`);
const HEALTHY_1P1S = fixture('status/detail-a-1p1s.txt');
const fresh = parseProbe('@@afo-fresh\n');
const kept: SecretsState = { existed: true, generated: [] };
const lost: SecretsState = { existed: false, generated: ['user_pass', 'root_pass', 'ca_file_pass'] };

let plan: DeployPlan; // 1P+1S as the fixture's cluster
let grown: DeployPlan; // the same with a new standby
let swapped: DeployPlan; // primary and standby exchanged in the inventory
beforeAll(async () => {
  plan = await planOf('[opengauss_primary]\n192.168.56.12\n[opengauss_standby]\n192.168.56.13\n');
  grown = await planOf('[opengauss_primary]\n192.168.56.12\n[opengauss_standby]\n192.168.56.13\n192.168.56.14\n');
  swapped = await planOf('[opengauss_primary]\n192.168.56.13\n[opengauss_standby]\n192.168.56.12\n');
});

function input(over: Partial<DecideInput> & { plan?: DeployPlan } = {}): DecideInput {
  const p = over.plan ?? plan;
  const reports: HostReport[] = p.nodes.map((n) => ({ name: n.name, facts: facts() }));
  return { plan: p, reports, probe: fresh, secrets: kept, check: false, ...over };
}

describe('decide: what afo deploy does after its preflight', () => {
  it('fresh: OS preparation, install, verify; a new secrets file is kept', () => {
    const d = decide(input({ secrets: lost }));
    expect(d).toEqual({
      action: 'install',
      check: false,
      discardNewSecrets: false,
      phases: [
        { tag: 'os', planOnly: false },
        { tag: 'install', planOnly: false },
        { tag: 'verify', planOnly: false },
      ],
    });
  });

  it('fresh under --check: the OS phase planned only, nothing else runs', () => {
    const d = decide(input({ check: true }));
    expect(d).toMatchObject({ action: 'install', check: true, phases: [{ tag: 'os', planOnly: true }] });
  });

  it('healthy and the inventory is the cluster: converge the OS settings only', () => {
    expect(decide(input({ probe: installed(HEALTHY_1P1S) }))).toEqual({
      action: 'converge',
      check: false,
      discardNewSecrets: false,
      phases: [{ tag: 'os', planOnly: false }],
    });
    expect(decide(input({ probe: installed(HEALTHY_1P1S), check: true }))).toMatchObject({ action: 'converge', phases: [{ tag: 'os', planOnly: true }] });
  });

  it('healthy with new hosts: converge the OS settings, naming the hosts afo expand adds', () => {
    const reports = grown.nodes.map((n) => ({ name: n.name, facts: facts() }));
    const d = decide(input({ plan: grown, reports, probe: installed(HEALTHY_1P1S) }));
    expect(d).toEqual({ action: 'converge', check: false, discardNewSecrets: false, newHosts: ['192.168.56.14'], phases: [{ tag: 'os', planOnly: false }] });
  });

  it("healthy with new hosts but a secrets file made now: stop (its passwords are not the cluster's), the file discarded", () => {
    const reports = grown.nodes.map((n) => ({ name: n.name, facts: facts() }));
    const d = decide(input({ plan: grown, reports, probe: installed(HEALTHY_1P1S), secrets: lost }));
    expect(d).toMatchObject({ action: 'stop', reason: 'secrets-lost', discardNewSecrets: true });
  });

  it('healthy but the inventory swaps the roles: stop, never re-install', () => {
    const reports = swapped.nodes.map((n) => ({ name: n.name, facts: facts() }));
    const d = decide(input({ plan: swapped, reports, probe: installed(HEALTHY_1P1S) }));
    expect(d).toMatchObject({ action: 'stop', reason: 'mismatch' });
    expect(d.action === 'stop' && d.problems.length).toBeGreaterThan(0);
  });

  it('unhealthy: stop with the status problems', () => {
    const text = HEALTHY_1P1S.replace('S Standby Normal', 'S Down Manually stopped').replace('cluster_state   : Normal', 'cluster_state   : Degraded');
    const d = decide(input({ probe: installed(text) }));
    expect(d).toMatchObject({ action: 'stop', reason: 'unhealthy' });
    expect(d.action === 'stop' && d.problems.map((p) => p.check)).toEqual(expect.arrayContaining(['instance state']));
  });

  it('half-installed (the static config is there, the status cannot be read): stop, never fresh', () => {
    const d = decide(input({ probe: installed('-bash: gs_om: command not found', 127) }));
    expect(d).toMatchObject({ action: 'stop', reason: 'half-installed' });
    expect(d.action === 'stop' && d.problems[0]!.host).toBe('192.168.56.12');
  });

  it('secrets file lost on an installed, healthy cluster: stop, and the new file is discarded', () => {
    const d = decide(input({ probe: installed(HEALTHY_1P1S), secrets: lost }));
    expect(d).toMatchObject({ action: 'stop', reason: 'secrets-lost', discardNewSecrets: true });
    expect(d.action === 'stop' && d.message).toContain('is missing; new passwords would not be the cluster');
    expect(d.action === 'stop' && d.problems[0]!.fix).toContain('opengauss_db_set.root_pass');
  });

  it('an existing secrets file without the passwords: stop, and the file is kept', () => {
    const d = decide(input({ probe: installed(HEALTHY_1P1S), secrets: { existed: true, generated: ['root_pass'] } }));
    expect(d).toMatchObject({ action: 'stop', reason: 'secrets-lost', discardNewSecrets: false });
    expect(d.action === 'stop' && d.message).toContain('has no root_pass');
  });

  it('a host unreachable: stop before any change, the host named', () => {
    const reports: HostReport[] = [
      { name: '192.168.56.12', facts: facts() },
      { name: '192.168.56.13', unreachable: 'connect ECONNREFUSED' },
    ];
    const d = decide(input({ reports }));
    expect(d).toMatchObject({ action: 'stop', reason: 'unreachable' });
    expect(d.action === 'stop' && d.problems.map((p) => `${p.host}: ${p.check}`)).toEqual(['192.168.56.13: reachable']);
  });

  it('the primary unreachable (no probe): stop as unreachable, not fresh', () => {
    const reports: HostReport[] = [
      { name: '192.168.56.12', unreachable: 'timed out' },
      { name: '192.168.56.13', facts: facts() },
    ];
    expect(decide(input({ reports, probe: undefined }))).toMatchObject({ action: 'stop', reason: 'unreachable' });
  });

  it('a preflight problem on a reachable host (busy port on a fresh install): stop', () => {
    const reports = plan.nodes.map((n) => ({ name: n.name, facts: facts({ listening: [22, 15400] }) }));
    expect(decide(input({ reports }))).toMatchObject({ action: 'stop', reason: 'preflight' });
  });

  it('under --check a stop is still a stop (check mode decides the same)', () => {
    expect(decide(input({ probe: installed(HEALTHY_1P1S), secrets: lost, check: true }))).toMatchObject({ action: 'stop', reason: 'secrets-lost' });
  });
});
