/** The og_* variables handed to the role: exact-address NIC for the MTU (docs/opengauss.md §7.1), IP-string ordered blocks, secrets by name. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planDeploy } from '../../../../src/opengauss/deploy/plan.js';
import { loadDefaults } from '../../../../src/opengauss/deploy/run.js';
import { roleVars } from '../../../../src/opengauss/deploy/vars.js';
import type { PreflightFacts } from '../../../../src/opengauss/modules/preflight-fact.js';

const facts = (interfaces: PreflightFacts['interfaces'], hostKeys: string[] = []): PreflightFacts => ({
  memAvailableMb: 1,
  diskFreeMb: 1,
  listening: [],
  nonEmptyDirs: [],
  locales: [],
  hostKeys,
  interfaces,
  clock: { service: 'none', synced: false },
});

describe('roleVars', () => {
  it('picks the NIC holding exactly the address (10.0.0.1 is not 10.0.0.11); blocks in IP-string order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afo-rv-'));
    writeFileSync(join(dir, 'hosts.ini'), '[opengauss_primary]\n10.0.0.9\n[opengauss_standby]\n10.0.0.1\n10.0.0.11\n');
    const plan = await planDeploy({ inventoryPath: join(dir, 'hosts.ini'), extraVars: {}, roleDefaults: loadDefaults() });
    const f = new Map<string, PreflightFacts>([
      [
        '10.0.0.1',
        facts(
          [
            { name: 'eth0', mtu: 1500, ipv4: ['10.0.0.11'] },
            { name: 'eth1', mtu: 9000, ipv4: ['10.0.0.1'] },
          ],
          ['ssh-ed25519 AAAA1'],
        ),
      ],
      ['10.0.0.9', facts([{ name: 'eth0', mtu: 1500, ipv4: ['10.0.0.9'] }])],
      ['10.0.0.11', facts([{ name: 'ens3', mtu: 1500, ipv4: ['10.0.0.11'] }])],
    ]);
    const key = { privateKey: 'PRIVATE', publicKey: 'ssh-ed25519 PUB', path: '/x' };
    const v = roleVars({ plan, facts: f, secrets: { user_pass: 'u', root_pass: 'r', ca_file_pass: 'c' }, userHash: '$6$h', rootKey: key, omKey: key });
    const nodes = v.og_nodes as Record<string, { iface: string; mtu: number; name: string }>;
    expect(nodes['10.0.0.1']).toMatchObject({ iface: 'eth1', mtu: 9000, name: 'og167772161' });
    expect(nodes['10.0.0.11']!.iface).toBe('ens3');
    expect(v.og_hosts_block).toBe('10.0.0.1  og167772161\n10.0.0.11  og167772171\n10.0.0.9  og167772169');
    expect(v.og_known_hosts).toBe('10.0.0.1,og167772161 ssh-ed25519 AAAA1');
    expect(v.og_primary).toBe('10.0.0.9');
    // secrets travel only under names the engine redacts (…_secret, …_pass)
    for (const [k, val] of Object.entries(v)) {
      if (val === 'r' || val === 'PRIVATE' || val === '$6$h') expect(k).toMatch(/(_secret|_pass)$/);
    }
  });
});
