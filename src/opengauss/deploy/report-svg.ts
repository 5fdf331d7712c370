/**
 * The drawings of report.html, as inline SVG (no script, no external request): the topology
 * (primary → standbys → cascades, one box per node with host, node name, role, state and its CM
 * server) and the time per phase as a bar chart. Every text arrives here raw and leaves escaped
 * through `t`, which also redacts (docs/architecture.md §8).
 */
import type { DeployReport, PhaseTiming } from './report.js';

type Text = (s: string) => string;
type ReportNode = DeployReport['nodes'][number];

const BOX_W = 230;
const BOX_H = 92;
/** Taller boxes with a CM server line. */
const BOX_H_CM = 120;
const GAP_X = 36;
const GAP_Y = 64;
const PAD = 16;
const TIERS = ['primary', 'standby', 'cascade'] as const;
const TIER_LABEL: Record<string, string> = { primary: 'primary', standby: 'standby', cascade: 'cascade standby' };

/** What the status says about one node: its data node row and its CM server row, if any. */
interface NodeState {
  role?: string;
  state?: string;
  cm?: string;
}

function stateOf(r: DeployReport, n: ReportNode): NodeState {
  const match = (row: { hostname: string; ip: string }) => row.hostname === n.nodeName || row.ip === n.address;
  const dn = r.status?.datanodes.find(match);
  const cm = r.status?.cmServers?.find(match);
  return { ...(dn ? { role: dn.role, state: dn.state } : {}), ...(cm ? { cm: cm.state } : {}) };
}

/** Shortens a line to fit a box; the full text stays in the node's tooltip. */
function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function stateClass(state: string | undefined): string {
  if (state === undefined) return 'unknown';
  return state === 'Normal' ? 'normal' : 'degraded';
}

/** The topology drawing: one `<g class="node">` per node, with data-host/-role/-state/-cm. */
export function topologySvg(r: DeployReport, t: Text): string {
  const boxH = r.cluster.cm ? BOX_H_CM : BOX_H;
  const tiers = TIERS.map((role) => r.nodes.filter((n) => n.role === role));
  const widest = Math.max(1, ...tiers.map((x) => x.length));
  const width = PAD * 2 + widest * BOX_W + (widest - 1) * GAP_X;
  const rows = tiers.filter((x) => x.length > 0).length;
  const height = PAD * 2 + rows * boxH + (rows - 1) * GAP_Y;
  const at = new Map<string, { x: number; y: number }>();
  let row = 0;
  for (const tier of tiers) {
    if (tier.length === 0) continue;
    const span = tier.length * BOX_W + (tier.length - 1) * GAP_X;
    tier.forEach((n, i) => {
      at.set(n.host, { x: (width - span) / 2 + i * (BOX_W + GAP_X), y: PAD + row * (boxH + GAP_Y) });
    });
    row++;
  }
  const [primaries, standbys, cascades] = tiers as [ReportNode[], ReportNode[], ReportNode[]];
  const edges: string[] = [];
  const edge = (from: ReportNode, to: ReportNode, kind: string) => {
    const a = at.get(from.host)!;
    const b = at.get(to.host)!;
    edges.push(`<line class="edge ${kind}" x1="${a.x + BOX_W / 2}" y1="${a.y + boxH}" x2="${b.x + BOX_W / 2}" y2="${b.y}" marker-end="url(#arrow)"/>`);
  };
  for (const p of primaries) for (const s of standbys) edge(p, s, 'replication');
  // a cascade standby streams from a standby (docs/opengauss.md §2.1); drawn from the standbys in turn
  cascades.forEach((c, i) => {
    const from = standbys[i % Math.max(1, standbys.length)];
    if (from) edge(from, c, 'cascade');
  });
  const boxes = r.nodes.map((n) => nodeBox(n, at.get(n.host)!, boxH, stateOf(r, n), r.cluster.cm, t));
  return [
    `<svg class="topology" role="img" aria-label="cluster topology" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#5b6b7f"/></marker></defs>',
    ...edges,
    ...boxes,
    '</svg>',
  ].join('\n');
}

function nodeBox(n: ReportNode, p: { x: number; y: number }, h: number, s: NodeState, cm: boolean, t: Text): string {
  const role = TIER_LABEL[n.role] ?? n.role;
  const state = s.state ?? 'no status';
  const nameLine = n.address === n.host ? n.nodeName : `${n.nodeName} · ${n.address}`;
  const tip = [`${n.host} (${n.address})`, `node ${n.nodeName}`, `role ${role}${s.role ? ` (now ${s.role})` : ''}`, `state ${state}`, ...(n.os ? [n.os] : [])];
  if (cm) tip.push(`CM server ${s.cm ?? '(no status)'}`);
  const x = p.x;
  const y = p.y;
  const parts = [
    `<g class="node ${n.role} ${stateClass(s.state)}" data-host="${t(n.host)}" data-role="${t(n.role)}" data-state="${t(state)}"${cm ? ` data-cm="${t(s.cm ?? 'unknown')}"` : ''}>`,
    `<title>${t(tip.join('\n'))}</title>`,
    `<rect class="box" x="${x}" y="${y}" width="${BOX_W}" height="${h}" rx="8"/>`,
    `<rect class="band" x="${x}" y="${y}" width="6" height="${h}" rx="3"/>`,
    `<text class="host" x="${x + 16}" y="${y + 24}">${t(clip(n.host, 24))}</text>`,
    `<text class="name" x="${x + 16}" y="${y + 44}">${t(clip(nameLine, 32))}</text>`,
    `<text class="role" x="${x + 16}" y="${y + 64}">${t(clip(role, 30))}</text>`,
    `<text class="state" x="${x + 16}" y="${y + 82}">${t(clip(s.role ? `${s.role}: ${state}` : state, 32))}</text>`,
  ];
  if (cm) {
    parts.push(
      `<g class="cm"><rect x="${x + 14}" y="${y + 92}" width="${BOX_W - 28}" height="20" rx="10"/>`,
      `<text x="${x + BOX_W / 2}" y="${y + 106}" text-anchor="middle">${t(clip(`CM server: ${s.cm ?? 'no status'}`, 32))}</text></g>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

/** Time per phase as horizontal bars, with seconds and changed tasks beside each bar. */
export function phaseChartSvg(phases: PhaseTiming[], t: Text): string {
  const labelW = 110;
  const barMax = 420;
  const rowH = 28;
  const width = labelW + barMax + 170;
  const height = Math.max(1, phases.length) * rowH + 8;
  const longest = Math.max(1, ...phases.map((p) => p.ms));
  const rows = phases.map((p, i) => {
    const y = 4 + i * rowH;
    const w = Math.max(2, Math.round((p.ms / longest) * barMax));
    return [
      `<g class="phase" data-phase="${t(p.phase)}" data-ms="${p.ms}">`,
      `<text class="label" x="${labelW - 8}" y="${y + 17}" text-anchor="end">${t(p.phase)}</text>`,
      `<rect class="bar" x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 8}" rx="3"/>`,
      `<text class="value" x="${labelW + w + 8}" y="${y + 17}">${(p.ms / 1000).toFixed(1)} s · ${p.changed} changed</text>`,
      '</g>',
    ].join('');
  });
  return [
    `<svg class="phases" role="img" aria-label="time per phase" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    ...rows,
    '</svg>',
  ].join('\n');
}
