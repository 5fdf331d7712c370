/**
 * The input of cluster_config.xml rendering (docs/opengauss.md §4): plain settings plus the nodes in
 * XML order (see ordering.ts). The values come from the role's defaults and the inventory
 * (deploy/settings.ts reads them); none is defaulted here.
 */
import type { NodeRole } from '../topology.js';

/** Directories of the CLUSTER section, plus the data path the DN and CM dirs live under. */
export interface ClusterPaths {
  /** $GAUSSHOME. */
  gaussdbAppPath: string;
  /** Logs go to `<path>/<user>/…`. */
  gaussdbLogPath: string;
  tmpMppdbPath: string;
  /** $GPHOME. */
  gaussdbToolPath: string;
  corePath: string;
  /** DN dir `<dataPath>/dn`, CM dir `<dataPath>/cm`. */
  dataPath: string;
}

/** One node, in XML order (primary first). */
export interface ClusterNode {
  /** IPv4 address: backIp1, sshIp1, CM listen/HA IP. */
  address: string;
  role: NodeRole;
  /** Hostname in the XML; default `og<int>` of the address. Installed nodes keep their reported name. */
  nodeName?: string;
}

/** Everything the XML depends on. */
export interface ClusterConfigModel {
  clusterName: string;
  paths: ClusterPaths;
  /** XML order: the primary first (§2.4). */
  nodes: ClusterNode[];
  /** DN port P; each DN uses P..P+5. */
  dataPortBase: number;
  /** CM server port C on the primary; C+500 on the others (AFO). */
  cmServerPortBase: number;
  azName: string;
  /** 1..10. */
  azPriority: number;
  /** `dataNode1_syncNum`: 0 ≤ syncNum < number of DNs. */
  syncNum: number;
  /** Write CM parameters. Default: more than 2 nodes (AFO). Expansion: true iff CM is installed. */
  cm?: boolean;
}

/** Offset of the CM server port on non-primary nodes (AFO: base + 500). */
export const CM_STANDBY_PORT_OFFSET = 500;

/** Whether the XML gets CM parameters: the explicit flag, else more than 2 nodes. */
export function cmEnabled(model: Pick<ClusterConfigModel, 'cm' | 'nodes'>): boolean {
  return model.cm ?? model.nodes.length > 2;
}

/** Strips trailing slashes (but keeps `/`), so `/a/` and `/a` compare equal. */
export function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
}
