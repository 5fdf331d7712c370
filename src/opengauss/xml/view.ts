/**
 * View model for templates/cluster_config.xml.hbs (docs/opengauss.md §4.4, AFO's layout). Every
 * string in the view is already XML-escaped: the renderer runs handlebars with `noEscape`, so
 * escaping here is what keeps a value like `a&b` well-formed.
 */
import { UserError } from '../../errors.js';
import { escapeMarkup } from '../../text/markup.js';
import { ipv4ToInt, nodeName } from '../naming.js';
import { CM_STANDBY_PORT_OFFSET, cmEnabled, trimSlash, type ClusterConfigModel } from './model.js';
import { validateClusterConfig } from './validate.js';

/** One DEVICE. All fields are always present (the template runs in strict mode). */
export interface DeviceView {
  /** `sn` and `name`: the node's hostname. */
  sn: string;
  name: string;
  /** AFO's non-standard `instanceId` (the IPv4 integer); written on the primary only. */
  instanceId: string;
  azName: string;
  azPriority: string;
  backIp1: string;
  sshIp1: string;
  /** The primary's DEVICE holds the DN and CM topology. */
  primary: boolean;
  /** `cascadeRole=on`. */
  cascade: boolean;
  /** CM parameters on this DEVICE. */
  cm: boolean;
  /** Primary: `dataPortBase`. */
  dataPortBase: string;
  /** Primary: `dataNode1` items: the primary's dir, then `<host>,<dir>` per replica (2N−1 values). */
  dataNode1: string[];
  /** Primary: `dataNode1_syncNum`. */
  syncNum: string;
  /** `cmDir` (every host with CM). */
  cmDir: string;
  /** Primary: `cmServerPortBase`; others: `cmServerPortStandby` (base + 500). */
  cmServerPort: string;
  /** Primary: hostnames / IPs of all CM servers (= all nodes). */
  cmServerRelation: string[];
  cmServerListenIp1: string[];
  cmServerHaIp1: string[];
}

/** The whole view given to the template. */
export interface ClusterConfigView {
  clusterName: string;
  gaussdbAppPath: string;
  gaussdbLogPath: string;
  tmpMppdbPath: string;
  gaussdbToolPath: string;
  corePath: string;
  nodeNames: string[];
  backIp1s: string[];
  cm: boolean;
  devices: DeviceView[];
}

/** Escapes text for an XML attribute value (src/text/markup.ts owns the escaping). */
export const xmlEscape = escapeMarkup;

/**
 * Builds the view from a model.
 * @throws UserError listing every rule the model breaks (§4.2).
 */
export function buildClusterConfig(model: ClusterConfigModel): ClusterConfigView {
  const problems = validateClusterConfig(model);
  if (problems.length > 0) {
    throw new UserError(`cluster_config.xml settings are invalid:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  }
  const cm = cmEnabled(model);
  const data = trimSlash(model.paths.dataPath);
  const dnDir = xmlEscape(`${data}/dn`);
  const cmDir = xmlEscape(`${data}/cm`);
  const names = model.nodes.map((n) => xmlEscape(n.nodeName ?? nodeName(n.address)));
  const ips = model.nodes.map((n) => xmlEscape(n.address));

  const devices = model.nodes.map((node, i): DeviceView => {
    const primary = node.role === 'primary';
    return {
      sn: names[i]!,
      name: names[i]!,
      instanceId: String(ipv4ToInt(node.address)),
      azName: xmlEscape(model.azName),
      azPriority: String(model.azPriority),
      backIp1: ips[i]!,
      sshIp1: ips[i]!,
      primary,
      cascade: node.role === 'cascade',
      cm,
      dataPortBase: String(model.dataPortBase),
      dataNode1: primary ? [dnDir, ...names.slice(1).map((n) => `${n},${dnDir}`)] : [],
      syncNum: String(model.syncNum),
      cmDir,
      cmServerPort: String(primary ? model.cmServerPortBase : model.cmServerPortBase + CM_STANDBY_PORT_OFFSET),
      cmServerRelation: primary && cm ? names : [],
      cmServerListenIp1: primary && cm ? ips : [],
      cmServerHaIp1: primary && cm ? ips : [],
    };
  });
  const view: ClusterConfigView = {
    clusterName: xmlEscape(model.clusterName),
    gaussdbAppPath: xmlEscape(model.paths.gaussdbAppPath),
    gaussdbLogPath: xmlEscape(model.paths.gaussdbLogPath),
    tmpMppdbPath: xmlEscape(model.paths.tmpMppdbPath),
    gaussdbToolPath: xmlEscape(model.paths.gaussdbToolPath),
    corePath: xmlEscape(model.paths.corePath),
    nodeNames: names,
    backIp1s: ips,
    cm,
    devices,
  };
  const counts = checkView(view);
  if (counts.length > 0) throw new Error(`internal: cluster_config view breaks OM rules: ${counts.join('; ')}`);
  return view;
}

/**
 * OM's counting rules on a view (§4.2): `dataNode1` has 2N−1 items, `cmServerRelation` and the
 * CM IP lists name every DEVICE, `nodeNames`/`backIp1s` match the DEVICEs. Guards views that
 * callers adjust before rendering.
 */
export function checkView(view: ClusterConfigView): string[] {
  const out: string[] = [];
  const n = view.devices.length;
  const primaries = view.devices.filter((d) => d.primary);
  const primary = primaries[0];
  if (primaries.length !== 1 || primary === undefined) return [`${primaries.length} primary DEVICEs; exactly 1 is needed`];
  const items = primary.dataNode1.join(',').split(',').length;
  if (items !== 2 * n - 1) out.push(`dataNode1 has ${items} items; ${n} data nodes need ${2 * n - 1}`);
  if (view.nodeNames.length !== n) out.push(`nodeNames has ${view.nodeNames.length} names for ${n} DEVICEs`);
  if (view.backIp1s.length !== n) out.push(`backIp1s has ${view.backIp1s.length} IPs for ${n} DEVICEs`);
  if (view.cm) {
    for (const [label, list] of [
      ['cmServerRelation', primary.cmServerRelation],
      ['cmServerListenIp1', primary.cmServerListenIp1],
      ['cmServerHaIp1', primary.cmServerHaIp1],
    ] as const) {
      if (list.length !== n) out.push(`${label} has ${list.length} entries for ${n} DEVICEs (The num of cmServerRelation's hostname is wrong)`);
    }
  }
  return out;
}
