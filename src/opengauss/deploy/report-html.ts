/**
 * report.html: the deployment report for people, from the same DeployReport as report.json. One
 * self-contained file (inline CSS and SVG, no script, no external request) that a browser opens
 * offline: outcome, the topology drawing, the status table, time per phase, changes per host
 * (folded by host), paths and ports. Every text is redacted, then HTML-escaped.
 */
import { escapeMarkup } from '../../text/markup.js';
import type { DeployReport } from './report.js';
import { phaseChartSvg, topologySvg } from './report-svg.js';

const CSS = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; margin: 24px auto; max-width: 1100px; padding: 0 16px; color: #1d2733; background: #f6f8fa; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d6dde5; padding-bottom: 4px; }
.outcome { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: 600; color: #fff; background: #5b6b7f; }
.outcome.installed, .outcome.expanded, .outcome.unchanged { background: #1f8a4c; } .outcome.failed, .outcome.stopped { background: #c0392b; }
.outcome.expand-pending, .outcome.check, .outcome.prepared { background: #b7791f; }
.card { background: #fff; border: 1px solid #d6dde5; border-radius: 8px; padding: 12px 16px; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid #e6ebf0; vertical-align: top; }
th { background: #eef2f6; font-weight: 600; } td.ok { color: #1f8a4c; font-weight: 600; } td.bad { color: #c0392b; font-weight: 600; }
code, pre { font: 12.5px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; } pre { background: #f0f3f6; padding: 8px; overflow-x: auto; }
details { margin: 4px 0; } summary { cursor: pointer; font-weight: 600; } details ul { margin: 4px 0 8px; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; }
.topology .box { fill: #fff; stroke: #9aa8b6; stroke-width: 1.5; } .topology .normal .box { stroke: #1f8a4c; } .topology .degraded .box { stroke: #c0392b; stroke-width: 2.5; }
.topology .primary .band { fill: #2c6fbb; } .topology .standby .band { fill: #7a56b8; } .topology .cascade .band { fill: #b7791f; }
.topology .host { font-size: 14px; font-weight: 700; fill: #1d2733; } .topology .name { font-size: 12px; fill: #4a5a6b; }
.topology .role { font-size: 12px; font-weight: 600; fill: #4a5a6b; text-transform: uppercase; letter-spacing: .04em; }
.topology .state { font-size: 12px; fill: #1f8a4c; } .topology .degraded .state, .topology .unknown .state { fill: #c0392b; }
.topology .cm rect { fill: #e8f1fb; stroke: #2c6fbb; } .topology .cm text { font-size: 11px; font-weight: 600; fill: #2c6fbb; }
.topology .edge { stroke: #5b6b7f; stroke-width: 1.6; } .topology .edge.cascade { stroke-dasharray: 6 4; }
.phases .bar { fill: #2c6fbb; } .phases .label { font-size: 13px; fill: #1d2733; } .phases .value { font-size: 12px; fill: #4a5a6b; }
svg.topology { display: block; margin: 0 auto; }
.legend { color: #4a5a6b; font-size: 12.5px; margin-top: 6px; }
`;

/** The whole page. `hide` redacts secrets (the run's Redactor) before anything is escaped. */
export function reportHtml(r: DeployReport, hide: (s: string) => string): string {
  const t = (s: string) => escapeMarkup(hide(s));
  const title = `openGauss deployment: ${r.cluster.name}`;
  const pkg = r.cluster.package ? `, package <code>${t(r.cluster.package.file)}</code> (sha256 <code>${t(r.cluster.package.sha256)}</code>)` : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // no network: nothing may be fetched, not even a favicon
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">',
    '<link rel="icon" href="data:,">',
    `<title>${t(title)}</title><style>${CSS}</style></head><body>`,
    `<h1>${t(title)}</h1>`,
    `<p><span class="outcome ${t(r.outcome)}">${t(r.outcome)}</span> ${t(r.message)}</p>`,
    `<p>openGauss ${t(r.cluster.version)}${r.cluster.cm ? ' with CM' : ''}${pkg}</p>`,
    '<h2>Topology</h2>',
    `<div class="card">${topologySvg(r, t)}`,
    `<div class="legend">Solid arrows: primary → standby streaming; dashed: standby → cascade standby.${r.cluster.cm ? " The blue line in each box is the node's CM server and its state." : ''}</div></div>`,
    '<h2>Status</h2>',
    `<div class="card">${statusSection(r, t)}</div>`,
    '<h2>Time per phase</h2>',
    `<div class="card">${r.phases.length ? phaseChartSvg(r.phases, t) : '<p>(no phase ran)</p>'}</div>`,
    '<h2>Changes per host</h2>',
    `<div class="card">${changesSection(r, t)}</div>`,
    '<h2>Paths, ports, user</h2>',
    `<div class="card">${settingsSection(r, t)}</div>`,
    `<p class="legend">Run log (commands, exit codes, output per host, secrets redacted): <code>${t(r.logDir)}</code></p>`,
    '</body></html>',
    '',
  ].join('\n');
}

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((cells) => `<tr>${cells.join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function statusSection(r: DeployReport, t: (s: string) => string): string {
  if (!r.status) return '<p>(no status: the cluster was not queried in this run)</p>';
  const cell = (s: string) => `<td>${t(s)}</td>`;
  const state = (s: string) => `<td class="${s === 'Normal' || s === 'Primary' || s === 'Standby' ? 'ok' : 'bad'}">${t(s)}</td>`;
  const parts = [
    `<p>cluster_state: <strong>${t(r.status.clusterState)}</strong> (status layout ${t(r.status.layout)})</p>`,
    table(
      ['node', 'ip', 'instance', 'data dir', 'role', 'state'],
      r.status.datanodes.map((d) => [cell(d.hostname), cell(d.ip), cell(String(d.instanceId)), cell(d.dataDir), cell(d.role), state(d.state)]),
    ),
  ];
  if (r.status.cmServers?.length) {
    parts.push(
      '<p>CM servers</p>',
      table(
        ['node', 'ip', 'instance', 'dir', 'state'],
        r.status.cmServers.map((c) => [cell(c.hostname), cell(c.ip), cell(String(c.instanceId)), cell(c.dir), state(c.state)]),
      ),
    );
  }
  return parts.join('\n');
}

function changesSection(r: DeployReport, t: (s: string) => string): string {
  const hosts = [...r.nodes.map((n) => n.host), ...Object.keys(r.changes).filter((h) => !r.nodes.some((n) => n.host === h))];
  return hosts
    .map((h) => {
      const list = r.changes[h] ?? [];
      const items = list.length ? list.map((c) => `<li>${t(c)}</li>`).join('') : '<li>nothing to change</li>';
      return `<details class="host-changes" data-host="${t(h)}"><summary>${t(h)} — ${list.length} change${list.length === 1 ? '' : 's'}</summary><ul>${items}</ul></details>`;
    })
    .join('\n');
}

function settingsSection(r: DeployReport, t: (s: string) => string): string {
  const rows = [
    ...Object.entries(r.paths).map(([k, v]) => [k, `<code>${t(v)}</code>`]),
    ['DN port', `${r.ports.dataPortBase} (uses ${r.ports.dataPortBase}..${r.ports.dataPortBase + 5})`],
    ...(r.ports.cmServerPortBase ? [['CM server port', `${r.ports.cmServerPortBase}`]] : []),
    ['OS user / group', `${t(r.user.name)} / ${t(r.user.group)}`],
    ['passwords', `in <code>${t(r.secretsFile)}</code> (mode 0600), not in this report`],
    [
      'SSH connections per host',
      t(
        Object.entries(r.connections)
          .map(([h, n]) => `${h} ${n}`)
          .join(', ') || 'none',
      ),
    ],
  ];
  return table(
    ['setting', 'value'],
    rows.map(([k, v]) => [`<td>${t(k!)}</td>`, `<td>${v}</td>`]),
  );
}
