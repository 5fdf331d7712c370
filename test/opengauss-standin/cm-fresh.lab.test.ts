/**
 * The 6.0.0 package (openGauss-All-... naming) with CM params in the XML from the start: gs_install
 * brings up the CM and status is layout C; cm_ctl query/switchover; a failover and a rebuild;
 * the CM majority rule; gs_dropnode. Also the separate env file and the allowed --pwpasswd.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab, MachineSnapshot } from '../lab/api.js';
import { assertMachineUnchanged, snapshotMachine } from '../lab/lab.js';
import { asOmm, buildPackages, calls, labDown, labUp, sh, upload, type Res } from './lab-helpers.js';
import { SAMPLE_B } from './samples.js';
import { expectLayoutCM } from './status-compare.js';
import { clusterXml, type XNode } from './xml.js';

const UP = '/opt/software/openGauss';
const XML = `${UP}/cluster_config.xml`;
const DN = '/opt/openGauss/data/dn';
const ENVF = '/home/omm/og_env';
const ALL = 'openGauss-All-6.0.0-openEuler20.03-x86_64.tar.gz';
const PW = 'Fresh_Cm2024';

let lab: Lab;
let before: MachineSnapshot;
let nodes: XNode[];
let h: string[];

const omm = (host: string, cmd: string, input?: string): Promise<Res> => asOmm(lab, host, `source ${ENVF} && ${cmd}`, input);
const ok = (r: Res, marker: string): void => {
  expect(r.out).toContain(marker);
  expect(r.code, r.out).toBe(0);
};
const status = (): Promise<Res> => omm(h[0]!, 'gs_om -t status --detail');
const row = (i: number, letter: string, role: string, state: string): RegExp =>
  new RegExp(`^${i + 1} +${nodes[i]!.name} +${nodes[i]!.ip.replace(/\./g, '\\.')} +${6001 + i} 15400 +${DN} ${letter} ${role} +${state}$`, 'm');

beforeAll(async () => {
  before = snapshotMachine();
  const cache = await buildPackages();
  lab = await labUp(3);
  h = lab.hosts.map((x) => x.name);
  nodes = [
    { name: h[0]!, ip: lab.hosts[0]!.ip, role: 'primary' },
    { name: h[1]!, ip: lab.hosts[1]!.ip, role: 'standby' },
    { name: h[2]!, ip: lab.hosts[2]!.ip, role: 'cascade' },
  ];
  await sh(lab, h[0]!, `mkdir -p ${UP}`);
  await upload(lab, h[0]!, join(cache, ALL), `${UP}/${ALL}`);
  const f = join(mkdtempSync(join(tmpdir(), 'standin-')), 'c.xml');
  writeFileSync(f, clusterXml(nodes, { cm: true }));
  await upload(lab, h[0]!, f, XML);
});

afterAll(async () => {
  if (lab) await labDown(lab);
  assertMachineUnchanged(before);
});

describe('fresh 3-node install with CM, OM 6.0 package', () => {
  it('unpacks the 6.x members and preinstalls with a separate env file', async () => {
    ok(await sh(lab, h[0]!, `cd ${UP} && tar -xzf ${ALL} && ls`), 'openGauss-CM-6.0.0-openEuler20.03-x86_64.sha256');
    ok(
      await sh(
        lab,
        h[0]!,
        `cd ${UP} && tar -xzf openGauss-OM-6.0.0-openEuler20.03-x86_64.tar.gz && ./script/gs_preinstall -U omm -G dbgrp -X ${XML} --non-interactive --sep-env-file=${ENVF}`,
      ),
      'Preinstallation succeeded.',
    );
    const b = await sh(lab, h[1]!, `cat /home/omm/.bashrc; echo ---; cat ${ENVF}`);
    expect(b.out).toContain(`export MPPDB_ENV_SEPARATE_PATH=${ENVF}`);
    expect(b.out.split('---')[0]).not.toContain('export GAUSSHOME=');
    expect(b.out.split('---')[1]).toContain('export GAUSSHOME=/opt/openGauss/install/app');
  });

  it('gs_install with --pwpasswd (allowed, and visible in the call log) brings up the CM', async () => {
    const r = await omm(h[0]!, `gs_install -X ${XML} --gsinit-parameter="--pwpasswd=${PW}"`);
    ok(r, 'Successfully installed application.');
    expect(r.out).toContain('Create CA files for cm');
    const argv = JSON.stringify((await calls(lab, h[0]!)).filter((c) => c.tool === 'gs_install').map((c) => c.argv));
    expect(argv).toContain(`--pwpasswd=${PW}`);
  });

  it('status is layout C (CM, OM 6.0): the port follows the instance id', async () => {
    const r = await status();
    expect(r.code).toBe(0);
    expectLayoutCM(r.out, SAMPLE_B, 'C', {
      clusterState: 'Normal',
      port: 15400,
      dataDir: DN,
      cmDir: '/opt/openGauss/data/cm',
      balanced: 'Yes',
      cms: nodes.map((n, i) => ({ name: n.name, ip: n.ip, state: i === 0 ? 'Primary' : 'Standby' })),
      rows: [
        { name: nodes[0]!.name, ip: nodes[0]!.ip, iid: 6001, letter: 'P', role: 'Primary', state: 'Normal' },
        { name: nodes[1]!.name, ip: nodes[1]!.ip, iid: 6002, letter: 'S', role: 'Standby', state: 'Normal' },
        { name: nodes[2]!.name, ip: nodes[2]!.ip, iid: 6003, letter: 'C', role: 'Cascade Standby', state: 'Normal' },
      ],
    });
    const q = await omm(h[1]!, 'cm_ctl query -Cvipd');
    expect(q.code).toBe(0);
    expect(q.out).toMatch(/P Primary Normal \| 2 .* S Standby Normal \| 3 .* C Cascade Standby Normal\n/);
  });

  it('cm_ctl switchover -n 2 promotes the standby (not balanced), -a restores the roles', async () => {
    ok(await omm(h[0]!, `cm_ctl switchover -n 2 -D ${DN}`), 'cm_ctl: switchover successfully.');
    let st = await status();
    expect(st.out).toContain('balanced        : No');
    expect(st.out).toMatch(row(1, 'S', 'Primary', 'Normal'));
    ok(await omm(h[0]!, 'cm_ctl switchover -a'), 'cm_ctl: switchover successfully.');
    st = await status();
    expect(st.out).toContain('balanced        : Yes');
    expect(st.out).toMatch(row(0, 'P', 'Primary', 'Normal'));
  });

  it('a stopped primary: Unavailable; gs_ctl failover on the standby; gs_ctl build brings the old one back', async () => {
    ok(await omm(h[0]!, `gsql -d postgres -p 15400 -c "create table f(v int); insert into f values (1)"`), 'INSERT 0 1');
    ok(await omm(h[0]!, `gs_ctl stop -D ${DN}`), 'server stopped');
    let st = await status();
    expect(st.out).toContain('cluster_state   : Unavailable');
    expect(st.out).toMatch(row(0, 'P', 'Down   ', 'Manually stopped'));
    ok(await omm(h[1]!, `gs_ctl failover -D ${DN}`), `failover completed (${DN})`);
    st = await status();
    expect(st.out).toContain('cluster_state   : Degraded');
    expect(st.out).toMatch(row(1, 'S', 'Primary', 'Normal'));
    ok(await omm(h[0]!, `gs_ctl build -D ${DN} -b full`), 'server started');
    st = await status();
    expect(st.out).toContain('cluster_state   : Normal');
    expect(st.out).toMatch(row(0, 'P', 'Standby', 'Normal'));
    const v = await omm(h[0]!, 'gsql -d postgres -p 15400 -t -A -c "select count(*) from f"');
    expect(v.out.trim()).toBe('1');
  });

  it('without a CM server majority, cm_ctl and gs_om status cannot answer', async () => {
    for (const x of h.slice(1)) await omm(x, '$GAUSSHOME/bin/cm_server --stop --dir /opt/openGauss/data/cm/cm_server');
    const q = await omm(h[0]!, 'cm_ctl query -Cv');
    expect(q.code).not.toBe(0);
    expect(q.out).toContain("can't connect to cm_server");
    expect((await status()).code).not.toBe(0);
    ok(await omm(h[0]!, 'cm_ctl start'), 'cm_ctl: start cluster successfully.');
    expect((await status()).out).toContain('cluster_state   : Normal');
  });

  it('gs_dropnode drops the cascade after a yes; with CM the last standby stays', async () => {
    const r = await omm(h[0]!, `gs_dropnode -U omm -G dbgrp -h ${nodes[2]!.ip}`, 'yes\n');
    ok(r, '[gs_dropnode]Success to drop the target nodes.');
    expect(r.out).toContain('Do you want to continue to drop the target node (yes/no)?');
    const st = await status();
    expect(st.out).toContain('cluster_state   : Normal');
    expect(st.out).not.toContain(nodes[2]!.ip);
    const last = await omm(h[0]!, `gs_dropnode -U omm -G dbgrp -h ${nodes[0]!.ip}`, 'yes\n');
    expect(last.code).not.toBe(0);
    expect(last.out).toContain('the last standby can not be dropped');
  });

  it('the dropped node, uninstalled, comes back as a cascade through gs_expansion', async () => {
    ok(await omm(h[2]!, 'gs_uninstall --delete-data -L'), 'Uninstallation succeeded.');
    const r = await sh(lab, h[0]!, `source /home/omm/.bashrc && source ${ENVF} && ${UP}/script/gs_expansion -U omm -G dbgrp -X ${XML} -h ${nodes[2]!.ip}`);
    ok(r, 'Expansion Finish.');
    expect(r.out).toContain(`Build cascade standby ${nodes[2]!.ip} success.`);
    expect(r.out).toContain(`${nodes[2]!.ip}:\tSuccess`);
    const st = await status();
    expect(st.out).toContain('cluster_state   : Normal');
    expect(st.out).toMatch(row(2, 'C', 'Cascade Standby', 'Normal'));
    const v = await omm(h[2]!, 'gsql -d postgres -p 15400 -t -A -c "select count(*) from f"');
    expect(v.out.trim()).toBe('1');
  });

  it("leaves the machine's vm.*, transparent huge pages and swap unchanged", () => {
    assertMachineUnchanged(before);
  });
});
