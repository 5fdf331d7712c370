/**
 * A host that fails OS preparation stops every cluster-wide step for the whole cluster: the
 * other host is still prepared (failures are values), gs_preinstall/gs_install never run, and
 * the error names the host, the task, the command, its last output lines and the log path.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api.js';
import { afoDeploy, changedTasks, labDown, labUp, sh, standinPackage, writeInventory, type AfoRun } from './helpers.js';

let lab: Lab;
let r: AfoRun;

beforeAll(async () => {
  const pkg = await standinPackage('openGauss-5.0.0-openEuler-64bit-all.tar.gz');
  lab = await labUp(2, ['openeuler20.03']);
  // the second host's package repository lacks libnsl: its package install fails
  await sh(lab, lab.hosts[1]!.name, "sed -i '/^libnsl /d' /var/lib/afo-lab/rpm/catalog");
  const inv = writeInventory(lab, 'broken', { primary: lab.hosts[0]!.ip, standby: [lab.hosts[1]!.ip] });
  r = await afoDeploy(['-i', inv, '--package', pkg]);
});

afterAll(async () => {
  await labDown(lab);
});

describe('afo deploy when one host fails OS preparation', () => {
  it('fails with host, task, command, output and log path', () => {
    expect(r.code).toBe(4);
    const ip = lab.hosts[1]!.ip;
    expect(r.stderr).toContain('OS preparation failed, so gs_preinstall/gs_install were not run on any host');
    expect(r.stderr).toContain(`${ip}: task 'packages openGauss needs (one batched install)'`);
    expect(r.stderr).toMatch(/command: dnf -y install .*libnsl/);
    expect(r.stderr).toMatch(/\| .*libnsl/);
    const log = /log: (\S+)/.exec(r.stderr)?.[1];
    expect(log && existsSync(`${log}/${ip}.log`)).toBe(true);
  });

  it('the healthy host was still prepared, and no OM command ran anywhere', async () => {
    expect(changedTasks(r.events)).toContain(`${lab.hosts[0]!.ip}: hostname is the node name (og + IPv4 as an integer)`);
    for (const h of lab.hosts) {
      const calls = await sh(lab, h.name, 'cat /var/log/afo-standin/calls.log 2>/dev/null; ls /opt/software/openGauss 2>&1');
      expect(calls.out, h.name).not.toContain('gs_preinstall');
      expect(calls.out, h.name).toContain('No such file');
    }
  });
});
