/**
 * afo deploy end to end, 1 primary + 1 standby + 1 cascade with CM (status layout B), on lab
 * hosts presented as openEuler 20.03, with the openGauss stand-in: install, data replicated,
 * report without secrets, a second run and --check change nothing, a drifted host is repaired
 * with exactly the drifted tasks, and no secret reaches the OM call log, afo's logs or the report.
 * The time service: started and enabled where it was off; skewed or unsynchronised clocks stop
 * the next run in preflight with the offsets shown.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api.js';
import { openReport } from '../support/browser.js';
import {
  afoDeploy,
  changedPerHost,
  changedTasks,
  filesUnder,
  gsql,
  labDown,
  labUp,
  normalRows1p1s1c,
  readBack,
  reportOf,
  secretsOf,
  sh,
  standinPackage,
  writeInventory,
  type AfoRun,
} from './helpers.js';

let lab: Lab;
let inv: string;
let pkg: string;
let first: AfoRun;
const ips = () => lab.hosts.map((h) => h.ip);

beforeAll(async () => {
  pkg = await standinPackage('openGauss-5.0.0-openEuler-64bit-all.tar.gz');
  lab = await labUp(3, ['openeuler20.03']);
  const [p, s, c] = ips();
  inv = writeInventory(lab, '1p1s1c', { primary: p!, standby: [s!], cascade: [c!] });
  // one host without its time service: afo must install, enable and start it
  await sh(lab, lab.hosts[2]!.name, 'systemctl disable --now chronyd');
  first = await afoDeploy(['-i', inv, '--package', pkg]);
});

afterAll(async () => {
  await labDown(lab);
});

describe('afo deploy 1P+1S+1C (CM) on openEuler 20.03', () => {
  it('installs: every node Normal with its role, CM status layout', () => {
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code, first.stderr).toBe(0);
    expect(first.result?.report.outcome).toBe('installed');
    const { report, rows } = reportOf(first);
    expect(report.status.layout).toBe('B');
    expect(report.status.clusterState).toBe('Normal');
    expect(rows).toEqual(normalRows1p1s1c(ips()));
    expect(report.phases.map((p: { phase: string }) => p.phase)).toEqual(['preflight', 'os', 'install', 'verify']);
  });

  it('report.html draws the 1P+1S+1C topology with CM (headless Chromium, offline, no error); report.png saved beside it', async () => {
    const html = first.result!.reportPaths.html;
    const png = join(dirname(html), 'report.png');
    const page = await openReport(html, png);
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([`file://${html}`]);
    const [p, s, c] = ips();
    expect(page.nodes.map(({ host, role, state, cm }) => ({ host, role, state, cm }))).toEqual([
      { host: p, role: 'primary', state: 'Normal', cm: 'Primary' },
      { host: s, role: 'standby', state: 'Normal', cm: 'Standby' },
      { host: c, role: 'cascade', state: 'Normal', cm: 'Standby' },
    ]);
    expect(page.edges).toEqual([{ kind: 'replication' }, { kind: 'cascade' }]);
    expect(page.phases).toEqual(['preflight', 'os', 'install', 'verify']);
    // CI prints this path (.ci/run): the screenshot of the demo topology
    console.log(`report screenshot: ${png}`);
  });

  it('opens one SSH connection per host for the whole deploy (every phase), as the report and the run log show', () => {
    const report = JSON.parse(readFileSync(first.result!.reportPaths.json, 'utf8'));
    expect(report.connections).toEqual(Object.fromEntries(ips().map((ip) => [ip, 1])));
    const logged = readFileSync(join(first.result!.report.logDir, 'events.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const ends = logged.filter((e: { type: string }) => e.type === 'run-end');
    expect(ends.length).toBeGreaterThanOrEqual(4); // preflight, os, install, verify
    for (const e of ends) expect(Object.values(e.hosts as Record<string, { connections: number }>).map((h) => h.connections)).toEqual([1, 1, 1]);
  });

  it('a row written on the primary is read back on the standby and the cascade', async () => {
    const [p, s, c] = ips();
    expect((await gsql(lab, p!, 'create table afo_e2e(x int); insert into afo_e2e values (4242)')).code).toBe(0);
    for (const ip of [s!, c!]) await readBack(lab, ip, 'select x from afo_e2e', '4242');
  });

  it('sets hostnames, /etc/hosts, sysctl file, readline link, RemoveIPC; removes root trust at the end', async () => {
    const [p] = ips();
    const r = await sh(
      lab,
      lab.hosts[0]!.name,
      'hostname; grep -c og /etc/hosts; cat /etc/sysctl.d/50-opengauss.conf; readlink /lib64/libreadline.so.7; grep ^RemoveIPC /etc/systemd/logind.conf; ls /root/.ssh',
    );
    const n = p!.split('.').reduce((a, x) => a * 256 + Number(x), 0);
    expect(r.out).toContain(`og${n}`);
    expect(r.out).toMatch(/^net\.ipv4\.tcp_retries1 ?= ?5$/m);
    expect(r.out).toContain('/lib64/libreadline.so.8');
    expect(r.out).toContain('RemoveIPC=no');
    expect(r.out).not.toContain('afo_opengauss_trust');
    for (const h of lab.hosts) {
      const keys = await sh(lab, h.name, 'cat /root/.ssh/authorized_keys; ls /root/.ssh; cat /root/.ssh/config 2>/dev/null');
      expect(keys.out, h.name).not.toContain('afo-opengauss-root-trust');
      expect(keys.out, h.name).not.toContain('afo_opengauss');
      expect(keys.out, h.name).not.toContain('AFO OPENGAUSS TRUST');
    }
  });

  it('a second afo deploy changes nothing on any host and says so; --check after it plans nothing', async () => {
    const again = await afoDeploy(['-i', inv, '--package', pkg]);
    expect(again.code).toBe(0);
    expect(again.result?.report.message).toMatch(/nothing to do/);
    const changed = changedPerHost(again.events);
    expect(Object.keys(changed).sort()).toEqual([...ips()].sort());
    expect(changed).toEqual(Object.fromEntries(ips().map((ip) => [ip, 0])));
    const check = await afoDeploy(['-i', inv, '--check']);
    expect(check.code).toBe(0);
    expect(changedTasks(check.events)).toEqual([]);
  });

  it("after deleting one host's sysctl file and readline link, --check shows exactly those and a re-run changes only them", async () => {
    const s = ips()[1]!;
    await sh(lab, lab.hosts[1]!.name, 'rm /etc/sysctl.d/50-opengauss.conf /lib64/libreadline.so.7');
    const check = await afoDeploy(['-i', inv, '--check']);
    const want = [`${s}: libreadline.so.7 -> libreadline.so.8`, `${s}: kernel parameters (defaults + yours; keys this kernel lacks are skipped)`];
    expect(changedTasks(check.events)).toEqual(want);
    const fix = await afoDeploy(['-i', inv]);
    expect(fix.code).toBe(0);
    expect(changedTasks(fix.events)).toEqual(want);
    expect(changedTasks((await afoDeploy(['-i', inv, '--check'])).events)).toEqual([]);
  });

  it("no secret appears in the OM call log, in afo's log directories or in the report", async () => {
    const secrets = secretsOf(inv);
    expect(secrets).toHaveLength(3);
    for (const h of lab.hosts) {
      const log = await sh(lab, h.name, 'cat /var/log/afo-standin/calls.log');
      expect(log.out, h.name).toContain('gs_');
      if (h.ip === ips()[0]) {
        const install = log.out.split('\n').find((l) => l.includes('"tool": "gs_install"')) ?? '';
        expect(install).toContain('--gsinit-parameter=--locale=en_US.utf8'); // the locale is passed explicitly
        expect(install).not.toContain('pwpasswd'); // the password went to the prompt
      }
      for (const s of secrets) expect(log.out.includes(s), `${h.name} calls.log`).toBe(false);
    }
    const files = filesUnder(join(dirname(inv), 'reports'));
    expect(files.some((f) => f.path.endsWith('report.md'))).toBe(true);
    for (const f of files) for (const s of secrets) expect(f.text.includes(s), f.path).toBe(false);
    const md = readFileSync(first.result!.reportPaths.md, 'utf8');
    expect(md).toContain('credentials/opengauss.yml');
  });

  it('MTU is opt-in: set live and in ifcfg on the NIC holding the address, then left alone', async () => {
    const mtu = ['-e', '{"opengauss_env": {"iface_mtu": 9000}}'];
    const set = await afoDeploy(['-i', inv, ...mtu]);
    expect(set.code).toBe(0);
    expect(changedTasks(set.events).filter((t) => t.includes('MTU'))).toHaveLength(6);
    const r = await sh(
      lab,
      lab.hosts[0]!.name,
      'cat /sys/class/net/eth0/mtu; grep ^MTU= /etc/sysconfig/network-scripts/ifcfg-eth0; stat -c %a /etc/sysconfig/network-scripts/ifcfg-eth0',
    );
    expect(r.out.split('\n').slice(0, 3)).toEqual(['9000', 'MTU=9000', '600']);
    expect(changedTasks((await afoDeploy(['-i', inv, ...mtu])).events)).toEqual([]);
  });

  it('chronyd runs, enabled and synchronised, on every host (it was off on the cascade)', async () => {
    for (const h of lab.hosts) {
      const r = await sh(lab, h.name, 'systemctl is-enabled chronyd; systemctl is-active chronyd; chronyc -n tracking | grep Leap');
      expect(r.out.split('\n').slice(0, 3), h.name).toEqual(['enabled', 'active', 'Leap status     : Normal']);
    }
  });

  it('a skewed clock and an unsynchronised one stop afo deploy in preflight, naming hosts and offsets; nothing changes', async () => {
    const [p, s, c] = ips();
    await sh(lab, lab.hosts[1]!.name, 'echo 2.5 > /var/lib/afo-lab/clock-offset');
    await sh(lab, lab.hosts[2]!.name, 'touch /var/lib/afo-lab/clock-unsynced');
    const r = await afoDeploy(['-i', inv, '--package', pkg]);
    await sh(lab, lab.hosts[1]!.name, 'rm /var/lib/afo-lab/clock-offset');
    await sh(lab, lab.hosts[2]!.name, 'rm /var/lib/afo-lab/clock-unsynced');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/preflight failed; nothing was changed/);
    expect(r.stderr).toContain(`${p}=+0.0 ms, ${s}=+2500.0 ms`);
    expect(r.stderr).toMatch(/clock skew/);
    expect(r.stderr).toMatch(new RegExp(`${c!.replace(/\./g, '\\.')}\\s+\\| clock synchronised`));
    expect(changedTasks(r.events)).toEqual([]);
    const again = await afoDeploy(['-i', inv, '--package', pkg]);
    expect(again.code, again.stderr).toBe(0);
  });
});
