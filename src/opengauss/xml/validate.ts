/**
 * Checks a cluster_config.xml model the way OM would (docs/opengauss.md §4.1–§4.2), so mistakes are
 * reported before gs_preinstall runs on any host. Every rule is checked; all messages returned.
 */
import { nodeAddressProblem, nodeName } from '../naming.js';
import { MAX_REPLICAS } from '../topology.js';
import { CM_STANDBY_PORT_OFFSET, cmEnabled, trimSlash, type ClusterConfigModel } from './model.js';

/** Characters OM refuses in paths (§4.1), plus whitespace, which would split list values. */
const FORBIDDEN = /[|;&$<>`\\'"{}()[\]~*?\s]/;
const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/;
const MAX_DNS = MAX_REPLICAS + 1;

function isInt(v: number): boolean {
  return Number.isInteger(v);
}

function within(a: string, b: string): boolean {
  return a === b || b === '/' || a.startsWith(`${b}/`);
}

/** The directories that must exist apart from each other, by parameter name. */
export function clusterDirs(model: ClusterConfigModel): [string, string][] {
  const p = model.paths;
  const data = trimSlash(p.dataPath);
  const dirs: [string, string][] = [
    ['gaussdbAppPath', p.gaussdbAppPath],
    ['gaussdbLogPath', p.gaussdbLogPath],
    ['tmpMppdbPath', p.tmpMppdbPath],
    ['gaussdbToolPath', p.gaussdbToolPath],
    ['corePath', p.corePath],
    ['dataNode1 (dataPath/dn)', `${data}/dn`],
  ];
  if (cmEnabled(model)) dirs.push(['cmDir (dataPath/cm)', `${data}/cm`]);
  return dirs;
}

function checkPaths(model: ClusterConfigModel, out: string[]): void {
  const dirs = clusterDirs(model);
  for (const [name, path] of [...dirs, ['dataPath', model.paths.dataPath] as [string, string]]) {
    if (!path.startsWith('/')) out.push(`${name} '${path}' must be an absolute path`);
    const bad = FORBIDDEN.exec(path);
    if (bad) out.push(`${name} '${path}' contains '${bad[0]}'; OM refuses | ; & $ < > \` \\ ' " { } ( ) [ ] ~ * ? and spaces in paths`);
  }
  for (let i = 0; i < dirs.length; i++) {
    for (let j = i + 1; j < dirs.length; j++) {
      const [an, a] = dirs[i]!;
      const [bn, b] = dirs[j]!;
      const x = trimSlash(a);
      const y = trimSlash(b);
      if (within(x, y) || within(y, x)) out.push(`${an} '${a}' and ${bn} '${b}' are nested; OM needs separate directories`);
    }
  }
}

function checkNodes(model: ClusterConfigModel, out: string[]): void {
  const nodes = model.nodes;
  if (nodes.length === 0 || nodes.length > MAX_DNS) out.push(`${nodes.length} nodes: OM supports 1 to ${MAX_DNS} data nodes (1 primary + 8 replicas)`);
  if (nodes[0] !== undefined && nodes[0].role !== 'primary') out.push(`the first node (${nodes[0].address}) must be the primary`);
  const primaries = nodes.filter((n) => n.role === 'primary').length;
  if (primaries !== 1) out.push(`${primaries} primary nodes; exactly 1 is needed`);
  if (nodes.some((n) => n.role === 'cascade') && !nodes.some((n) => n.role === 'standby')) {
    out.push('cascades need at least one standby to replicate from');
  }
  const addresses = new Set<string>();
  const names = new Set<string>();
  for (const n of nodes) {
    const bad = nodeAddressProblem(n.address);
    if (bad !== undefined) out.push(`node address ${bad}`);
    if (addresses.has(n.address)) out.push(`address ${n.address} appears twice`);
    addresses.add(n.address);
    const name = n.nodeName ?? (bad === undefined ? nodeName(n.address) : n.address);
    if (!HOSTNAME.test(name)) out.push(`node name '${name}' is not a valid hostname (letters, digits, inner '-')`);
    if (names.has(name)) out.push(`node name ${name} appears twice`);
    names.add(name);
  }
}

function checkPorts(model: ClusterConfigModel, out: string[]): void {
  const p = model.dataPortBase;
  const c = model.cmServerPortBase;
  if (!isInt(p) || p < 1 || p + 5 > 65535) out.push(`dataPortBase ${p}: needs ports ${p}..${p + 5} within 1..65535`);
  if (!cmEnabled(model)) return;
  const standby = c + CM_STANDBY_PORT_OFFSET;
  if (!isInt(c) || c < 1 || standby + 1 > 65535) out.push(`cmServerPortBase ${c}: needs ports ${c}, ${c + 1}, ${standby}, ${standby + 1} within 1..65535`);
  for (const [label, lo] of [
    ['cmServerPortBase', c],
    ['cmServerPortStandby', standby],
  ] as const) {
    if (lo <= p + 5 && p <= lo + 1) {
      out.push(`${label} ports ${lo}..${lo + 1} overlap the DN ports ${p}..${p + 5} (P, P+1, P+4, P+5 are used)`);
    }
  }
}

/**
 * @returns one message per broken rule; empty when the model is valid.
 */
export function validateClusterConfig(model: ClusterConfigModel): string[] {
  const out: string[] = [];
  if (model.clusterName === '' || /[,\s]/.test(model.clusterName)) {
    out.push(`clusterName '${model.clusterName}' must be non-empty, without commas or spaces`);
  }
  checkNodes(model, out);
  checkPaths(model, out);
  checkPorts(model, out);
  const n = model.nodes.length;
  if (!isInt(model.syncNum) || model.syncNum < 0 || (n > 0 && model.syncNum >= n)) {
    out.push(`dataNode1_syncNum ${model.syncNum}: must be an integer with 0 <= syncNum < ${n} (the number of data nodes)`);
  }
  if (!isInt(model.azPriority) || model.azPriority < 1 || model.azPriority > 10) out.push(`azPriority ${model.azPriority}: must be 1..10`);
  if (model.azName === '' || /[,\s]/.test(model.azName)) out.push(`azName '${model.azName}' must be non-empty, without commas or spaces`);
  return out;
}
