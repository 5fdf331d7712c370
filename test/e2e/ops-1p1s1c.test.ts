/**
 * afo status, switchover and scale-in end to end on a 1 primary + 1 standby + 1 cascade cluster
 * with CM (the openGauss stand-in on lab hosts): status --json all Normal with cm true; a
 * switchover to the standby and back (-y) with a row readable on every node throughout; CM
 * arbitration: the primary's host stopped, the CM servers promote the standby by majority and
 * afo status shows it (the stopped node unreachable, exit 3), the row readable throughout; the host
 * started again rejoins as a standby; scale-in refused for the primary and without -y off a
 * terminal; scale-in of the cascade, after which the status no longer lists it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api.js';
import { waitFor } from '../support/wait-for.js';
import { afo, afoDeploy, gsql, hostOf, labDown, labUp, sh, standinPackage, startHost, stopHost, writeInventory } from './helpers.js';

let lab: Lab;
let inv: string;
let ips: string[];

interface Status {
  cluster_state: string;
  cm: boolean;
  nodes: { host: string; role: string; state: string; upstream?: string; cm_server?: string; unreachable?: true }[];
}

async function status(): Promise<{ code: number; s: Status }> {
  const r = await afo(['status', '-i', inv, '--json']);
  expect(r.stdout.trim().split('\n'), r.stderr).toHaveLength(1);
  return { code: r.code, s: JSON.parse(r.stdout) as Status };
}

const roles = (s: Status) => s.nodes.map((n) => `${n.host} ${n.role} ${n.state}`);

/** Every row written so far, on every node that is still in the cluster (replicas catch up: bounded retries). */
async function rowsEverywhere(nodes: string[], want: string): Promise<void> {
  for (const ip of nodes) {
    let got = '';
    for (let i = 0; i < 20 && got !== want; i++) {
      got = (await gsql(lab, ip, "select string_agg(x::text, ',' order by x) from afo_ops")).out.trim();
      if (got !== want) await new Promise((r) => setTimeout(r, 500));
    }
    expect(got, ip).toBe(want);
  }
}

beforeAll(async () => {
  const pkg = await standinPackage('openGauss-5.0.0-openEuler-64bit-all.tar.gz');
  lab = await labUp(3, ['openeuler20.03']);
  ips = lab.hosts.map((h) => h.ip);
  inv = writeInventory(lab, 'ops', { primary: ips[0]!, standby: [ips[1]!], cascade: [ips[2]!] });
  const d = await afoDeploy(['-i', inv, '--package', pkg]);
  expect(d.code, d.stderr).toBe(0);
  expect((await gsql(lab, ips[0]!, 'create table afo_ops(x int); insert into afo_ops values (1)')).code).toBe(0);
});

afterAll(async () => {
  await labDown(lab);
});

describe('afo status / switchover / scale-in on 1P+1S+1C with CM', () => {
  it('status --json: one object, every node Normal, cm true, replicas with their upstream; exit 0', async () => {
    const { code, s } = await status();
    expect(code).toBe(0);
    expect(s.cluster_state).toBe('Normal');
    expect(s.cm).toBe(true);
    expect(roles(s)).toEqual([`${ips[0]} Primary Normal`, `${ips[1]} Standby Normal`, `${ips[2]} Cascade Standby Normal`]);
    expect(s.nodes.map((n) => n.upstream)).toEqual([undefined, ips[0], ips[1]]);
    expect(s.nodes.map((n) => n.cm_server)).toEqual(['Primary', 'Standby', 'Standby']);
  });

  it('refuses a switchover to the primary or the cascade (exit 3) and without -y off a terminal (exit 2); nothing changes', async () => {
    const toPrimary = await afo(['switchover', '-i', inv, '--to', ips[0]!, '-y']);
    expect(toPrimary.code).toBe(3);
    expect(toPrimary.stderr).toContain('already the primary');
    const toCascade = await afo(['switchover', '-i', inv, '--to', ips[2]!, '-y']);
    expect(toCascade.code).toBe(3);
    expect(toCascade.stderr).toContain('a cascade cannot become primary');
    const noTty = await afo(['switchover', '-i', inv, '--to', ips[1]!]);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toMatch(/pass -y/);
    expect(noTty.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(roles((await status()).s)[0]).toBe(`${ips[0]} Primary Normal`);
  });

  it('switches over to the standby with cm_ctl, waits until settled, refreshes the configuration; the row is readable everywhere', async () => {
    const r = await afo(['switchover', '-i', inv, '--to', ips[1]!, '-y']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/writes were unavailable for at most [0-9.]+ s/);
    const { code, s } = await status();
    expect(code).toBe(0);
    expect(roles(s)).toEqual([`${ips[0]} Standby Normal`, `${ips[1]} Primary Normal`, `${ips[2]} Cascade Standby Normal`]);
    expect(s.nodes.map((n) => n.upstream)).toEqual([ips[1], undefined, ips[0]]);
    await rowsEverywhere(ips, '1');
    expect((await gsql(lab, ips[1]!, 'insert into afo_ops values (2)')).code).toBe(0);
    const calls = (await sh(lab, hostOf(lab, ips[1]!), 'cat /var/log/afo-standin/calls.log')).out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { tool: string; argv: string[]; uid: number });
    expect(calls.some((c) => c.tool === 'cm_ctl' && c.argv.includes('switchover') && c.argv.includes('-n') && c.uid !== 0)).toBe(true);
    expect(calls.filter((c) => c.tool === 'gs_om' && c.argv.includes('refreshconf')).map((c) => c.uid !== 0)).toEqual([true]);
  });

  it('switches back (-y): the original primary is primary again and both rows are on every node', async () => {
    const r = await afo(['switchover', '-i', inv, '--to', ips[0]!, '-y', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { outcome: string; status: Status };
    expect(out.outcome).toBe('done');
    expect(roles(out.status)).toEqual([`${ips[0]} Primary Normal`, `${ips[1]} Standby Normal`, `${ips[2]} Cascade Standby Normal`]);
    await rowsEverywhere(ips, '1,2');
  });

  it("the primary's host stopped: the CM servers promote the standby by majority; afo status shows it and the unreachable node (exit 3); the row is readable throughout", async () => {
    const started = Date.now();
    await stopHost(lab, hostOf(lab, ips[0]!));
    const reads: string[] = [];
    const last = await waitFor(
      async () => {
        // the row stays readable on the standby while CM decides, and on the new primary after
        reads.push((await gsql(lab, ips[1]!, "select string_agg(x::text, ',' order by x) from afo_ops")).out.trim());
        const r = await status();
        if (!r.s.nodes.some((n) => n.host === ips[1] && n.role === 'Primary' && n.state === 'Normal')) throw new Error(`not yet: ${JSON.stringify(r.s)}`);
        return r;
      },
      { timeoutMs: 180_000, intervalMs: 2000, what: `CM to promote ${ips[1]}` },
    );
    expect(new Set(reads)).toEqual(new Set(['1,2']));
    console.log(`CM failover: ${ips[1]} Primary Normal in afo status ${((Date.now() - started) / 1000).toFixed(1)} s after the primary's host stopped`);
    expect(last.code).toBe(3);
    expect(last.s.cluster_state).not.toBe('Normal');
    const old = last.s.nodes.find((n) => n.host === ips[0]);
    expect(old).toMatchObject({ unreachable: true });
    expect(old!.role).not.toBe('Primary');
    const table = await afo(['status', '-i', inv]);
    expect(table.code).toBe(3);
    expect(table.stdout).toMatch(new RegExp(`^${ips[0]!.replace(/\./g, '\\.')} .*\\(host unreachable\\)`, 'm'));
    expect((await gsql(lab, ips[1]!, 'insert into afo_ops values (3)')).code).toBe(0);
    await rowsEverywhere([ips[1]!, ips[2]!], '1,2,3');
  });

  it('the stopped host started again rejoins as a standby of the new primary (CM restarts and rebuilds it); a switchover makes it primary again', async () => {
    await startHost(lab, hostOf(lab, ips[0]!));
    const started = Date.now();
    const last = await waitFor(
      async () => {
        const r = await status();
        if (r.code !== 0) throw new Error(`not yet: ${JSON.stringify(r.s)}`);
        return r.s;
      },
      { timeoutMs: 240_000, intervalMs: 3000, what: `${ips[0]} to rejoin as a Normal standby` },
    );
    console.log(
      `CM rejoin: every node Normal ${((Date.now() - started) / 1000).toFixed(1)} s after the stopped host started (om_monitor runs from cron each minute)`,
    );
    expect(roles(last)).toEqual([`${ips[0]} Standby Normal`, `${ips[1]} Primary Normal`, `${ips[2]} Cascade Standby Normal`]);
    await rowsEverywhere(ips, '1,2,3');
    const back = await afo(['switchover', '-i', inv, '--to', ips[0]!, '-y']);
    expect(back.code, back.stderr).toBe(0);
    expect(roles((await status()).s)).toEqual([`${ips[0]} Primary Normal`, `${ips[1]} Standby Normal`, `${ips[2]} Cascade Standby Normal`]);
  });

  it('scale-in refuses the primary (exit 3), and asks for -y off a terminal (exit 2); nothing changes', async () => {
    const p = await afo(['scale-in', '-i', inv, '--host', ips[0]!, '-y']);
    expect(p.code).toBe(3);
    expect(p.stderr).toContain('switch over first');
    const noTty = await afo(['scale-in', '-i', inv, '--host', ips[2]!]);
    expect(noTty.code).toBe(2);
    expect((await status()).s.nodes).toHaveLength(3);
  });

  it('scale-in of the cascade (-y): gs_dropnode on the primary; the status no longer lists it; the operator is told to edit the inventory', async () => {
    const r = await afo(['scale-in', '-i', inv, '--host', ips[2]!, '-y']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Remove ${ips[2]} from [opengauss_cascade] in ${inv}`);
    const st = await afo(['status', '-i', inv]);
    expect(st.code).toBe(0);
    expect(st.stdout).toContain(`inventory hosts the cluster does not have: ${ips[2]}`);
    const { s } = await status();
    expect(roles(s)).toEqual([`${ips[0]} Primary Normal`, `${ips[1]} Standby Normal`]);
    await rowsEverywhere(ips.slice(0, 2), '1,2,3');
  });
});
