/**
 * afo deploy end to end, 1 primary + 1 standby without CM (status layout A), on lab hosts
 * presented as CentOS 7.6 (no python3 in its base repositories: epel-release, then python36 and
 * redhat-lsb-core; no readline link):
 * installed, data replicated, the report holds no secret, a second run changes nothing.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api.js';
import {
  afoDeploy,
  changedPerHost,
  changedTasks,
  gsql,
  labDown,
  labUp,
  secretsOf,
  sh,
  standinPackage,
  stopHost,
  writeInventory,
  type AfoRun,
} from './helpers.js';
import { waitFor } from '../support/wait-for.js';

let lab: Lab;
let inv: string;
let pkg: string;
let first: AfoRun;

beforeAll(async () => {
  pkg = await standinPackage('openGauss-5.0.0-CentOS-64bit-all.tar.gz');
  lab = await labUp(2, ['centos7']);
  inv = writeInventory(lab, '1p1s', { primary: lab.hosts[0]!.ip, standby: [lab.hosts[1]!.ip] });
  first = await afoDeploy(['-i', inv, '--package', pkg]);
});

afterAll(async () => {
  await labDown(lab);
});

describe('afo deploy 1P+1S (no CM) on CentOS 7.6', () => {
  it('installs without CM: layout A, Primary + Standby Normal', () => {
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(readFileSync(first.result!.reportPaths.json, 'utf8'));
    expect(report.cluster.cm).toBe(false);
    expect(report.status.layout).toBe('A');
    expect(report.status.datanodes.map((d: { role: string; state: string }) => `${d.role} ${d.state}`)).toEqual(['Primary Normal', 'Standby Normal']);
  });

  it('CentOS 7.6 packages: EPEL, then python36 (7.6 has no python3); no readline link made', async () => {
    const r = await sh(
      lab,
      lab.hosts[0]!.name,
      'cat /etc/centos-release; rpm -q epel-release python36 redhat-lsb-core expect python3; ls /lib64/libreadline.so.7 2>&1',
    );
    expect(r.out).toContain('release 7.6.1810');
    expect(r.out).toMatch(/^epel-release-/m);
    expect(r.out).toMatch(/^python36-3\.6/m);
    expect(r.out).toContain('package python3 is not installed');
    expect(r.out).toMatch(/^redhat-lsb-core-/m);
    expect(r.out).toContain('No such file');
  });

  it('a row written on the primary is read back on the standby', async () => {
    expect((await gsql(lab, lab.hosts[0]!.ip, 'create table afo_c7(x int); insert into afo_c7 values (77)')).code).toBe(0);
    const standby = lab.hosts[1]!.ip;
    await waitFor(async () => (await gsql(lab, standby, 'select x from afo_c7')).out.trim() === '77', {
      timeoutMs: 30_000,
      what: `the row 77 on the standby ${standby}`,
      intervalMs: 500,
    });
  });

  it('the report holds no secret', () => {
    const text = readFileSync(first.result!.reportPaths.md, 'utf8') + readFileSync(first.result!.reportPaths.json, 'utf8');
    for (const s of secretsOf(inv)) expect(text.includes(s)).toBe(false);
  });

  it('a second run changes nothing; --check plans nothing', async () => {
    const again = await afoDeploy(['-i', inv, '--package', pkg]);
    expect(again.code).toBe(0);
    expect(changedPerHost(again.events)).toEqual({ [lab.hosts[0]!.ip]: 0, [lab.hosts[1]!.ip]: 0 });
    expect(changedTasks((await afoDeploy(['-i', inv, '--check'])).events)).toEqual([]);
  });

  it('a stopped standby: afo deploy shows the status, never re-initializes, changes nothing', async () => {
    const stop = await sh(lab, lab.hosts[1]!.name, `su - omm -c 'gs_ctl stop -D /opt/openGauss/data/dn'`);
    expect(stop.code, stop.out).toBe(0);
    const r = await afoDeploy(['-i', inv, '--package', pkg]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/installed on .* but not healthy/);
    expect(r.stderr).toContain('Datanode State');
    expect(changedTasks(r.events)).toEqual([]);
    expect(r.events.filter((e) => e.type === 'run-start')).toHaveLength(1); // preflight only
  });

  it('an unreachable host fails preflight with a table row and nothing runs after it', async () => {
    await stopHost(lab, lab.hosts[1]!);
    const r = await afoDeploy(['-i', inv, '--package', pkg]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/preflight failed; nothing was changed/);
    expect(r.stderr).toMatch(new RegExp(`${lab.hosts[1]!.ip.replace(/\./g, '\\.')}\\s+\\| reachable`));
    expect(changedTasks(r.events)).toEqual([]);
  });
});
