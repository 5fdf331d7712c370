/**
 * Typed results of the openGauss status commands (docs/opengauss.md §5.5–§5.8). Roles and states are
 * kept as the tools print them (`Cascade Standby`, `Need repair(WAL removed)`): the vocabularies
 * differ between OM versions and with/without CM, so callers compare against §5.8's values.
 */

/**
 * Which `gs_om -t status --detail` layout the text had (§5.6): `A` no CM (port before instance
 * id), `B` CM on OM 5.0.x (no port column), `C` CM on OM 6.0+ (port after the instance id).
 */
export type StatusLayout = 'A' | 'B' | 'C';

/** One data-node row of the Datanode State table. */
export interface DatanodeRow {
  /** Node number 1..N in DEVICE order. */
  nodeId: number;
  hostname: string;
  /** DN listen/back IP as printed (compare exactly, never by substring). */
  ip: string;
  /** DN port; absent in layout B. */
  port?: number;
  /** 6001, 6002, … in `dataNode1` order. */
  instanceId: number;
  dataDir: string;
  /** Static (install-time) role letter: `P`, `S`, `C`, `R`. */
  letter: string;
  /** Current role, e.g. `Primary`, `Standby`, `Cascade` (A) or `Cascade Standby` (B/C), `Down`. */
  role: string;
  /** The rest of the row, whitespace collapsed, e.g. `Normal`, `Manually stopped`, `Building (45%)`. */
  state: string;
}

/** One row of the CMServer State table. */
export interface CmServerRow {
  nodeId: number;
  hostname: string;
  ip: string;
  /** CM server id 1..N. */
  instanceId: number;
  /** `<cmDir>/cm_server`. */
  dir: string;
  /** `Primary`, `Standby`, `Init`, `Down`. */
  state: string;
}

/** Parsed `gs_om -t status --detail`. */
export interface DetailStatus {
  layout: StatusLayout;
  /** `Normal`, `Degraded`, `Unavailable`; CM adds `Starting`, `Redistributing`, `Unknown`, … */
  clusterState: string;
  redistributing: boolean;
  /** Only printed with CM. */
  balanced?: boolean;
  currentAz?: string;
  /** Present when the output has a CMServer State section (layouts B and C). */
  cmServers?: CmServerRow[];
  datanodes: DatanodeRow[];
}

/** Parsed plain `gs_om -t status` (no `--detail`). */
export interface PlainStatus {
  clusterName?: string;
  clusterState: string;
  redistributing?: boolean;
  balanced?: boolean;
  currentAz?: string;
}
