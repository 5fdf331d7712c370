/**
 * Asking before the first change, and what runs leave behind (docs/architecture.md §7.3, §7.4),
 * on one lab host (openEuler 20.03, the openGauss stand-in), in sequence:
 *
 * - `afo deploy --check` (no terminal, no -y: --check never asks) writes nothing beside the
 *   inventory but its run log under reports/: no secrets file, no key pair;
 * - without a terminal and without -y, afo deploy refuses at once (exit 2, "pass -y"): no run
 *   log, no secrets, nothing on the host;
 * - on a terminal (util-linux `script` gives the built CLI a pseudo-terminal) it shows the plan
 *   and asks; `n` changes nothing (exit 3, report.json outcome cancelled); a stopped host fails
 *   preflight with its failure in report.json; a refused lock too; `y` installs.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api.js';
import { afo, afoDeploy, labDown, labUp, REPO, sh, standinPackage, startHost, stopHost, writeInventory } from './helpers.js';

const run = promisify(execFile);
const LOCK = '/var/lib/afo/cluster.lock';

let lab: Lab;
let inv: string;
let dir: string;
let pkg: string;
const host = () => lab.hosts[0]!.name;

/** The built CLI on a pseudo-terminal (`script -qec`), `answer` typed at it; never throws on a non-zero exit. */
async function onTerminal(args: string[], answer: string): Promise<{ code: number; out: string }> {
  const cmd = ['node', join(REPO, 'dist/src/cli/main.js'), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // the answer is typed once the question is on the screen (the pty buffers it until afo reads)
  const p = run('script', ['-qec', cmd, '/dev/null'], { maxBuffer: 1 << 26, timeout: 540_000 });
  p.child.stdin!.write(answer);
  // script sends EOF to the terminal when its stdin ends; keep it open until afo is done
  return p.then(
    (x) => {
      p.child.stdin!.end();
      return { code: 0, out: x.stdout };
    },
    (e: { code?: number; stdout?: string }) => ({ code: typeof e.code === 'number' ? e.code : 1, out: e.stdout ?? '' }),
  );
}

/** Every path under the inventory's directory except the run logs in reports/. */
function listing(): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((p) => p !== 'reports' && !p.startsWith('reports/')).sort();
}

function newestReport(): Record<string, any> {
  const runs = readdirSync(join(dir, 'reports')).sort();
  return JSON.parse(readFileSync(join(dir, 'reports', runs.at(-1)!, 'report.json'), 'utf8'));
}

/** What a deploy would change on the host: the database user, the upload dir, the lock dir. */
const hostState = async () => (await sh(lab, host(), 'id omm 2>&1; ls /opt/software 2>&1; ls /var/lib/afo 2>&1; hostname')).out;

beforeAll(async () => {
  pkg = await standinPackage('openGauss-5.0.0-openEuler-64bit-all.tar.gz');
  lab = await labUp(1, ['openeuler20.03']);
  rmSync(join(lab.dir, 'e2e', 'confirm'), { recursive: true, force: true }); // a fresh inventory directory: no secrets from an earlier run
  inv = writeInventory(lab, 'confirm', { primary: lab.hosts[0]!.ip });
  dir = dirname(inv);
});

afterAll(async () => {
  await labDown(lab);
});

describe('confirmation before changes; check mode and report.json', () => {
  it('deploy --check without a terminal never asks and writes nothing beside the inventory but its run log', async () => {
    const before = listing();
    const state = await hostState();
    const r = await afo(['deploy', '-i', inv, '--package', pkg, '--check']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('Proceed?');
    expect(listing()).toEqual(before);
    expect(existsSync(join(dir, 'credentials'))).toBe(false);
    expect(newestReport().outcome).toBe('check');
    expect(await hostState()).toBe(state);
  });

  it('no terminal and no -y: refused at once (exit 2, says to pass -y); no run log, nothing on the host', async () => {
    const logs = readdirSync(join(dir, 'reports'));
    const state = await hostState();
    const r = await afo(['deploy', '-i', inv, '--package', pkg]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/afo deploy changes the cluster .*pass -y \(--yes\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(join(dir, 'reports'))).toEqual(logs);
    expect(existsSync(join(dir, 'credentials'))).toBe(false);
    expect(await hostState()).toBe(state);
  });

  it('on a terminal: the plan, "Proceed? [y/N]"; n changes nothing (exit 3, report.json outcome cancelled)', async () => {
    const state = await hostState();
    const r = await onTerminal(['deploy', '-i', inv, '--package', pkg], 'n\n');
    expect(r.out).toContain(`afo deploy will install openGauss 5.0.0 on 1 host(s): ${lab.hosts[0]!.ip} (primary`);
    expect(r.out).toContain('Proceed? [y/N]');
    expect(r.out).toContain('not confirmed; nothing was changed');
    expect(r.code, r.out).toBe(3);
    expect(existsSync(join(dir, 'credentials'))).toBe(false);
    expect(newestReport().outcome).toBe('cancelled');
    expect(await hostState()).toBe(state);
  });

  it('a stopped host: preflight fails and report.json says where (phase preflight, the host, the message)', async () => {
    await stopHost(lab, lab.hosts[0]!);
    try {
      const r = await afoDeploy(['-i', inv, '--package', pkg]);
      expect(r.code, r.stderr).toBe(3);
      const report = newestReport();
      expect(report.outcome).toBe('stopped');
      expect(report.failure).toMatchObject({ phase: 'preflight', hosts: [lab.hosts[0]!.ip], kind: 'preflight' });
      expect(report.failure.message).toContain('preflight failed; nothing was changed');
    } finally {
      await startHost(lab, lab.hosts[0]!);
    }
  });

  it('bad settings: report.json with the failure (phase settings), before any connection', async () => {
    const r = await afoDeploy(['-i', inv, '--package', pkg, '-e', '{"opengauss_env": {"dataPortBase": "abc"}}']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/report: \S+report\.json/);
    const report = newestReport();
    expect(report.failure).toMatchObject({ phase: 'settings', hosts: [], kind: 'input' });
    expect(report.failure.message).toContain('opengauss_env.dataPortBase');
  });

  it('a refused lock: report.json with the failure (phase lock); nothing changed', async () => {
    const other = 'owner=dba@ops-console pid=4242 started=2026-12-05T10:00:00.000Z command=expand';
    await sh(lab, host(), `mkdir -p /var/lib/afo && echo '${other}' > ${LOCK}`);
    try {
      const r = await afoDeploy(['-i', inv, '--package', pkg]);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain('another afo run holds the lock');
      expect(newestReport().failure).toMatchObject({ phase: 'lock', kind: 'preflight' });
      expect((await sh(lab, host(), 'id omm 2>&1')).code).not.toBe(0);
    } finally {
      await sh(lab, host(), `rm -f ${LOCK}`);
    }
  });

  it('on a terminal, y installs (and the secrets file is written then)', async () => {
    const r = await onTerminal(['deploy', '-i', inv, '--package', pkg], 'y\n');
    expect(r.out).toContain('Proceed? [y/N]');
    expect(r.code, r.out.slice(-3000)).toBe(0);
    expect(newestReport().outcome).toBe('installed');
    expect(existsSync(join(dir, 'credentials', 'opengauss.yml'))).toBe(true);
  });
});
