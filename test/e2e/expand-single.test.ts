/**
 * afo expand end to end: a single node deployed by afo grows to 1 primary + 1 standby + 1 cascade
 * by editing the inventory (standbys join before cascades, then CM is added: switchover and back,
 * cm_install), on lab hosts presented as openEuler 20.03 with the openGauss stand-in. Also:
 * --check on the grown inventory prints the plan and changes nothing; a second run changes
 * nothing; an inventory that moves the installed standby to the cascade group is refused. Then
 * 1P+1S+1C with CM -> 1P+2S+2C: that expand is interrupted by stopping the new standby's host
 * once gs_expansion has installed the app there (it fails naming the host; the running nodes stay
 * Normal, the row readable); after the host is started a re-run clears what OM left and completes it, each step "with cluster manager
 * component", without restarting the running nodes. A writer
 * keeps inserting rows on the primary during the whole expand + CM install: no acknowledged row
 * is lost, and the report gives the write-unavailability window of each switchover.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api.js';
import { waitFor } from '../support/wait-for.js';
import {
  afo,
  afoDeploy,
  afoExpand,
  changedPerHost,
  changedTasks,
  gsql,
  hostOf,
  labDown,
  labUp,
  normalRows1p1s1c,
  readBack,
  reportOf,
  reportPath,
  sh,
  standinPackage,
  startAfo,
  startHost,
  startWriter,
  stopHost,
  writeInventory,
  type AfoRun,
  type WriterResult,
} from './helpers.js';

let lab: Lab;
let pkg: string;
let deployed: AfoRun;
let pending: AfoRun;
let check: AfoRun;
let afterCheck: string;
let expanded: AfoRun;
let written: WriterResult;
let primaryPostmaster: string;
const ips = () => lab.hosts.slice(0, 3).map((h) => h.ip);
const fourth = () => lab.hosts[3]!.ip;
const fifth = () => lab.hosts[4]!.ip;
/** The primary's postmaster: pid and start time (postmaster.pid lines 1 and 3); unchanged = not restarted. */
const postmasterOf = async (ip: string) => (await sh(lab, hostOf(lab, ip), "sed -n '1p;3p' /opt/openGauss/data/dn/postmaster.pid")).out.trim();
const inventory = (roles: Parameters<typeof writeInventory>[2]) => writeInventory(lab, 'expand', roles);

beforeAll(async () => {
  pkg = await standinPackage('openGauss-5.0.0-openEuler-64bit-all.tar.gz');
  lab = await labUp(5, ['openeuler20.03']);
  const [p, s, c] = ips();
  deployed = await afoDeploy(['-i', inventory({ primary: p! }), '--package', pkg]);
  await gsql(lab, p!, 'create table afo_expand(x int); insert into afo_expand values (777); create table afo_writer(id int primary key)');
  const grown = inventory({ primary: p!, standby: [s!], cascade: [c!] });
  pending = await afoDeploy(['-i', grown, '--package', pkg]);
  check = await afoExpand(['-i', grown, '--package', pkg, '--check']);
  afterCheck = (await sh(lab, lab.hosts[1]!.name, 'hostname; id omm 2>&1; ls /opt/software 2>&1')).out;
  const writer = startWriter(lab, p!, 'afo_writer');
  expanded = await afoExpand(['-i', grown, '--package', pkg]);
  written = await writer.stop();
});

afterAll(async () => {
  await labDown(lab);
});

describe('afo expand: single node -> 1P+1S+1C with CM', () => {
  it('afo deploy on the grown inventory converges the installed node only, prints the expand plan and command, exits 5', () => {
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(pending.code, pending.stderr).toBe(5);
    expect(pending.result?.report.outcome).toBe('expand-pending');
    expect(pending.stderr).toContain(`1. standbys join: ${ips()[1]}`);
    expect(pending.stderr).toContain(`then add them: afo expand -i ${inventory({ primary: ips()[0]!, standby: [ips()[1]!], cascade: [ips()[2]!] })}`);
    expect(changedPerHost(pending.events)).toEqual({ [ips()[0]!]: 0, [ips()[1]!]: 0, [ips()[2]!]: 0 });
    const osHosts = pending.events.flatMap((e) => (e.type === 'host-task-end' && e.task.name.startsWith('hostname is the node name') ? [e.host] : []));
    expect(osHosts).toEqual([ips()[0]]);
  });

  it('--check on the grown inventory prints the plan (order, XML difference, OM commands) and changes nothing', () => {
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(check.code, check.stderr).toBe(0);
    expect(check.result?.report.outcome).toBe('check');
    const [, s, c] = ips();
    const out = check.stderr;
    expect(out).toContain(`1. standbys join: ${s}`);
    expect(out).toContain(`2. cascades join: ${c}`);
    expect(out).toContain(`-h ${s} --time-out=600`);
    expect(out).toContain('3. CM is added');
    expect(out).toMatch(/^\+.*cascadeRole/m);
    expect(out).toMatch(/^-\s*<PARAM name="dataNode1" value="\/opt\/openGauss\/data\/dn"\/>/m);
    expect(afterCheck).toContain(lab.hosts[1]!.name); // hostname untouched
    expect(afterCheck).toMatch(/no such user/);
    expect(afterCheck).toMatch(/\/opt\/software.*No such file/);
  });

  it('expands: standby and cascade join, CM is added, every node Normal', () => {
    expect(expanded.code, expanded.stderr).toBe(0);
    expect(expanded.result?.report.outcome).toBe('expanded');
    const { report, rows } = reportOf(expanded);
    expect(report.cluster.cm).toBe(true);
    expect(report.status.layout).toBe('B');
    expect(report.status.clusterState).toBe('Normal');
    expect(rows).toEqual(normalRows1p1s1c(ips()));
  });

  it("the writer lost no row the primary acknowledged during the expand + CM install; the report gives the switchovers' write-unavailability window", async () => {
    expect(expanded.code, expanded.stderr).toBe(0);
    expect(written.acked.length).toBeGreaterThan(0);
    const n = String(written.acked.length);
    for (const ip of ips()) await readBack(lab, ip, `select count(*) from afo_writer where id in (${written.acked.join(',')})`, n);
    const { report } = reportOf(expanded);
    const [p, s] = ips();
    expect(report.switchovers.map((w: { to: string }) => w.to)).toEqual([s, p]);
    for (const w of report.switchovers) expect(w.writeUnavailableMaxSeconds).toBeGreaterThan(0);
    expect(readFileSync(expanded.result!.reportPaths.md, 'utf8')).toContain('## Write availability');
    console.log(
      `writer during expand: ${written.acked.length} acknowledged, ${written.failed} refused, longest gap ${written.longestGapSeconds.toFixed(1)} s; ` +
        `report: ${report.switchovers.map((w: { to: string; writeUnavailableMaxSeconds: number }) => `to ${w.to} <= ${w.writeUnavailableMaxSeconds} s`).join(', ')}`,
    );
  });

  it('the status shows the CMServer section; afo status --json: cm true, every node Normal (exit 0)', async () => {
    const st = await sh(lab, lab.hosts[0]!.name, "su - omm -c 'gs_om -t status --detail'");
    expect(st.out).toMatch(/^\[\s*CMServer State\s*\]$/m);
    const [p, s, c] = ips();
    const afoSt = await afo(['status', '-i', inventory({ primary: p!, standby: [s!], cascade: [c!] }), '--json']);
    expect(afoSt.code, afoSt.stderr).toBe(0);
    const j = JSON.parse(afoSt.stdout) as { cm: boolean; nodes: { host: string; role: string; state: string }[] };
    expect(j.cm).toBe(true);
    expect(j.nodes.map((n) => `${n.host} ${n.role} ${n.state}`)).toEqual(normalRows1p1s1c(ips()));
  });

  it('the row written before the expansion is readable on all three nodes', async () => {
    for (const ip of ips()) expect(await readBack(lab, ip, 'select x from afo_expand', '777'), ip).toBe('777');
  });

  it('gs_expansion added the standby before the cascade (OM call log)', async () => {
    const log = (await sh(lab, lab.hosts[0]!.name, 'cat /var/log/afo-standin/calls.log')).out;
    const calls = log
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { tool: string; argv: string[]; uid: number });
    const exp = calls.filter((c) => c.tool === 'gs_expansion');
    expect(exp.map((c) => c.argv[c.argv.indexOf('-h') + 1])).toEqual([ips()[1], ips()[2]]);
    expect(exp.every((c) => c.uid === 0)).toBe(true);
  });

  it('a second afo expand changes nothing', async () => {
    const again = await afoExpand(['-i', inventory({ primary: ips()[0]!, standby: [ips()[1]!], cascade: [ips()[2]!] }), '--package', pkg]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.result?.report.outcome).toBe('unchanged');
    expect(changedPerHost(again.events)).toEqual(Object.fromEntries(ips().map((ip) => [ip, 0])));
  });

  it('an inventory that moves the installed standby to the cascade group is refused before any change', async () => {
    const [p, s, c] = ips();
    const moved = inventory({ primary: p!, standby: [c!], cascade: [s!] });
    const r = await afoExpand(['-i', moved, '--package', pkg]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('installed role');
    expect(r.stderr).toContain(s!);
    expect(r.stderr).toContain('opengauss_standby');
    expect(changedPerHost(r.events)).toEqual(Object.fromEntries(ips().map((ip) => [ip, 0])));
    // the inventory is written back as it was (the cluster is untouched)
    inventory({ primary: p!, standby: [s!], cascade: [c!] });
  });

  it('an expand interrupted by stopping the new host during gs_expansion fails naming it; the running nodes stay Normal, the row readable', async () => {
    const [p, s, c] = ips();
    primaryPostmaster = await postmasterOf(p!);
    const run = startAfo('expand', ['-i', inventory({ primary: p!, standby: [s!, fourth()], cascade: [c!, fifth()] }), '--package', pkg]);
    // mid-run: gs_expansion runs on the primary and has installed the app on the new host (it builds next)
    await waitFor(
      async () =>
        (await sh(lab, lab.hosts[0]!.name, "pgrep -f 'script/gs_[e]xpansion'")).code === 0 &&
        (await sh(lab, lab.hosts[3]!.name, 'ls -A /opt/openGauss/install/app | grep -q .')).code === 0,
      { timeoutMs: 480_000, intervalMs: 200, what: `gs_expansion to install the app on ${fourth()}` },
    );
    await stopHost(lab, lab.hosts[3]!);
    const r = await run.done;
    expect(r.code, r.stderr).toBe(4);
    expect(JSON.parse(readFileSync(reportPath(r), 'utf8')).outcome).toBe('failed');
    expect(r.stderr).toContain('gs_expansion of the standbys');
    console.log(`interrupted expand: ${r.stderr.split('\n').find((l) => l.includes('gs_expansion did not add')) ?? r.stderr.slice(0, 400)}`);
    expect(r.stderr).toContain(fourth());
    // the running nodes: Normal, the row readable on each (afo status on the inventory without the stopped host)
    const st = await afo(['status', '-i', inventory({ primary: p!, standby: [s!], cascade: [c!] }), '--json']);
    expect(st.code, st.stdout + st.stderr).toBe(0);
    const nodes = (JSON.parse(st.stdout) as { nodes: { host: string; role: string; state: string }[] }).nodes;
    expect(nodes.map((n) => `${n.host} ${n.role} ${n.state}`)).toEqual(normalRows1p1s1c(ips()));
    for (const ip of ips()) expect(await readBack(lab, ip, 'select x from afo_expand', '777'), ip).toBe('777');
  });

  it('after `npm run lab -- start` a re-run completes it: 1P+1S+1C with CM -> 1P+2S+2C (what OM left on the new host cleared first), each step "with cluster manager component", standby before cascade; the running nodes were not restarted; the row is on the new nodes', async () => {
    const [p, s, c] = ips();
    await startHost(lab, lab.hosts[3]!);
    // what the interrupted gs_expansion left on the new host, and afo's mark of a join in progress
    const left = await sh(lab, lab.hosts[3]!.name, 'cat /var/lib/afo/expand-joining; ls -A /opt/openGauss/install/app | wc -l');
    expect(left.out).toContain('afo expand: joining the cluster of');
    expect(Number(left.out.trim().split('\n').pop())).toBeGreaterThan(0);
    const r = await afoExpand(['-i', inventory({ primary: p!, standby: [s!, fourth()], cascade: [c!, fifth()] }), '--package', pkg]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.result?.report.outcome).toBe('expanded');
    const { report, rows } = reportOf(r);
    expect(report.cluster.cm).toBe(true);
    expect(rows).toEqual([...normalRows1p1s1c(ips()), `${fourth()} Standby Normal`, `${fifth()} Cascade Standby Normal`]);
    expect(await postmasterOf(p!)).toBe(primaryPostmaster);
    expect(changedTasks(r.events)).toContain(`${fourth()}: leftovers of an interrupted join cleared (hosts afo marked)`);
    expect((await sh(lab, lab.hosts[3]!.name, 'ls /var/lib/afo/expand-joining')).code).not.toBe(0); // unmarked once joined
    const om = await sh(lab, lab.hosts[0]!.name, "grep -h 'Start expansion' /var/log/omm/om/gs_expansion-*.log");
    const starts = om.out.split('\n').filter((l) => l.includes('Start expansion'));
    // the two first steps (standby, cascade) before CM; the interrupted run and the re-run with CM
    expect(starts.slice(0, 2)).toEqual(['Start expansion without cluster manager component.', 'Start expansion without cluster manager component.']);
    // the interrupted run (its log is written when it ends), then the re-run's standby and cascade steps
    expect(starts.length).toBeGreaterThanOrEqual(4);
    expect(new Set(starts.slice(2))).toEqual(new Set(['Start expansion with cluster manager component.']));
    const calls = (await sh(lab, lab.hosts[0]!.name, 'cat /var/log/afo-standin/calls.log')).out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { tool: string; argv: string[] });
    const hosts = calls.filter((x) => x.tool === 'gs_expansion').map((x) => x.argv[x.argv.indexOf('-h') + 1]);
    expect(hosts.slice(-2)).toEqual([fourth(), fifth()]);
    await readBack(lab, fourth(), 'select x from afo_expand', '777');
    await readBack(lab, fifth(), 'select x from afo_expand', '777');
  });
});
