/**
 * A single-node cluster (gs_ctl query says `Normal`), then scale-out to 1 primary + 1 standby with
 * gs_expansion, the first step of AFO's 1P -> 1P1S -> 1P1S1C path (OPENGAUSS.md §1.2).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api.js';
import { asOmm, buildPackages, labDown, labUp, machineSnapshot, sh, upload, type Res } from './lab-helpers.js';
import { SAMPLE_A } from './samples.js';
import { expectLayoutA } from './status-compare.js';
import { clusterXml, type XNode } from './xml.js';

const UP = '/opt/software/openGauss';
const XML = `${UP}/cluster_config.xml`;
const DN = '/opt/openGauss/data/dn';
const ALL = 'openGauss-5.0.0-CentOS-64bit-all.tar.gz';

let lab: Lab;
let before: Record<string, string>;
let nodes: XNode[];
let h: string[];
const dir = mkdtempSync(join(tmpdir(), 'standin-'));

const ok = (r: Res, marker: string): void => {
  expect(r.out).toContain(marker);
  expect(r.code, r.out).toBe(0);
};

async function putXml(xml: string): Promise<void> {
  writeFileSync(join(dir, 'c.xml'), xml);
  await upload(lab, h[0]!, join(dir, 'c.xml'), XML);
}

beforeAll(async () => {
  before = machineSnapshot();
  const cache = await buildPackages();
  lab = await labUp(2);
  h = lab.hosts.map((x) => x.name);
  nodes = [
    { name: h[0]!, ip: lab.hosts[0]!.ip, role: 'primary' },
    { name: h[1]!, ip: lab.hosts[1]!.ip, role: 'standby' },
  ];
  await sh(lab, h[0]!, `mkdir -p ${UP}`);
  await upload(lab, h[0]!, join(cache, ALL), `${UP}/${ALL}`);
});

afterAll(async () => {
  if (lab) await labDown();
  expect(machineSnapshot()).toEqual(before);
});

describe('single node, then 1 primary + 1 standby', () => {
  it('installs one node (CentOS package name) and reports it Normal', async () => {
    await putXml(clusterXml(nodes.slice(0, 1)));
    ok(await sh(lab, h[0]!, `cd ${UP} && tar -xzf ${ALL} && tar -xzf openGauss-5.0.0-CentOS-64bit-om.tar.gz && ./script/gs_preinstall -U omm -G dbgrp -X ${XML} --non-interactive`), 'Preinstallation succeeded.');
    ok(await asOmm(lab, h[0]!, `gs_install -X ${XML} --gsinit-parameter="--pwpasswd=Single_2024x"`), 'Successfully installed application.');
    const q = await asOmm(lab, h[0]!, `gs_ctl query -D ${DN}`);
    ok(q, 'local_role                     : Normal');
    expect(q.out).toContain('static_connections             : 0');
    const st = await asOmm(lab, h[0]!, 'gs_om -t status --detail');
    expectLayoutA(st.out, SAMPLE_A, { clusterState: 'Normal', port: 15400, dataDir: DN,
      rows: [{ name: nodes[0]!.name, ip: nodes[0]!.ip, iid: 6001, letter: 'P', role: 'Primary', state: 'Normal' }] });
    ok(await asOmm(lab, h[0]!, 'gsql -d postgres -p 15400 -c "create table s(v int); insert into s values (7)"'), 'INSERT 0 1');
  });

  it('gs_expansion adds the standby; the old data is there', async () => {
    await putXml(clusterXml(nodes));
    ok(await sh(lab, h[0]!, `cd ${UP} && ./script/gs_preinstall -U omm -G dbgrp -X ${XML} --non-interactive`), 'Preinstallation succeeded.');
    const r = await sh(lab, h[0]!, `source /home/omm/.bashrc && ${UP}/script/gs_expansion -U omm -G dbgrp -X ${XML} -h ${nodes[1]!.ip}`);
    ok(r, 'Expansion Finish.');
    expect(r.out.split('\n')[0]).toBe('Start expansion without cluster manager component.');
    const st = await asOmm(lab, h[0]!, 'gs_om -t status --detail');
    expectLayoutA(st.out, SAMPLE_A, { clusterState: 'Normal', port: 15400, dataDir: DN, rows: [
      { name: nodes[0]!.name, ip: nodes[0]!.ip, iid: 6001, letter: 'P', role: 'Primary', state: 'Normal' },
      { name: nodes[1]!.name, ip: nodes[1]!.ip, iid: 6002, letter: 'S', role: 'Standby', state: 'Normal' }] });
    const v = await asOmm(lab, h[1]!, 'gsql -d postgres -p 15400 -t -A -c "select v from s"');
    expect(v.out.trim()).toBe('7');
  });

  it('a second gs_expansion of the same host is refused', async () => {
    const r = await sh(lab, h[0]!, `source /home/omm/.bashrc && ${UP}/script/gs_expansion -U omm -G dbgrp -X ${XML} -h ${nodes[1]!.ip}`);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('is already in the cluster');
  });
});
