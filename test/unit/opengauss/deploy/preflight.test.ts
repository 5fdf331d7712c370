/** Preflight: the fact parser and the judgement (ports/dirs only for new instances, agreement across hosts). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goodFacts } from '../fixtures.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { preflightProblems, portsFor } from '../../../../src/opengauss/deploy/checks.js';
import { planDeploy, type DeployPlan } from '../../../../src/opengauss/deploy/plan.js';
import { loadDefaults } from '../../../../src/opengauss/deploy/run.js';
import { parsePreflight } from '../../../../src/opengauss/modules/preflight-fact.js';

let plan: DeployPlan;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'afo-pre-'));
  writeFileSync(join(dir, 'hosts.ini'), '[opengauss_primary]\n192.0.2.10\n[opengauss_standby]\n192.0.2.11\n[opengauss_cascade]\n192.0.2.12\n');
  plan = await planDeploy({ inventoryPath: join(dir, 'hosts.ini'), extraVars: {}, roleDefaults: loadDefaults() });
});

const good = goodFacts;

describe('preflight fact', () => {
  it('parses memory, disk, hex LISTEN ports, non-empty dirs, locales, host keys', () => {
    const f = parsePreflight(
      'mem_kb=2097152\ndisk_kb=1048576\nlisten=0016\nlisten=3C28\nlisten=0016\nnonempty=/opt/openGauss/data/dn\nlocale=C\nlocale=en_US.utf8\nhostkey=ssh-ed25519 AAAA\n',
    );
    expect(f).toEqual({
      memAvailableMb: 2048,
      diskFreeMb: 1024,
      listening: [22, 15400],
      nonEmptyDirs: ['/opt/openGauss/data/dn'],
      locales: ['C', 'en_US.utf8'],
      hostKeys: ['ssh-ed25519 AAAA'],
      clock: { service: 'none', synced: false },
    });
  });
});

describe('preflight fact: the joining mark', () => {
  it('is reported only when the host carries it', () => {
    expect(parsePreflight('afo_joining=1\n').afoJoining).toBe(true);
    expect(parsePreflight('mem_kb=1\n').afoJoining).toBeUndefined();
  });

  it('a fresh install still wants empty directories on a marked host', () => {
    const marked = plan.nodes.map((n) => ({ name: n.name, facts: good({ nonEmptyDirs: ['/opt/openGauss/data/dn'], afoJoining: true }) }));
    expect(preflightProblems(plan, marked, true).map((p) => p.check)).toContain('empty directories');
  });
});

describe('preflight judgement', () => {
  it('all good: no problem', () => {
    expect(
      preflightProblems(
        plan,
        plan.nodes.map((n) => ({ name: n.name, facts: good() })),
        true,
      ),
    ).toEqual([]);
  });

  it('DN and CM ports (P..P+5, C/C+1 on the primary, C+500/C+501 elsewhere)', () => {
    expect(portsFor(plan, '192.0.2.10')).toEqual([15400, 15401, 15402, 15403, 15404, 15405, 15300, 15301]);
    expect(portsFor(plan, '192.0.2.11')).toEqual([15400, 15401, 15402, 15403, 15404, 15405, 15800, 15801]);
  });

  it('busy ports and non-empty data dirs count only for new instances', () => {
    const busy = plan.nodes.map((n) => ({ name: n.name, facts: good({ listening: [22, 15400, 15401], nonEmptyDirs: ['/opt/openGauss/data/dn'] }) }));
    const fresh = preflightProblems(plan, busy, true);
    expect(fresh.filter((p) => p.check === 'free ports')).toHaveLength(3);
    expect(fresh.filter((p) => p.check === 'empty directories')).toHaveLength(3);
    expect(preflightProblems(plan, busy, false)).toEqual([]);
  });

  it('unreachable host, unsupported OS, missing locale, time zones that differ', () => {
    const p = preflightProblems(
      plan,
      [
        { name: '192.0.2.10', facts: good() },
        { name: '192.0.2.11', unreachable: 'connection refused' },
        { name: '192.0.2.12', facts: good({ distribution: 'Debian', version: '12', locales: ['C'], timezone: 'Asia/Shanghai' }) },
      ],
      true,
    );
    expect(p.map((x) => `${x.host}: ${x.check}`)).toEqual([
      '192.0.2.11: reachable',
      '192.0.2.12: OS and arch',
      '192.0.2.12: locale',
      '192.0.2.10=UTC, 192.0.2.12=Asia/Shanghai: same time zone',
    ]);
  });
});
