/**
 * Preflight judgement (pure): the facts every host reported + the plan + what the probe found
 * -> rows of host / check / found / expected / how to fix. Ports and directories are checked
 * only on hosts that will get a NEW instance, never on a running cluster's own instances.
 */
import { resolvePackage } from '../packages.js';
import type { PreflightFacts } from '../modules/preflight-fact.js';
import type { Problem } from '../problem.js';
import { cmEnabled } from '../xml/model.js';
import { clockProblems } from './clock-checks.js';
import type { DeployPlan } from './plan.js';

export interface HostReport {
  name: string;
  /** Undefined when the host could not be reached (`unreachable` holds why). */
  facts?: PreflightFacts;
  unreachable?: string;
}

/** DN port P..P+5 on every node, CM C, C+1 on the primary and C+500, C+501 elsewhere (docs/opengauss.md §4.2). */
export function portsFor(plan: DeployPlan, host: string): number[] {
  const p = plan.settings.dataPortBase;
  const ports = [p, p + 1, p + 2, p + 3, p + 4, p + 5];
  if (cmEnabled(plan.model)) {
    const c = host === plan.primary.name ? plan.settings.cmServerPortBase : plan.settings.cmServerPortBase + 500;
    ports.push(c, c + 1);
  }
  return ports;
}

function version(v: string | undefined): number[] {
  return (v ?? '').split('.').map((x) => Number(x) || 0);
}

/**
 * @param fresh which hosts get a new instance (their ports and directories are checked): all
 *   (a fresh install), none, or the named hosts (an expansion's new nodes).
 */
export function preflightProblems(plan: DeployPlan, reports: HostReport[], fresh: boolean | ReadonlySet<string>): Problem[] {
  const out: Problem[] = [];
  const s = plan.settings;
  for (const r of reports) {
    const add = (check: string, found: string, expected: string, fix: string) => out.push({ host: r.name, check, found, expected, fix });
    if (!r.facts) {
      add('reachable', r.unreachable ?? 'no answer', 'SSH login and sudo work', 'check the address, SSH key/password and sudo settings in the inventory');
      continue;
    }
    const f = r.facts;
    try {
      resolvePackage({ version: s.version, osId: f.distribution ?? '?', osVersion: f.version ?? '?', arch: f.arch ?? '?' }, s.downloadServer);
    } catch (e) {
      add(
        'OS and arch',
        `${f.distribution ?? '?'} ${f.version ?? '?'} ${f.arch ?? '?'}`,
        'openEuler 20.03/22.03 or CentOS 7 on x86_64/aarch64',
        (e as Error).message,
      );
    }
    const py = version(f.python3);
    if (f.python3 === undefined || py[0]! < 3 || (py[0] === 3 && py[1]! < 6)) {
      if (!/centos/i.test(f.distribution ?? ''))
        add('python3', f.python3 ?? 'missing', 'python3 >= 3.6 (OM is Python)', 'install python3 (3.6 or newer) on the host');
    }
    if (f.memAvailableMb < s.minMemoryMb)
      add('memory', `${f.memAvailableMb} MB available`, `>= ${s.minMemoryMb} MB`, 'free memory or lower opengauss_min_memory_mb');
    if (f.diskFreeMb < s.minDiskMb)
      add('disk', `${f.diskFreeMb} MB free under ${s.paths.dataPath}`, `>= ${s.minDiskMb} MB`, 'free disk space or move opengauss_paths.dataPath');
    if (!f.locales.some((l) => l.toLowerCase() === s.locale.toLowerCase())) {
      add(
        'locale',
        `${s.locale} not in locale -a`,
        `${s.locale} available (it is fixed at initdb)`,
        `generate the locale (localedef / glibc-langpack) or set opengauss_db_set.locale`,
      );
    }
    // A new host an interrupted afo expand began to join: its busy port and non-empty directories
    // are what OM left there, cleared before gs_expansion runs again (../joining.ts).
    const leftOver = fresh !== true && f.afoJoining === true;
    if ((fresh === true || (fresh !== false && fresh.has(r.name))) && !leftOver) {
      const busy = portsFor(plan, r.name).filter((p) => f.listening.includes(p));
      if (busy.length > 0)
        add(
          'free ports',
          `in use: ${busy.join(', ')}`,
          `free: ${portsFor(plan, r.name).join(', ')}`,
          'stop what listens there or change opengauss_env.dataPortBase / cmServerPortBase',
        );
      if (f.nonEmptyDirs.length > 0)
        add(
          'empty directories',
          `not empty: ${f.nonEmptyDirs.join(', ')}`,
          'no data where a new instance goes',
          'remove the old data (or choose other opengauss_paths)',
        );
    }
    if (s.mtu !== undefined) {
      const nic = f.interfaces?.find((i) => i.ipv4.includes(addressOf(plan, r.name)));
      if (!nic)
        add('MTU interface', `no NIC holds ${addressOf(plan, r.name)}`, 'a NIC with exactly this address', 'fix ansible_host or unset opengauss_env.iface_mtu');
    }
  }
  const reached = reports.filter((r) => r.facts);
  if (s.timezone === undefined) {
    const zones = new Set(reached.map((r) => r.facts!.timezone ?? '?'));
    if (zones.size > 1) {
      out.push({
        host: reached.map((r) => `${r.name}=${r.facts!.timezone ?? '?'}`).join(', '),
        check: 'same time zone',
        found: `${zones.size} different time zones`,
        expected: 'one time zone on every node',
        fix: 'set global_timezone (afo then sets it everywhere) or align the hosts',
      });
    }
  }
  out.push(...clockProblems(reports, s.maxClockSkewMs));
  const pys = new Set(reached.filter((r) => !/centos/i.test(r.facts!.distribution ?? '')).map((r) => r.facts!.python3 ?? '?'));
  if (pys.size > 1) {
    out.push({
      host: '-',
      check: 'same python3',
      found: [...pys].join(', '),
      expected: 'the same python3 version on every node (OM)',
      fix: 'install the same python3 everywhere',
    });
  }
  return out;
}

export function addressOf(plan: DeployPlan, host: string): string {
  return plan.nodes.find((n) => n.name === host)?.address ?? host;
}
