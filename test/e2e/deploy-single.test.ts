/**
 * afo deploy end to end of single-node clusters, one on a host presented as openEuler 22.03 and
 * one on CentOS 7 (two inventories, deployed at the same time): installed and Normal (no CM,
 * role Normal/Primary), a second run changes nothing. The openEuler inventory is a folder laid out
 * as the Ansible original's (test/fixtures/ansible-original: its group_vars with lookup('password')
 * lines and global_pkg_mirror URL, its cluster_config.xml.j2, its credentials files), used unchanged.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api.js';
import { labExec } from '../lab/lab.js';
import { afoDeploy, changedPerHost, changedTasks, gsql, labDown, labUp, sh, standinPackage, writeInventory, type AfoRun } from './helpers.js';

const ORIGINAL = fileURLToPath(new URL('../fixtures/ansible-original', import.meta.url));
// What the original's lookups wrote on an earlier run (valid for gs_install and cm_install).
const ORIGINAL_PASSWORDS = { opengauss_root_pass: 'Gauss2024abcdXYZ', opengauss_omm_pass: 'omm+Pass1', opengauss_ca_file_pass: 'Ca1Pass2x' };

/** The original's group_vars, templates and credentials beside an inventory. */
function originalFolder(inv: string): void {
  const dir = dirname(inv);
  for (const d of ['group_vars', 'templates']) cpSync(join(ORIGINAL, d), join(dir, d), { recursive: true });
  rmSync(join(dir, 'credentials'), { recursive: true, force: true }); // a cut-off earlier run's
  mkdirSync(join(dir, 'credentials'), { mode: 0o700 });
  for (const [f, v] of Object.entries(ORIGINAL_PASSWORDS)) writeFileSync(join(dir, 'credentials', f), `${v}\n`, { mode: 0o600 });
}

let lab: Lab;
const runs: { os: string; inv: string; pkg: string; first?: AfoRun }[] = [];
let check: AfoRun;
let afterCheck: string;

beforeAll(async () => {
  const oe = await standinPackage('openGauss-5.0.0-openEuler-64bit-all.tar.gz');
  const c7 = await standinPackage('openGauss-5.0.0-CentOS-64bit-all.tar.gz');
  lab = await labUp(2, ['openeuler22.03', 'centos7']);
  runs.push({ os: 'openEuler 22.03', inv: writeInventory(lab, 'single-oe', { primary: lab.hosts[0]!.ip }), pkg: oe });
  originalFolder(runs[0]!.inv);
  runs.push({ os: 'CentOS 7', inv: writeInventory(lab, 'single-c7', { primary: lab.hosts[1]!.ip }), pkg: c7 });
  check = await afoDeploy(['-i', runs[0]!.inv, '--package', oe, '--check']);
  afterCheck = (await sh(lab, lab.hosts[0]!.name, 'hostname; ls /etc/sysctl.d/50-opengauss.conf /opt/software 2>&1; id omm 2>&1')).out;
  await Promise.all(runs.map(async (r) => (r.first = await afoDeploy(['-i', r.inv, '--package', r.pkg]))));
});

afterAll(async () => {
  await labDown(lab);
});

describe('afo deploy of a single node', () => {
  it('--check on a fresh host shows the plan (OS changes, XML, OM commands) and changes nothing', () => {
    expect(check.code, check.stderr).toBe(0);
    expect(check.result?.report.outcome).toBe('check');
    const planned = changedTasks(check.events);
    expect(planned).toContain(`${lab.hosts[0]!.ip}: hostname is the node name (og + IPv4 as an integer)`);
    expect(planned).toContain(`${lab.hosts[0]!.ip}: database user`);
    expect(check.stderr).toContain('<PARAM name="dataNode1" value="/opt/openGauss/data/dn"/>');
    expect(check.stderr).toContain('gs_preinstall -U omm -G dbgrp -X /opt/software/openGauss/cluster_config.xml --non-interactive');
    expect(afterCheck).toContain(lab.hosts[0]!.name); // hostname untouched
    expect(afterCheck).toMatch(/50-opengauss.conf.*No such file/);
    expect(afterCheck).toMatch(/\/opt\/software.*No such file/);
    expect(afterCheck).toMatch(/no such user/);
  });

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

  it("the original's folder: its passwords kept, its mirror URL in the repository file, its MTU and time zone", async () => {
    const dir = dirname(runs[0]!.inv);
    const kept = readFileSync(join(dir, 'credentials/opengauss.yml'), 'utf8');
    expect(kept).toContain(`root_pass: ${ORIGINAL_PASSWORDS.opengauss_root_pass}`);
    expect(kept).toContain(`ca_file_pass: ${ORIGINAL_PASSWORDS.opengauss_ca_file_pass}`);
    const h = lab.hosts[0]!.name;
    const r = await sh(lab, h, 'grep ^baseurl= /etc/yum.repos.d/openEuler.repo; cat /sys/class/net/eth0/mtu; readlink /etc/localtime');
    expect(r.out).toContain('baseurl=https://mirrors.example.org/openeuler/openEuler-22.03-LTS/OS/$basearch/');
    expect(r.out).not.toContain('repo.openeuler.org');
    expect(r.out).toContain('8192');
    expect(r.out).toContain('Asia/Shanghai');
    // the OS user's hash is the one the original's user_pass line makes from its omm password
    const check = await labExec(
      lab,
      h,
      `python3 -W ignore -c 'import crypt, spwd, sys; h = spwd.getspnam("omm").sp_pwdp; print(h[:3], crypt.crypt(sys.stdin.read().strip(), h) == h)'`,
      { input: ORIGINAL_PASSWORDS.opengauss_omm_pass },
    );
    expect(check.stdout.trim()).toBe('$6$ True');
  });

  it('on openEuler 22.03 and CentOS 7: chronyd enabled, running and synchronised; SELinux permissive now and disabled from the next boot, through every interface', async () => {
    for (const h of lab.hosts) {
      const r = await sh(
        lab,
        h.name,
        'systemctl is-enabled chronyd; systemctl is-active chronyd; chronyc -n tracking | grep Leap; getenforce; cat /sys/fs/selinux/enforce; grep ^SELINUX= /etc/selinux/config',
      );
      expect(
        r.out
          .trim()
          .split('\n')
          .map((l) => l.trim()),
        h.name,
      ).toEqual(['enabled', 'active', 'Leap status     : Normal', 'Permissive', '0', 'SELINUX=disabled']);
    }
  });

  it('an installed cluster whose secrets file is lost: stops, changes nothing, writes no new passwords', async () => {
    const file = join(dirname(runs[1]!.inv), 'credentials', 'opengauss.yml');
    renameSync(file, `${file}.saved`);
    try {
      const r = await afoDeploy(['-i', runs[1]!.inv, '--package', runs[1]!.pkg]);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('is missing; new passwords would not be the cluster');
      expect(r.stderr).toContain('opengauss_db_set.root_pass');
      expect(existsSync(file)).toBe(false);
      expect(changedPerHost(r.events)).toEqual({ [lab.hosts[1]!.ip]: 0 }); // only the read-only preflight ran
    } finally {
      renameSync(`${file}.saved`, file);
    }
  });

  it('a healthy cluster with a new inventory host that afo expand could not add (it runs a database of its own): stops, changes nothing', async () => {
    const oe = runs[0]!.inv;
    writeInventory(lab, 'single-oe', { primary: lab.hosts[0]!.ip, standby: [lab.hosts[1]!.ip] });
    try {
      const r = await afoDeploy(['-i', oe, '--package', runs[0]!.pkg]);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('afo expand could not add the new hosts');
      expect(r.stderr).toContain(lab.hosts[1]!.ip);
      expect(r.stderr).toMatch(/free ports +\| in use: 15400/);
      expect(changedPerHost(r.events)).toEqual({ [lab.hosts[0]!.ip]: 0, [lab.hosts[1]!.ip]: 0 });
    } finally {
      writeInventory(lab, 'single-oe', { primary: lab.hosts[0]!.ip });
    }
  });
});
