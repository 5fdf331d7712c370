/** Verify waits until every inventory node is Normal with its role, and reports why when it never is. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planDeploy } from '../../../../src/opengauss/deploy/plan.js';
import { loadDefaults } from '../../../../src/opengauss/deploy/run.js';
import { delayBefore, waitHealthy } from '../../../../src/opengauss/deploy/verify.js';
import { parseProbe } from '../../../../src/opengauss/modules/probe-fact.js';

const status = (standby: string) =>
  parseProbe(`@@afo-installed
[   Cluster State   ]

cluster_state   : ${standby === 'Normal' ? 'Normal' : 'Degraded'}
redistributing  : No
current_az      : AZ_ALL

[  Datanode State   ]

    node          node_ip         port      instance                    state
-------------------------------------------------------------------------------------
1  og3221225482 192.0.2.10   15400      6001 /opt/openGauss/data/dn   P Primary Normal
2  og3221225483 192.0.2.11   15400      6002 /opt/openGauss/data/dn   S Standby ${standby}
@@afo-rc=0
`);

async function plan() {
  const dir = mkdtempSync(join(tmpdir(), 'afo-verify-'));
  writeFileSync(join(dir, 'hosts.ini'), '[opengauss_primary]\n192.0.2.10\n[opengauss_standby]\n192.0.2.11\n');
  return planDeploy({ inventoryPath: join(dir, 'hosts.ini'), extraVars: {}, roleDefaults: loadDefaults() });
}

describe('waitHealthy', () => {
  it('retries while the standby is still catching up, then succeeds', async () => {
    const seq = [status('Catchup'), status('Normal')];
    const slept: number[] = [];
    const r = await waitHealthy(await plan(), async (i) => seq[i], { tries: 5, delayMs: 100, sleep: async (ms) => void slept.push(ms) });
    expect(r.problems).toEqual([]);
    expect(r.last?.state).toBe('healthy');
    expect(slept).toEqual([100]);
  });

  it('checks again 1, 2, 3, 4 s after a failed check and then every 5 s, as deploy and expand wait', async () => {
    const slept: number[] = [];
    const r = await waitHealthy(await plan(), async () => status('Catchup'), {
      tries: 8,
      delayMs: 5000,
      firstDelayMs: 1000,
      sleep: async (ms) => void slept.push(ms),
    });
    expect(r.problems.length).toBeGreaterThan(0);
    expect(slept).toEqual([1000, 2000, 3000, 4000, 5000, 5000, 5000]);
    expect(delayBefore(31, { delayMs: 5000, firstDelayMs: 1000 })).toBe(5000);
    expect(delayBefore(3, { delayMs: 5000 })).toBe(5000);
  });

  it('gives up after the tries with the problems of the last status', async () => {
    const r = await waitHealthy(await plan(), async () => status('Catchup'), { tries: 3, delayMs: 1, sleep: async () => {} });
    expect(r.problems.map((p) => p.check)).toEqual(expect.arrayContaining(['cluster state', 'instance state']));
  });
});
