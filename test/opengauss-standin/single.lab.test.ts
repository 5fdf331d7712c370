/**
 * A single-node cluster (gs_ctl query says `Normal`), then scale-out to 1 primary + 1 standby with
 * gs_expansion, the first step of AFO's 1P -> 1P1S -> 1P1S1C path (docs/opengauss.md §1.2).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab, MachineSnapshot } from '../lab/api.js';
import { assertMachineUnchanged, snapshotMachine } from '../lab/lab.js';
import { asOmm, buildPackages, calls, labDown, labUp, ptyRun, sh, upload, type Res } from './lab-helpers.js';
import { SAMPLE_A } from './samples.js';
import { expectLayoutA } from './status-compare.js';
import { clusterXml, type XNode } from './xml.js';

const UP = '/opt/software/openGauss';
const XML = `${UP}/cluster_config.xml`;
const DN = '/opt/openGauss/data/dn';
const ALL = 'openGauss-5.0.0-CentOS-64bit-all.tar.gz';

let lab: Lab;
let before: MachineSnapshot;
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
  before = snapshotMachine();
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
  if (lab) await labDown(lab);
  assertMachineUnchanged(before);
});

describe('single node, then 1 primary + 1 standby', () => {
  it('installs one node (CentOS package name) and reports it Normal', async () => {
    await putXml(clusterXml(nodes.slice(0, 1)));
    ok(
      await sh(
        lab,
        h[0]!,
        `cd ${UP} && tar -xzf ${ALL} && tar -xzf openGauss-5.0.0-CentOS-64bit-om.tar.gz && ./script/gs_preinstall -U omm -G dbgrp -X ${XML} --non-interactive`,
      ),
      'Preinstallation succeeded.',
    );
    ok(await asOmm(lab, h[0]!, `gs_install -X ${XML} --gsinit-parameter="--pwpasswd=Single_2024x"`), 'Successfully installed application.');
    const q = await asOmm(lab, h[0]!, `gs_ctl query -D ${DN}`);
    ok(q, 'local_role                     : Normal');
    expect(q.out).toContain('static_connections             : 0');
    const st = await asOmm(lab, h[0]!, 'gs_om -t status --detail');
    expectLayoutA(st.out, SAMPLE_A, {
      clusterState: 'Normal',
      port: 15400,
      dataDir: DN,
      rows: [{ name: nodes[0]!.name, ip: nodes[0]!.ip, iid: 6001, letter: 'P', role: 'Primary', state: 'Normal' }],
    });
    ok(await asOmm(lab, h[0]!, 'gsql -d postgres -p 15400 -c "create table s(v int); insert into s values (7)"'), 'INSERT 0 1');
  });

  it('gs_expansion adds the standby; the old data is there', async () => {
    await putXml(clusterXml(nodes));
    ok(await sh(lab, h[0]!, `cd ${UP} && ./script/gs_preinstall -U omm -G dbgrp -X ${XML} --non-interactive`), 'Preinstallation succeeded.');
    // the XML already lists a cascade for a later step (never contacted): OM 5.0.0 leaves it out
    const later = nodes[1]!.ip.replace(/\.\d+$/, '.99');
    await putXml(clusterXml([...nodes, { name: `og${later.split('.').reduce((a, x) => a * 256 + Number(x), 0)}`, ip: later, role: 'cascade' }]));
    const r = await sh(lab, h[0]!, `source /home/omm/.bashrc && ${UP}/script/gs_expansion -U omm -G dbgrp -X ${XML} -h ${nodes[1]!.ip}`);
    await putXml(clusterXml(nodes));
    ok(r, 'Expansion Finish.');
    expect(r.out).toContain(`The node ip ['${later}'] will not be added to cluster.`);
    expect(r.out.split('\n')[0]).toBe('Start expansion without cluster manager component.');
    const st = await asOmm(lab, h[0]!, 'gs_om -t status --detail');
    expectLayoutA(st.out, SAMPLE_A, {
      clusterState: 'Normal',
      port: 15400,
      dataDir: DN,
      rows: [
        { name: nodes[0]!.name, ip: nodes[0]!.ip, iid: 6001, letter: 'P', role: 'Primary', state: 'Normal' },
        { name: nodes[1]!.name, ip: nodes[1]!.ip, iid: 6002, letter: 'S', role: 'Standby', state: 'Normal' },
      ],
    });
    const v = await asOmm(lab, h[1]!, 'gsql -d postgres -p 15400 -t -A -c "select v from s"');
    expect(v.out.trim()).toBe('7');
  });

  it('gs_om -t stop and -t start: Down / Manually stopped, then Normal again', async () => {
    ok(await asOmm(lab, h[0]!, 'gs_om -t stop'), 'Successfully stopped cluster.');
    let st = await asOmm(lab, h[0]!, 'gs_om -t status --detail');
    expect(st.out).toContain('cluster_state   : Unavailable');
    expect(st.out.match(/ Down    Manually stopped$/gm)?.length).toBe(2);
    ok(await asOmm(lab, h[0]!, 'gs_om -t start'), 'Successfully started.');
    st = await asOmm(lab, h[0]!, 'gs_om -t status');
    expect(st.out).toContain('cluster_state   : Normal');
    expect(st.out).toContain('cluster_name    : dbCluster');
  });

  it('gs_sshexkey creates mutual trust for the current user, asking its password once', async () => {
    const u = lab.sudoUser;
    await sh(lab, h[0]!, `printf '%s\\n' ${nodes.map((n) => n.ip).join(' ')} > /tmp/hostfile && chmod 644 /tmp/hostfile`);
    expect((await sh(lab, h[0]!, `su - ${u} -c "ssh -o BatchMode=yes ${nodes[1]!.ip} true"`)).code).not.toBe(0);
    const r = await ptyRun(lab, h[0]!, ['su', '-', u, '-c', `${UP}/script/gs_sshexkey -f /tmp/hostfile`], [['Password:', lab.sudoPassword]]);
    ok(r, 'Successfully created SSH trust.');
    expect(r.out).toContain(`Please enter password for current user[${u}].`);
    for (const [from, to] of [
      [h[0]!, nodes[1]!.ip],
      [h[1]!, nodes[0]!.ip],
    ] as const) {
      ok(await sh(lab, from, `su - ${u} -c "ssh -o BatchMode=yes ${to} hostname"`), to === nodes[1]!.ip ? h[1]! : h[0]!);
    }
    const argv = (await calls(lab, h[0]!)).filter((c) => c.tool === 'gs_sshexkey').map((c) => c.argv);
    expect(argv).toEqual([[`${UP}/script/gs_sshexkey`, '-f', '/tmp/hostfile']]);
  });

  it('a second gs_expansion of the same host is refused', async () => {
    const r = await sh(lab, h[0]!, `source /home/omm/.bashrc && ${UP}/script/gs_expansion -U omm -G dbgrp -X ${XML} -h ${nodes[1]!.ip}`);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('is already in the cluster');
  });
});
