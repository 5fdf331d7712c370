/**
 * Bad inventories fail in preflight, before any connection: the topology table names the rule,
 * no engine event is emitted (no host contacted), no secrets file is created; the run directory
 * holds only report.json with the failure (every run writes one, docs/architecture.md §7.4).
 * The addresses are never connected to (parsing only).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../src/engine/events.js';
import { runDeploy } from '../../../../src/opengauss/deploy/run.js';
import { ProblemsError } from '../../../../src/opengauss/problem.js';

function inventory(groups: Record<string, string[]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'afo-badinv-'));
  const text =
    Object.entries(groups)
      .map(([g, hosts]) => `[${g}]\n${hosts.join('\n')}\n`)
      .join('\n') + '\n[opengauss:children]\nopengauss_primary\nopengauss_standby\nopengauss_cascade\n';
  const file = join(dir, 'hosts.ini');
  writeFileSync(file, text);
  return file;
}

async function deployFails(groups: Record<string, string[]>): Promise<{ error: ProblemsError; events: EngineEvent[]; dir: string }> {
  const file = inventory({ opengauss_primary: [], opengauss_standby: [], opengauss_cascade: [], ...groups });
  const events: EngineEvent[] = [];
  const said: string[] = [];
  const err = await runDeploy({
    inventory: file,
    extraVars: {},
    check: false,
    diff: false,
    progress: (e) => events.push(e),
    say: (l) => said.push(l),
    cacheDir: join(file, '..', 'cache'),
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProblemsError);
  expect(said).toEqual([]);
  return { error: err as ProblemsError, events, dir: join(file, '..') };
}

const ips = (n: number, base = 20) => Array.from({ length: n }, (_, i) => `192.0.2.${base + i}`);

describe('afo deploy: bad inventories stop before any connection', () => {
  it.each([
    ['no primary', { opengauss_standby: ['192.0.2.11'] }, 'one primary'],
    ['two primaries', { opengauss_primary: ['192.0.2.10', '192.0.2.11'] }, 'one primary'],
    ['a cascade without a standby', { opengauss_primary: ['192.0.2.10'], opengauss_cascade: ['192.0.2.12'] }, 'cascade needs standby'],
    ['9 replicas', { opengauss_primary: ['192.0.2.10'], opengauss_standby: ips(5), opengauss_cascade: ips(4, 40) }, 'at most 8 replicas'],
    ['a duplicate address', { opengauss_primary: ['192.0.2.10'], opengauss_standby: ['db2 ansible_host=192.0.2.10'] }, 'unique address'],
  ])('%s', async (_what, groups, check) => {
    const { error, events, dir } = await deployFails(groups);
    expect(error.problems.map((p) => p.check)).toContain(check);
    expect(error.message).toMatch(/no host was contacted/);
    expect(events).toEqual([]);
    expect(existsSync(join(dir, 'credentials'))).toBe(false);
    const runs = readdirSync(join(dir, 'reports'));
    expect(runs).toHaveLength(1);
    expect(readdirSync(join(dir, 'reports', runs[0]!))).toEqual(['report.json']);
    const report = JSON.parse(readFileSync(join(dir, 'reports', runs[0]!, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ outcome: 'stopped', failure: { phase: 'settings', kind: 'preflight' } });
    expect(report.failure.message).toContain(check);
  });

  it('accepts 8 replicas (the limit itself is fine) up to the first connection', async () => {
    const file = inventory({ opengauss_primary: ['192.0.2.10'], opengauss_standby: ips(4), opengauss_cascade: ips(4, 40) });
    const { planDeploy } = await import('../../../../src/opengauss/deploy/plan.js');
    const { loadDefaults } = await import('../../../../src/opengauss/deploy/run.js');
    const plan = await planDeploy({ inventoryPath: file, extraVars: {}, roleDefaults: loadDefaults() });
    expect(plan.nodes).toHaveLength(9);
    expect(plan.nodes[0]!.role).toBe('primary');
    expect(plan.xml).toContain('cmServerRelation');
  });
});
