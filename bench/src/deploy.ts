/**
 * What a deploy costs: `afo deploy` of the demo topology (1 primary, 1 standby, 1 cascade; CM with
 * 3 data nodes) on fresh lab hosts with the openGauss stand-in package, timed as a whole and per
 * phase, each phase split into the time spent inside OM commands (from the run log) and afo's own
 * time (the rest: connections, facts, planning, file transfers, the role's other tasks).
 * The expand part (bench/src/expand.ts) times `afo expand` the same way (runAfoCost).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inventoryText, type Roles } from '../../test/e2e/helpers.js';
import type { BenchLab } from './lab.js';
import { timed } from './measure.js';

/** The OM tools, CM's installer and the database's own controls (docs/opengauss.md): time inside them is not afo's. */
const OM =
  /\b(gs_preinstall|gs_install|gs_om|gs_ctl|cm_ctl|cm_install|cm_uninstall|gs_expansion|gs_dropnode|gs_sshexkey|gs_postuninstall|gs_uninstall|gs_checkos|gsql)\b/;

export interface PhaseCost {
  phase: string;
  wallS: number;
  omS: number;
  afoS: number;
}

export interface DeployCost {
  wallS: number;
  phases: PhaseCost[];
  omS: number;
  afoS: number;
}

/** `roles` on the lab's hosts as `file`, in the demo's inventory format (test/e2e/helpers.ts). */
export function writeBenchInventory(lab: BenchLab, file: string, roles: Roles): string {
  writeFileSync(file, inventoryText(lab, roles, undefined, `afo bench inventory for lab '${lab.name}'`));
  return file;
}

/** The demo topology (1 primary, 1 standby, 1 cascade) on the lab's first three hosts. */
export function demoRoles(lab: BenchLab): Roles {
  const [p, s, c] = lab.hosts.map((h) => h.ip);
  return { primary: p!, standby: [s!], cascade: [c!] };
}

/** Per phase (the k-th engine run of the log is the k-th phase): the busiest host's OM time. */
export function costFromLog(events: string, phases: { phase: string; ms: number }[], wallS: number): DeployCost {
  const perRun: Map<string, number>[] = [];
  for (const line of events.split('\n')) {
    if (!line) continue;
    const e = JSON.parse(line) as { type: string; host?: string; command?: string; durationMs?: number };
    if (e.type === 'run-start') perRun.push(new Map());
    else if (e.type === 'command' && e.command && OM.test(e.command) && perRun.length > 0) {
      const m = perRun.at(-1)!;
      m.set(e.host ?? '', (m.get(e.host ?? '') ?? 0) + (e.durationMs ?? 0));
    }
  }
  const out = phases.map((p, i) => {
    const omS = Math.max(0, ...(perRun[i]?.values() ?? [])) / 1000;
    const phaseS = p.ms / 1000;
    return { phase: p.phase, wallS: phaseS, omS, afoS: Math.max(0, phaseS - omS) };
  });
  const omS = out.reduce((n, p) => n + p.omS, 0);
  return { wallS, phases: out, omS, afoS: wallS - omS };
}

/**
 * `afo deploy|expand --json -y` with inventory `inv` (-y: stdin is no terminal to confirm on);
 * fails loudly unless the run ends with `outcome` (a broken run is never reported as a time).
 */
export async function runAfoCost(main: string, command: 'deploy' | 'expand', lab: BenchLab, inv: string, pkg: string, outcome: string): Promise<DeployCost> {
  const r = await timed(process.execPath, [main, command, '-i', inv, '--package', pkg, '--json', '-y'], {
    env: { AFO_CACHE_DIR: join(lab.dir, 'afo-cache') },
  });
  const tail = (r.stdout + r.stderr).trim().split('\n').slice(-15).join('\n');
  const resultLine = r.stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.includes(`"type":"${command}-result"`));
  const result = resultLine ? (JSON.parse(resultLine) as { report: { outcome: string; phases: { phase: string; ms: number }[] } }) : undefined;
  if (r.code !== 0 || result?.report.outcome !== outcome)
    throw new Error(`afo ${command} on ${lab.spec.name} did not end '${outcome}' (exit ${r.code}, outcome ${result?.report.outcome ?? 'none'}):\n${tail}`);
  const logDir = /^log: (.*)$/m.exec(r.stderr)?.[1];
  if (!logDir) throw new Error(`afo ${command} on ${lab.spec.name}: no run log path in its output:\n${tail}`);
  return costFromLog(readFileSync(join(logDir, 'events.jsonl'), 'utf8'), result.report.phases, r.seconds);
}

/** The demo topology deployed on the (restarted) lab, timed. */
export function runDeployCost(main: string, lab: BenchLab, pkg: string): Promise<DeployCost> {
  const inv = writeBenchInventory(lab, join(lab.dir, 'opengauss-bench.ini'), demoRoles(lab));
  return runAfoCost(main, 'deploy', lab, inv, pkg, 'installed');
}
