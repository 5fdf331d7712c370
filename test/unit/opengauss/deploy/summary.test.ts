/** The plan summary afo deploy / expand show before asking (docs/architecture.md §7.3); no host is contacted. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planDeploy } from '../../../../src/opengauss/deploy/plan.js';
import { loadDefaults } from '../../../../src/opengauss/deploy/role.js';
import { deploySummary, expandSummary } from '../../../../src/opengauss/deploy/summary.js';

async function planOf(groups: string) {
  const dir = mkdtempSync(join(tmpdir(), 'afo-summary-'));
  writeFileSync(join(dir, 'hosts.ini'), groups);
  return planDeploy({ inventoryPath: join(dir, 'hosts.ini'), extraVars: {}, roleDefaults: loadDefaults() });
}

describe('plan summaries', () => {
  it('a fresh install names every host with its role, the OS changes and the OM commands', async () => {
    const plan = await planOf('[opengauss_primary]\n192.168.56.12\n[opengauss_standby]\n192.168.56.13\n');
    const s = deploySummary(plan, { action: 'install', phases: [], check: false, discardNewSecrets: false });
    expect(s).toMatch(
      /^afo deploy will install openGauss \S+ on 2 host\(s\): 192\.168\.56\.12 \(primary, 192\.168\.56\.12\), 192\.168\.56\.13 \(standby, 192\.168\.56\.13\)\n/,
    );
    expect(s).toContain('kernel parameters (sysctl)');
    expect(s).toContain('swap off, time zone');
    expect(s).toMatch(/then on 192\.168\.56\.12: gs_preinstall and gs_install \(user omm, data port \d+, data \/\S+\)/);
  });

  it('converging an installed cluster leaves out the new hosts and says who adds them', async () => {
    const plan = await planOf('[opengauss_primary]\n192.168.56.12\n[opengauss_standby]\n192.168.56.13\n192.168.56.14\n');
    const s = deploySummary(plan, { action: 'converge', phases: [], check: false, discardNewSecrets: false, newHosts: ['192.168.56.14'] });
    expect(s).toMatch(/^afo deploy will converge the OS settings of the installed cluster on 2 host\(s\)/);
    expect(s).toContain('not touched: 192.168.56.14 (afo expand adds them)');
  });

  it('expand names the joining hosts in order and CM', async () => {
    const plan = await planOf('[opengauss_primary]\n192.168.56.12\n[opengauss_standby]\n192.168.56.13\n[opengauss_cascade]\n192.168.56.14\n');
    const [p, sb, c] = plan.nodes;
    const s = expandSummary(plan, {
      action: 'expand',
      standbys: [sb!],
      cascades: [c!],
      addCm: true,
      cmInstalled: false,
      check: false,
      discardNewSecrets: false,
    });
    expect(s.split('\n')[0]).toBe(
      'afo expand will add 2 host(s) to the running cluster: 192.168.56.13 (standby, 192.168.56.13), 192.168.56.14 (cascade, 192.168.56.14)',
    );
    expect(s).toContain(`gs_expansion on ${p!.name}: standbys 192.168.56.13`);
    expect(s).toContain('then CM is added');
  });
});
