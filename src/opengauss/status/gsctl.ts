/**
 * Parser for `gs_ctl query -D <dir>` (docs/opengauss.md §5.7): the `HA state`, `Senders info` and
 * `Receiver info` blocks, indented with spaces or tabs; or the "server not running" failure.
 */

/** The `HA state` block. */
export interface HaState {
  /** `Normal` (single node), `Primary`, `Standby`, `Cascade Standby`, … */
  localRole: string;
  staticConnections?: number;
  /** `Normal`, `Need repair`, `Building`, … */
  dbState: string;
  detailInformation?: string;
}

/** Parsed `gs_ctl query`. */
export interface GsCtlQuery {
  /**
   * `running`: the HA block was printed. `stopped`: the server is not running (`Is server
   * running?`, `could not connect to the local server`). `failed`: anything else.
   */
  status: 'running' | 'stopped' | 'failed';
  /** From `gs_ctl query ,datadir is <dir>`. */
  dataDir?: string;
  ha?: HaState;
  /** One record per sender (one per downstream standby/cascade); keys as printed. */
  senders: Record<string, string>[];
  /** One record per receiver (the upstream); keys as printed. */
  receivers: Record<string, string>[];
  /** The last line of a failure, for messages. */
  message?: string;
}

type Block = 'none' | 'ha' | 'senders' | 'receivers';

const STOPPED = /Is server running|could not connect to the local server/;

function blockOf(line: string): Block | undefined {
  const t = line.trim();
  if (t === 'HA state:') return 'ha';
  if (t === 'Senders info:') return 'senders';
  if (t === 'Receiver info:') return 'receivers';
  return undefined;
}

/** Adds a key to the block's records; a repeated key starts the next record. */
function put(records: Record<string, string>[], key: string, value: string): void {
  const last = records[records.length - 1];
  if (last === undefined || key in last) records.push({ [key]: value });
  else last[key] = value;
}

/** Parses the output of `gs_ctl query` (stdout and stderr together). */
export function parseGsCtlQuery(text: string): GsCtlQuery {
  const ha: Record<string, string>[] = [];
  const senders: Record<string, string>[] = [];
  const receivers: Record<string, string>[] = [];
  let block: Block = 'none';
  let dataDir: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const dir = /gs_ctl query ,datadir is (\S+)/.exec(line);
    if (dir) dataDir = dir[1]!;
    const next = blockOf(line);
    if (next !== undefined) {
      block = next;
      continue;
    }
    const kv = /^\s*([a-z_]+)\s*:\s*(.*?)\s*$/.exec(line);
    if (!kv || block === 'none') continue;
    put(block === 'ha' ? ha : block === 'senders' ? senders : receivers, kv[1]!, kv[2]!);
  }
  const base = { senders, receivers, ...(dataDir === undefined ? {} : { dataDir }) };
  const haRecord = ha[0];
  if (haRecord?.['local_role'] !== undefined && haRecord['db_state'] !== undefined) {
    const conns = haRecord['static_connections'];
    const detail = haRecord['detail_information'];
    return {
      status: 'running',
      ...base,
      ha: {
        localRole: haRecord['local_role'],
        dbState: haRecord['db_state'],
        ...(conns !== undefined && /^[0-9]+$/.test(conns) ? { staticConnections: Number(conns) } : {}),
        ...(detail === undefined ? {} : { detailInformation: detail }),
      },
    };
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const message = lines[lines.length - 1]?.trim() ?? '';
  return { status: STOPPED.test(text) ? 'stopped' : 'failed', ...base, message };
}

/**
 * The role and state OM's no-CM status would print for this query (§5.7): the first word of
 * `local_role` / `db_state`, `Need repair(<detail>)`, `Down`/`Manually stopped` for a stopped
 * server, `Unknown` for other failures.
 */
export function omRoleState(q: GsCtlQuery): { role: string; state: string } {
  if (q.status === 'stopped') return { role: 'Down', state: 'Manually stopped' };
  if (q.ha === undefined) return { role: 'Unknown', state: 'Unknown' };
  const role = q.ha.localRole.split(/\s+/)[0] ?? 'Unknown';
  const first = q.ha.dbState.split(/\s+/)[0] ?? 'Unknown';
  const state = first === 'Need' ? `Need repair(${q.ha.detailInformation ?? ''})` : first;
  return { role, state };
}
