/**
 * afo expand of two groups at once: 1 primary + 1 standby (no CM) grows to 1 primary + 2 standbys
 * + 1 cascade in one `afo expand` run: gs_expansion adds the new standby before the cascade (the
 * OM call log), CM is added (four data nodes), every node is Normal and a row written before is on
 * every node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api.js';
import { afoDeploy, afoExpand, gsql, labDown, labUp, readBack, reportOf, sh, standinPackage, writeInventory, type AfoRun } from './helpers.js';

let lab: Lab;
let ips: string[];
let deployed: AfoRun;
let expanded: AfoRun;

beforeAll(async () => {
  const pkg = await standinPackage('openGauss-5.0.0-openEuler-64bit-all.tar.gz');
  lab = await labUp(4, ['openeuler20.03']);
  ips = lab.hosts.map((h) => h.ip);
  const [p, s1, s2, c] = ips;
  deployed = await afoDeploy(['-i', writeInventory(lab, 'expand2', { primary: p!, standby: [s1!] }), '--package', pkg]);
  await gsql(lab, p!, 'create table afo_grow(x int); insert into afo_grow values (42)');
  expanded = await afoExpand(['-i', writeInventory(lab, 'expand2', { primary: p!, standby: [s1!, s2!], cascade: [c!] }), '--package', pkg, '-y']);
});

afterAll(async () => {
  await labDown(lab);
});

describe('afo expand: 1P+1S -> 1P+2S+1C in one run', () => {
  it('the 1P+1S deploy has no CM; the expand adds the standby, the cascade and CM; every node Normal', () => {
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(reportOf(deployed).report.cluster.cm).toBe(false);
    expect(expanded.code, expanded.stderr).toBe(0);
    expect(expanded.result?.report.outcome).toBe('expanded');
    const { report, rows } = reportOf(expanded);
    expect(report.cluster.cm).toBe(true);
    expect(rows).toEqual([`${ips[0]} Primary Normal`, `${ips[1]} Standby Normal`, `${ips[2]} Standby Normal`, `${ips[3]} Cascade Standby Normal`]);
  });

  it('gs_expansion added the new standby before the cascade, as root on the primary (OM call log)', async () => {
    const calls = (await sh(lab, lab.hosts[0]!.name, 'cat /var/log/afo-standin/calls.log')).out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { tool: string; argv: string[]; uid: number });
    const exp = calls.filter((c) => c.tool === 'gs_expansion');
    expect(exp.map((c) => c.argv[c.argv.indexOf('-h') + 1])).toEqual([ips[2], ips[3]]);
    expect(exp.every((c) => c.uid === 0)).toBe(true);
  });

  it('the row written before is on every node', async () => {
    for (const ip of ips) expect(await readBack(lab, ip, 'select x from afo_grow', '42'), ip).toBe('42');
  });
});
