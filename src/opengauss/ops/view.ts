/**
 * The cluster as `afo status` shows it (pure): the parsed `gs_om -t status --detail` (any of the
 * layouts of docs/opengauss.md §5.6) joined with each node's `gs_ctl query` (§5.7) for what the
 * status does not print — the upstream a replica streams from, its sync state and its lag.
 */
import type { GsCtlQuery } from '../status/gsctl.js';
import type { DetailStatus, StatusLayout } from '../status/types.js';

/** One data node; keys as `afo status --json` prints them. */
export interface NodeView {
  /** The inventory host with this address, else the address. */
  host: string;
  node_name: string;
  ip: string;
  node_id: number;
  instance_id: number;
  data_dir: string;
  /** The install-time role letter (P / S / C). */
  static_role: string;
  /** As OM prints it, with layout A's one-word `Cascade` written `Cascade Standby` like B/C. */
  role: string;
  state: string;
  /** Address of the node it streams from (replicas whose `gs_ctl query` was read). */
  upstream?: string;
  /** Sync state its upstream reports for it (`Sync`, `Async`, `Potential`, `Quorum`). */
  sync_state?: string;
  /** WAL bytes its upstream has sent and it has not replayed yet. */
  lag_bytes?: number;
  /** State of the CM server on this node (CM only). */
  cm_server?: string;
  /** The host did not answer over SSH (stopped, cut off): role and state are what the status printed for it. */
  unreachable?: true;
}

export interface ClusterView {
  cluster_state: string;
  cm: boolean;
  layout: StatusLayout;
  /** The inventory host whose `gs_om` answered. */
  read_on: string;
  nodes: NodeView[];
}

/** `10.0.0.2:40000<--10.0.0.1:15401` -> `10.0.0.1` (the address after the arrow). */
export function channelPeer(channel: string | undefined, arrow: '<--' | '-->'): string | undefined {
  if (channel === undefined) return undefined;
  const i = channel.indexOf(arrow);
  if (i < 0) return undefined;
  const peer = channel.slice(i + arrow.length).trim();
  const colon = peer.lastIndexOf(':');
  return colon > 0 ? peer.slice(0, colon) : peer;
}

/** A WAL position `HI/LO` (hex) as a number of bytes. */
export function lsnBytes(lsn: string | undefined): number | undefined {
  const m = /^([0-9A-Fa-f]+)\/([0-9A-Fa-f]+)$/.exec(lsn?.trim() ?? '');
  return m ? parseInt(m[1]!, 16) * 2 ** 32 + parseInt(m[2]!, 16) : undefined;
}

function roleAsOm(role: string): string {
  return role === 'Cascade' ? 'Cascade Standby' : role;
}

/**
 * @param replication `gs_ctl query` per node address (nodes that did not answer are absent)
 * @param hostOf the inventory host of an address, when there is one
 * @param unreachable addresses of the nodes whose host did not answer
 */
export function clusterView(
  status: DetailStatus,
  replication: ReadonlyMap<string, GsCtlQuery>,
  hostOf: (ip: string) => string | undefined,
  readOn: string,
  unreachable: ReadonlySet<string> = new Set(),
): ClusterView {
  const cms = new Map((status.cmServers ?? []).map((c) => [c.ip, c.state]));
  const nodes = status.datanodes.map((row): NodeView => {
    const q = replication.get(row.ip);
    const upstream = q?.status === 'running' && q.ha?.localRole !== 'Primary' ? channelPeer(q.receivers[0]?.channel, '<--') : undefined;
    const sender = upstream === undefined ? undefined : replication.get(upstream)?.senders.find((s) => channelPeer(s.channel, '-->') === row.ip);
    const sent = lsnBytes(sender?.sender_sent_location);
    const replayed = lsnBytes(sender?.receiver_replay_location);
    const cm = cms.get(row.ip);
    return {
      host: hostOf(row.ip) ?? row.ip,
      node_name: row.hostname,
      ip: row.ip,
      node_id: row.nodeId,
      instance_id: row.instanceId,
      data_dir: row.dataDir,
      static_role: row.letter,
      role: roleAsOm(row.role),
      state: row.state,
      ...(upstream === undefined ? {} : { upstream }),
      ...(sender?.sync_state === undefined ? {} : { sync_state: sender.sync_state }),
      ...(sent === undefined || replayed === undefined ? {} : { lag_bytes: Math.max(0, sent - replayed) }),
      ...(cm === undefined ? {} : { cm_server: cm }),
      ...(unreachable.has(row.ip) ? { unreachable: true as const } : {}),
    };
  });
  return { cluster_state: status.clusterState, cm: status.cmServers !== undefined, layout: status.layout, read_on: readOn, nodes };
}

/** Every node Normal and reachable, the cluster Normal, exactly one primary. */
export function allNormal(v: ClusterView): boolean {
  return (
    v.cluster_state === 'Normal' && v.nodes.every((n) => n.state === 'Normal' && !n.unreachable) && v.nodes.filter((n) => n.role === 'Primary').length === 1
  );
}

function bytes(n: number | undefined): string {
  if (n === undefined) return '-';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** The table `afo status` prints. */
export function statusTable(v: ClusterView): string {
  const head = ['host', 'node name', 'role', 'state', 'upstream', 'sync', 'lag', 'CM server'];
  const rows = v.nodes.map((n) => [
    n.host,
    n.node_name,
    n.role,
    n.unreachable ? `${n.state} (host unreachable)` : n.state,
    n.upstream ?? '-',
    n.sync_state ?? '-',
    n.role === 'Primary' ? '-' : bytes(n.lag_bytes),
    n.cm_server ?? '-',
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(width[i]!))
      .join('  ')
      .trimEnd();
  return [
    `cluster_state: ${v.cluster_state}   CM: ${v.cm ? 'installed' : 'not installed'}   (gs_om -t status --detail on ${v.read_on}, layout ${v.layout})`,
    '',
    line(head),
    line(width.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}

/** `afo status --json`: one object. */
export function statusJson(v: ClusterView): string {
  return JSON.stringify(v);
}
