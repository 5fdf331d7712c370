/**
 * The stand-in end to end on lab hosts, driven by hand in OM's documented order (docs/opengauss.md §1):
 * package on the primary, XML, gs_preinstall (root), gs_install (omm, password at the prompt over
 * a PTY), status, replication, strict refusals, switchover and back, cm_install, gs_expansion.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab, MachineSnapshot } from '../lab/api.js';
import { assertMachineUnchanged, snapshotMachine } from '../lab/lab.js';
import { asOmm, buildPackages, calls, labDown, labUp, postmasters, ptyRun, sh, upload, type Res } from './lab-helpers.js';
import { waitFor } from '../support/wait-for.js';
import { SAMPLE_A, SAMPLE_B } from './samples.js';
import { expectLayoutA, expectLayoutCM } from './status-compare.js';
import { clusterXml, invalidXmlCases, type XNode } from './xml.js';

const UP = '/opt/software/openGauss';
const XML = `${UP}/cluster_config.xml`;
const DN = '/opt/openGauss/data/dn';
const DB_PW = 'Gauss#2024ok';
const CA_PW = 'Ca_cert#77';
const ALL = 'openGauss-5.0.0-openEuler-64bit-all.tar.gz';
const CM_PKG = `${UP}/openGauss-5.0.0-openEuler-64bit-cm.tar.gz`;

let lab: Lab;
let before: MachineSnapshot;
let nodes: XNode[];
let hosts: string[];
const local = mkdtempSync(join(tmpdir(), 'standin-'));

const ok = (r: Res, marker: string): void => {
  expect(r.out).toContain(marker);
  expect(r.code, r.out).toBe(0);
};

async function putXml(name: string, xml: string, path = XML): Promise<void> {
  const f = join(local, name);
  writeFileSync(f, xml);
  await upload(lab, hosts[0]!, f, path);
  await sh(lab, hosts[0]!, `chown omm:dbgrp ${path} 2>/dev/null; chmod 644 ${path}`);
}

const status = (): Promise<Res> => asOmm(lab, hosts[0]!, 'gs_om -t status --detail');

/** Waits until `gsql` on `host` prints `want` for `sql` (replication catching up). */
const replicated = (host: string, sql: string, want: (out: string) => boolean): Promise<unknown> =>
  waitFor(async () => want((await asOmm(lab, host, `gsql -d postgres -p 15400 -t -A -c "${sql}"`)).out), {
    timeoutMs: 30_000,
    what: `"${sql}" on ${host} to show the primary's rows`,
    intervalMs: 500,
  });

beforeAll(async () => {
  before = snapshotMachine();
  const cache = await buildPackages();
  lab = await labUp(4);
  hosts = lab.hosts.map((h) => h.name);
  nodes = [
    { name: hosts[0]!, ip: lab.hosts[0]!.ip, role: 'primary' },
    { name: hosts[1]!, ip: lab.hosts[1]!.ip, role: 'standby' },
    { name: hosts[2]!, ip: lab.hosts[2]!.ip, role: 'cascade' },
  ];
  await sh(lab, hosts[0]!, `mkdir -p ${UP}`);
  await upload(lab, hosts[0]!, join(cache, ALL), `${UP}/${ALL}`);
});

afterAll(async () => {
  if (lab) await labDown(lab);
  assertMachineUnchanged(before);
});

describe('1 primary + 1 standby + 1 cascade, installed by hand', () => {
  it('unpacks the all tarball and then the OM tarball on the primary', async () => {
    const r = await sh(lab, hosts[0]!, `cd ${UP} && tar -xzf ${ALL} && tar -xzf openGauss-5.0.0-openEuler-64bit-om.tar.gz && ls script`);
    ok(r, 'gs_preinstall');
    expect(r.out).toContain('gs_expansion');
  });

  it('has root SSH trust from the primary to every node (BatchMode)', async () => {
    for (const n of nodes) {
      const r = await sh(lab, hosts[0]!, `ssh -o BatchMode=yes -o StrictHostKeyChecking=no root@${n.ip} hostname`);
      ok(r, n.name);
    }
  });

  it('gs_preinstall prepares every node', async () => {
    await putXml('c3.xml', clusterXml(nodes));
    const r = await sh(lab, hosts[0]!, `cd ${UP} && ./script/gs_preinstall -U omm -G dbgrp -X ${XML} --non-interactive`);
    ok(r, 'Preinstallation succeeded.');
    expect(r.out).toContain('Successfully parsed the configuration file.');
    for (const h of hosts.slice(0, 3)) {
      const env = await sh(lab, h, 'cat /home/omm/.bashrc; cat /sys/kernel/mm/transparent_hugepage/enabled');
      for (const v of ['GPHOME', 'GAUSSHOME', 'GAUSSLOG', 'PGHOST', 'PATH', 'LD_LIBRARY_PATH', 'GAUSS_ENV'])
        expect(env.out).toMatch(new RegExp(`^export ${v}=`, 'm'));
      expect(env.out).toContain('always madvise [never]');
      expect((await sh(lab, h, `ls ${UP}/script/gs_om /opt/openGauss/install/om/script/gs_om`)).code).toBe(0);
    }
    // afo's probe: before gs_install, status must fail (no cluster yet)
    const probe = await status();
    expect(probe.code).not.toBe(0);
    expect(probe.out).toContain('static configuration file');
  });

  it('gs_install refuses a port already in use and a non-empty data dir, before touching anything', async () => {
    const pid = (
      await sh(
        lab,
        hosts[1]!,
        `nohup python3 -c "import socket,time; s=socket.socket(); s.bind(('0.0.0.0',15400)); s.listen(); time.sleep(300)" >/dev/null 2>&1 & echo $!`,
      )
    ).out.trim();
    await waitFor(async () => (await sh(lab, hosts[1]!, "ss -Hltn 'sport = :15400' | grep -q .")).code === 0, {
      timeoutMs: 10_000,
      what: `the port binder on ${hosts[1]} to listen on 15400`,
    });
    let r = await asOmm(lab, hosts[0]!, `gs_install -X ${XML}`);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('The port [15400] is occupied');
    await sh(lab, hosts[1]!, `kill ${pid}`);
    await asOmm(lab, hosts[2]!, `touch ${DN}/leftover`);
    r = await asOmm(lab, hosts[0]!, `gs_install -X ${XML}`);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain(`The ${DN} must be empty.`);
    await asOmm(lab, hosts[2]!, `rm ${DN}/leftover`);
    expect((await sh(lab, hosts[0]!, 'ls /opt/openGauss/install/app/bin/cluster_static_config')).code).not.toBe(0);
  });

  it('gs_install takes the password at its prompt (re-asking after a weak one) and installs', async () => {
    const r = await ptyRun(
      lab,
      hosts[0]!,
      ['su', '-', 'omm', '-c', `gs_install -X ${XML} --gsinit-parameter="--locale=en_US.utf8"`],
      [
        ['Please enter password for database:', 'short'],
        ['Please enter password for database:', DB_PW],
        ['Please repeat for database:', DB_PW],
      ],
    );
    ok(r, 'Successfully installed application.');
    expect(r.out).toContain('The password must contain at least 8 characters.');
    expect(r.out).toContain('NO cm_server instance, no need to create CA for CM.');
    expect(r.out).not.toContain(DB_PW);
    for (const h of hosts.slice(0, 3)) expect((await sh(lab, h, 'test -f /opt/openGauss/install/app/bin/cluster_static_config')).code).toBe(0);
    const loc = await asOmm(lab, hosts[0]!, 'gsql -d postgres -p 15400 -t -A -c "show lc_collate"');
    expect(loc.out.trim()).toBe('en_US.utf8');
  });

  it('gs_om -t status --detail is layout A, field by field like the verbatim sample', async () => {
    const r = await status();
    expect(r.code).toBe(0);
    expectLayoutA(r.out, SAMPLE_A, {
      clusterState: 'Normal',
      port: 15400,
      dataDir: DN,
      rows: [
        { name: nodes[0]!.name, ip: nodes[0]!.ip, iid: 6001, letter: 'P', role: 'Primary', state: 'Normal' },
        { name: nodes[1]!.name, ip: nodes[1]!.ip, iid: 6002, letter: 'S', role: 'Standby', state: 'Normal' },
        { name: nodes[2]!.name, ip: nodes[2]!.ip, iid: 6003, letter: 'C', role: 'Cascade', state: 'Normal' },
      ],
    });
  });

  it('replicates a row from the primary to the standby and the cascade', async () => {
    ok(await asOmm(lab, hosts[0]!, 'gsql -d postgres -p 15400 -c "create table afo_t(v text); insert into afo_t values (\'from-primary\')"'), 'INSERT 0 1');
    for (const h of hosts.slice(1, 3)) {
      await replicated(h, 'select v from afo_t', (out) => out.includes('from-primary'));
    }
    const q = await asOmm(lab, hosts[2]!, `gs_ctl query -D ${DN}`);
    ok(q, 'local_role                     : Cascade Standby');
    expect(q.out).toMatch(new RegExp(`channel\\s+: ${nodes[2]!.ip}:\\d+<--${nodes[1]!.ip}:15401`));
  });

  it('refuses every invalid input with its message and leaves the running instances untouched', async () => {
    const pids = await postmasters(lab, hosts.slice(0, 3), DN);
    const spare = (i: number): XNode => ({ name: `spare${i}`, ip: lab.hosts[0]!.ip.replace(/\d+$/, String(100 + i)), role: 'standby' });
    for (const [title, xml, msg] of invalidXmlCases(nodes, spare)) {
      await putXml('bad.xml', xml, '/tmp/bad.xml');
      const r = await sh(lab, hosts[0]!, `${UP}/script/gs_preinstall -U omm -G dbgrp -X /tmp/bad.xml --non-interactive`);
      expect(r.code, title).not.toBe(0);
      expect(r.out, title).toMatch(msg);
    }
    let r = await asOmm(lab, hosts[0]!, `gs_install -X ${XML}`);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('The cluster has been installed');
    // a node without the cluster user
    const four = [...nodes, { name: hosts[3]!, ip: lab.hosts[3]!.ip, role: 'standby' as const }];
    await putXml('c4.xml', clusterXml(four), '/tmp/c4.xml');
    r = await sh(lab, hosts[0]!, `source /home/omm/.bashrc; ${UP}/script/gs_expansion -U omm -G dbgrp -X /tmp/c4.xml -h ${four[3]!.ip}`);
    expect(r.code).not.toBe(0);
    // the trust check comes first (OM checks the database user's trust to every node): omm has none there
    expect(r.out).toContain(`[GAUSS-51632] : Failed to do the SSH trust check for [omm] to ${hosts[3]!}`);
    // no root trust: hide the primary's root keys
    await sh(lab, hosts[0]!, 'mkdir -p /root/.ssh/off && mv /root/.ssh/id_* /root/.ssh/off/');
    r = await sh(lab, hosts[0]!, `${UP}/script/gs_preinstall -U omm -G dbgrp -X ${XML} --non-interactive`);
    await sh(lab, hosts[0]!, 'mv /root/.ssh/off/* /root/.ssh/ && rmdir /root/.ssh/off');
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/GAUSS-51632.*SSH trust check for \[root\]/);
    expect(await postmasters(lab, hosts.slice(0, 3), DN)).toEqual(pids);
    expect((await status()).out).toContain('cluster_state   : Normal');
  });

  it('cm_install fails on a never-switched cluster: the term (timeline) is 1', async () => {
    await putXml('c3cm.xml', clusterXml(nodes, { cm: true }), `${UP}/cluster_config_cm.xml`);
    for (const h of hosts.slice(0, 3)) await asOmm(lab, h, 'echo "0 0 1 1 * /bin/true" | crontab -');
    const r = await asOmm(lab, hosts[0]!, `cd /opt/openGauss/install/app/tool/cm_tool && python3 cm_install -X ${UP}/cluster_config_cm.xml --cmpkg ${CM_PKG}`);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('Term of primary is invalid or not maximal.');
  });

  it('switches over to the standby and back; every node ends Normal', async () => {
    let r = await asOmm(lab, hosts[1]!, `gs_ctl switchover -D ${DN}`);
    ok(r, `switchover completed (${DN})`);
    // gs_ctl returns once the promotion is done; the old primary rejoins afterwards (the caller waits)
    await waitFor(async () => (await status()).out.includes('cluster_state   : Normal'), {
      timeoutMs: 60_000,
      what: 'the old primary to rejoin (cluster_state Normal)',
      intervalMs: 500,
    });
    let st = await status();
    expect(st.out).toMatch(new RegExp(`${nodes[1]!.ip} +15400 +6002 \\S+ +S Primary Normal`));
    expect(st.out).toMatch(new RegExp(`${nodes[0]!.ip} +15400 +6001 \\S+ +P Standby Normal`));
    ok(await asOmm(lab, hosts[1]!, 'gsql -d postgres -p 15400 -c "insert into afo_t values (\'from-new-primary\')"'), 'INSERT 0 1');
    r = await asOmm(lab, hosts[0]!, `gs_ctl switchover -D ${DN}`);
    ok(r, 'switchover completed');
    await waitFor(async () => (await status()).out.includes('cluster_state   : Normal'), {
      timeoutMs: 60_000,
      what: 'the old primary to rejoin (cluster_state Normal)',
      intervalMs: 500,
    });
    ok(await asOmm(lab, hosts[0]!, 'gs_om -t refreshconf'), 'Successfully generated dynamic configuration file.');
    st = await status();
    expect(st.out).toContain('cluster_state   : Normal');
    expect(st.out.match(/^\d.* Normal$/gm)?.length).toBe(3);
    expect(st.out).toMatch(/ P Primary Normal$/m);
    for (const h of hosts.slice(0, 3)) {
      await replicated(h, 'select count(*) from afo_t', (out) => out.trim() === '2');
    }
  });

  it('cm_install succeeds after the switchover and back (CA password at its prompts), and says so once', async () => {
    const r = await ptyRun(
      lab,
      hosts[0]!,
      ['su', '-', 'omm', '-c', `cd /opt/openGauss/install/app/tool/cm_tool && python3 cm_install -X ${UP}/cluster_config_cm.xml --cmpkg ${CM_PKG}`],
      // both prompts are answered before the password is judged (CM's order)
      [
        ['Please input the password for ca cert:', 'abcdefgh'],
        ['Please input the password for ca cert again:', 'abcdefgh'],
        ['Please input the password for ca cert:', CA_PW],
        ['Please input the password for ca cert again:', CA_PW],
      ],
    );
    ok(r, 'Install CM tool success.');
    expect(r.out).toContain('The password must contain at least three types');
    const again = await asOmm(
      lab,
      hosts[0]!,
      `cd /opt/openGauss/install/app/tool/cm_tool && python3 cm_install -X ${UP}/cluster_config_cm.xml --cmpkg ${CM_PKG}`,
    );
    expect(again.out).toContain('CM exists in current cluster.'); // an error exit, as CM's own check
    expect(again.code).toBe(1);
  });

  it('status switches to layout B (CM, OM 5.0), field by field like the verbatim sample', async () => {
    const r = await status();
    expect(r.code).toBe(0);
    expectLayoutCM(r.out, SAMPLE_B, 'B', {
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
  });

  it('gs_expansion adds a standby to the running CM cluster without losing the rows', async () => {
    const four = [...nodes, { name: hosts[3]!, ip: lab.hosts[3]!.ip, role: 'standby' as const }];
    await putXml('c4cm.xml', clusterXml(four, { cm: true }));
    ok(await sh(lab, hosts[0]!, `cd ${UP} && ./script/gs_preinstall -U omm -G dbgrp -X ${XML} --non-interactive`), 'Preinstallation succeeded.');
    const r = await sh(lab, hosts[0]!, `source /home/omm/.bashrc && ${UP}/script/gs_expansion -U omm -G dbgrp -X ${XML} -h ${four[3]!.ip} --time-out 600`);
    ok(r, 'Expansion Finish.');
    expect(r.out.split('\n')[0]).toBe('Start expansion with cluster manager component.');
    expect(r.out).toContain(`Expansion results:\n${four[3]!.ip}:\tSuccess\n`);
    const st = await status();
    expect(st.out).toContain('cluster_state   : Normal');
    expect(st.out).toMatch(new RegExp(`^4 +${hosts[3]} +${four[3]!.ip} +6004 ${DN} S Standby Normal$`, 'm'));
    await replicated(hosts[3]!, 'select count(*) from afo_t', (out) => out.trim() === '2');
  });

  it('records every OM call (argv, user, time) and no password ever reached a command line', async () => {
    const all = (await Promise.all(hosts.map((h) => calls(lab, h)))).flat();
    const tools = new Set(all.map((c) => c.tool));
    for (const t of ['gs_preinstall', 'gs_install', 'gs_om', 'gs_ctl', 'gsql', 'cm_install', 'gs_expansion']) expect(tools.has(t), t).toBe(true);
    expect(all.find((c) => c.tool === 'gs_install')?.user).toBe('omm');
    expect(all.find((c) => c.tool === 'gs_preinstall')?.user).toBe('root');
    const argv = JSON.stringify(all.map((c) => c.argv));
    expect(argv).not.toContain(DB_PW);
    expect(argv).not.toContain(CA_PW);
    expect(argv).not.toContain('--pwpasswd');
    // the tools' own logs exist where OM keeps them, and hold no password either
    const logs = await sh(
      lab,
      hosts[0]!,
      'ls /var/log/omm/omm/om/gs_preinstall-*.log /var/log/omm/omm/om/gs_install-*.log ' +
        '/var/log/omm/omm/cm/cm_tool/cm_install-*.log && cat /var/log/omm/omm/om/*.log /var/log/omm/omm/cm/cm_tool/*.log',
    );
    expect(logs.code, logs.out).toBe(0);
    expect(logs.out).toContain('Successfully installed application.');
    expect(logs.out).not.toContain(DB_PW);
    expect(logs.out).not.toContain(CA_PW);
  });

  it("leaves the machine's vm.*, transparent huge pages and swap unchanged", () => {
    assertMachineUnchanged(before);
  });
});
