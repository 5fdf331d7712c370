/**
 * The deployment report: report.json (for scripts), report.md and report.html (for people; see
 * report-html.ts) in the run's directory. Topology, versions, paths, ports, per-host changes, the status table and timings
 * per phase. Never a secret: it names the secrets file instead, and every text passes redact().
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PreflightFacts } from '../modules/preflight-fact.js';
import type { DetailStatus } from '../status/types.js';
import type { DeployPlan } from './plan.js';
import { reportHtml } from './report-html.js';

export interface PhaseTiming {
  phase: string;
  ms: number;
  changed: number;
}

/**
 * One switchover a run performed (adding CM switches over and back, docs/opengauss.md §1.3). Writes
 * were possible until the command started and are again once it returned (gs_ctl switchover returns
 * when the promotion is done, §5.7): its duration bounds the write-unavailability window.
 */
export interface SwitchoverWindow {
  /** The host promoted. */
  to: string;
  /** Seconds the switchover command ran: writes paused for at most this long. */
  writeUnavailableMaxSeconds: number;
}

export interface DeployReport {
  outcome: 'installed' | 'expanded' | 'expand-pending' | 'unchanged' | 'prepared' | 'failed' | 'stopped' | 'check' | 'interrupted' | 'cancelled';
  message: string;
  cluster: { name: string; version: string; cm: boolean; package?: { file: string; sha256: string; source: string } };
  nodes: { host: string; address: string; nodeName: string; role: string; os?: string }[];
  paths: Record<string, string>;
  ports: { dataPortBase: number; cmServerPortBase?: number };
  user: { name: string; group: string };
  secretsFile: string;
  /** host -> descriptions of changes made (or planned under --check). */
  changes: Record<string, string[]>;
  status?: { layout: string; clusterState: string; datanodes: DetailStatus['datanodes']; cmServers?: DetailStatus['cmServers'] };
  statusText?: string;
  phases: PhaseTiming[];
  switchovers?: SwitchoverWindow[];
  /** SSH connections opened per host over the whole run (1: every phase shared one). */
  connections: Record<string, number>;
  logDir: string;
}

export function buildReport(
  plan: DeployPlan,
  rest: Omit<DeployReport, 'cluster' | 'nodes' | 'paths' | 'ports' | 'user'> & {
    cm: boolean;
    package?: DeployReport['cluster']['package'];
    os?: Record<string, string>;
  },
): DeployReport {
  const s = plan.settings;
  const { cm, package: pkg, os, ...others } = rest;
  return {
    cluster: { name: s.clusterName, version: s.version, cm, ...(pkg ? { package: pkg } : {}) },
    nodes: plan.nodes.map((n) => ({ host: n.name, address: n.address, nodeName: n.nodeName, role: n.role, ...(os?.[n.name] ? { os: os[n.name] } : {}) })),
    paths: { ...s.paths, upload: s.uploadPath },
    ports: { dataPortBase: s.dataPortBase, ...(cm ? { cmServerPortBase: s.cmServerPortBase } : {}) },
    user: { name: s.userName, group: s.userGroup },
    ...others,
  };
}

/** host -> "openEuler 20.03 x86_64" from the preflight facts. */
export function osSummary(preflights: ReadonlyMap<string, PreflightFacts>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [h, f] of preflights) out[h] = `${f.distribution ?? '?'} ${f.version ?? '?'} ${f.arch ?? '?'}`;
  return out;
}

function markdown(r: DeployReport): string {
  const lines = [
    `# openGauss deployment: ${r.cluster.name}`,
    '',
    `**Outcome:** ${r.outcome} — ${r.message}`,
    '',
    `openGauss ${r.cluster.version}${r.cluster.cm ? ' with CM' : ''}` +
      (r.cluster.package ? `, package \`${r.cluster.package.file}\` (sha256 ${r.cluster.package.sha256})` : ''),
    '',
    '## Nodes',
    '',
    '| host | address | node name | role | OS |',
    '|---|---|---|---|---|',
    ...r.nodes.map((n) => `| ${n.host} | ${n.address} | ${n.nodeName} | ${n.role} | ${n.os ?? '?'} |`),
    '',
    '## Paths and ports',
    '',
    ...Object.entries(r.paths).map(([k, v]) => `- ${k}: \`${v}\``),
    `- DN port: ${r.ports.dataPortBase} (uses ${r.ports.dataPortBase}..${r.ports.dataPortBase + 5})`,
    ...(r.ports.cmServerPortBase ? [`- CM server port: ${r.ports.cmServerPortBase} (others +500)`] : []),
    `- OS user / group: ${r.user.name} / ${r.user.group}`,
    `- Passwords: in \`${r.secretsFile}\` (mode 0600), not in this report`,
    '',
    '## Changes per host',
    '',
    ...Object.entries(r.changes).flatMap(([h, c]) => [`### ${h}`, '', ...(c.length ? c.map((x) => `- ${x}`) : ['- nothing to change']), '']),
    '## Status',
    '',
    ...(r.status
      ? [
          `cluster_state: **${r.status.clusterState}** (layout ${r.status.layout})`,
          '',
          '| node | ip | instance | data dir | role | state |',
          '|---|---|---|---|---|---|',
          ...r.status.datanodes.map((d) => `| ${d.hostname} | ${d.ip} | ${d.instanceId} | ${d.dataDir} | ${d.role} | ${d.state} |`),
          '',
        ]
      : ['(no status)', '']),
    ...(r.statusText ? ['```', r.statusText, '```', ''] : []),
    ...(r.switchovers
      ? [
          '## Write availability',
          '',
          '| switchover to | writes unavailable for at most (s) |',
          '|---|---|',
          ...r.switchovers.map((w) => `| ${w.to} | ${w.writeUnavailableMaxSeconds.toFixed(1)} |`),
          '',
        ]
      : []),
    '## Timings',
    '',
    '| phase | seconds | changed tasks |',
    '|---|---|---|',
    ...r.phases.map((p) => `| ${p.phase} | ${(p.ms / 1000).toFixed(1)} | ${p.changed} |`),
    '',
    `SSH connections per host for the whole run: ${
      Object.entries(r.connections)
        .map(([h, n]) => `${h} ${n}`)
        .join(', ') || 'none'
    }`,
    '',
    `Run log (commands, exit codes, output per host, secrets redacted): \`${r.logDir}\``,
    '',
  ];
  return lines.join('\n');
}

export interface ReportPaths {
  md: string;
  json: string;
  html: string;
}

/** Writes report.md, report.json and report.html into `dir`; returns their paths. */
export function writeReport(dir: string, report: DeployReport, redact: (s: string) => string): ReportPaths {
  const md = join(dir, 'report.md');
  const json = join(dir, 'report.json');
  const html = join(dir, 'report.html');
  writeFileSync(md, redact(markdown(report)));
  writeFileSync(json, redact(JSON.stringify(report, null, 2)) + '\n');
  writeFileSync(html, redact(reportHtml(report, redact)));
  return { md, json, html };
}
