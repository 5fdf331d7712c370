/**
 * afo deploy end to end of single-node clusters, one on a host presented as openEuler 20.03 and
 * one on CentOS 7 (two inventories, deployed at the same time): installed and Normal (no CM,
 * role Normal/Primary), a second run changes nothing.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api.js';
import { afoDeploy, changedPerHost, gsql, labDown, labUp, standinPackage, writeInventory, type AfoRun } from './helpers.js';

let lab: Lab;
const runs: { os: string; inv: string; pkg: string; first?: AfoRun }[] = [];

beforeAll(async () => {
  const oe = await standinPackage('openGauss-5.0.0-openEuler-64bit-all.tar.gz');
  const c7 = await standinPackage('openGauss-5.0.0-CentOS-64bit-all.tar.gz');
  lab = await labUp(2, ['openeuler20.03', 'centos7']);
  runs.push({ os: 'openEuler 20.03', inv: writeInventory(lab, 'single-oe', { primary: lab.hosts[0]!.ip }), pkg: oe });
  runs.push({ os: 'CentOS 7', inv: writeInventory(lab, 'single-c7', { primary: lab.hosts[1]!.ip }), pkg: c7 });
  await Promise.all(runs.map(async (r) => (r.first = await afoDeploy(['-i', r.inv, '--package', r.pkg]))));
});

afterAll(async () => {
  await labDown(lab);
});

describe('afo deploy of a single node', () => {
  it.each([0, 1])('installs (host %i) and answers SQL', async (i) => {
    const r = runs[i]!;
    expect(r.first!.code, `${r.os}: ${r.first!.stderr}`).toBe(0);
    const report = JSON.parse(readFileSync(r.first!.result!.reportPaths.json, 'utf8'));
    expect(report.cluster.cm).toBe(false);
    expect(report.status.clusterState).toBe('Normal');
    expect(report.status.datanodes).toHaveLength(1);
    expect(report.status.datanodes[0].state).toBe('Normal');
    expect((await gsql(lab, lab.hosts[i]!.ip, 'select 1+1')).out.trim()).toBe('2');
  });

  it.each([0, 1])('a second run changes nothing (host %i)', async (i) => {
    const again = await afoDeploy(['-i', runs[i]!.inv, '--package', runs[i]!.pkg]);
    expect(again.code).toBe(0);
    expect(changedPerHost(again.events)).toEqual({ [lab.hosts[i]!.ip]: 0 });
  });

  it('a healthy cluster with a new inventory host: says afo expand adds it and changes nothing', async () => {
    const inv = writeInventory(lab, 'grow', { primary: lab.hosts[0]!.ip, standby: [lab.hosts[1]!.ip] });
    const r = await afoDeploy(['-i', inv, '--package', runs[0]!.pkg]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('afo expand');
    expect(r.stderr).toContain(lab.hosts[1]!.ip);
    expect(changedPerHost(r.events)).toEqual({ [lab.hosts[0]!.ip]: 0, [lab.hosts[1]!.ip]: 0 });
  });
});

