/**
 * The deployment settings read from the (merged, templated) variables, each checked for type so
 * a typo in group_vars is a clear error naming the variable, not a broken XML later. The values
 * themselves come from roles/opengauss/defaults/main.yml (merged under the inventory's): no
 * default is repeated here, so a missing one is an error, not a second, drifting default.
 */
import { UserError } from '../../errors.js';
import { Undefined, Unresolvable } from '../../expr/index.js';
import { parseBool } from '../../text/bool.js';
import { mirrorEdit, type MirrorEdit } from '../mirror.js';
import type { ClusterConfigModel, ClusterNode, ClusterPaths } from '../xml/model.js';

/** The XML's settings (all but the nodes) plus what the rest of the deployment needs. */
export interface DeploySettings extends Omit<ClusterConfigModel, 'nodes'> {
  version: string;
  home: string;
  uploadPath: string;
  userName: string;
  userGroup: string;
  locale: string;
  timezone?: string;
  mtu?: number;
  minMemoryMb: number;
  minDiskMb: number;
  /** Largest clock difference between hosts preflight accepts. */
  maxClockSkewMs: number;
  xmlTemplate?: string;
  /** global_pkg_mirror as an edit of the openEuler repository file. */
  pkgMirror?: MirrorEdit;
  /** Base URL of the official packages (opengauss_download_server). */
  downloadServer: string;
  /** Secrets the user gave in variables (they win over the secrets file). */
  given: { user_pass?: string; root_pass?: string; ca_file_pass?: string };
  /**
   * opengauss_env.user_pass given as a crypt hash (the original's group_vars pipe its lookup
   * through password_hash): the OS user gets this hash; the plaintext stays in the secrets.
   */
  userHash?: string;
}

type Vars = Record<string, unknown>;

/** A crypt(3) hash as password_hash makes it: $1$, $5$, $6$, $2b$, $y$ … followed by salt and hash. */
const CRYPT_HASH = /^\$(1|5|6|2[abxy]?|y|gy|7)\$[^\s$]*\$[./A-Za-z0-9$]+$/;

function dict(vars: Vars, key: string): Vars {
  const v = vars[key];
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new UserError(`variable ${key} must be a mapping`);
  return v as Vars;
}

function text(v: unknown, name: string): string {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  throw new UserError(`variable ${name} must be a non-empty string (got ${JSON.stringify(v)})`);
}

function int(v: unknown, name: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw new UserError(`variable ${name} must be an integer (got ${JSON.stringify(v)})`);
  return n;
}

/** A boolean in Ansible's spellings (k=v on the command line gives strings); anything else is an error. */
function flag(v: unknown, name: string): boolean {
  const b = parseBool(v);
  if (b === undefined) throw new UserError(`variable ${name} must be true or false (got ${JSON.stringify(v)})`);
  return b;
}

function optText(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** The variables read below; one whose template failed must stop here, not fall back to defaults. */
const READ = [
  'opengauss_env',
  'opengauss_paths',
  'opengauss_db_set',
  'opengauss_home',
  'opengauss_version',
  'opengauss_cm',
  'opengauss_upload_path',
  'global_timezone',
  'global_pkg_mirror',
  'opengauss_min_memory_mb',
  'opengauss_min_disk_mb',
  'opengauss_max_clock_skew_ms',
  'opengauss_xml_template',
  'opengauss_download_server',
];

function checkResolved(vars: Vars): void {
  for (const key of READ) {
    const v = vars[key];
    if (v instanceof Unresolvable) throw new UserError(`variable ${key} (role defaults, group_vars, host_vars or -e): ${v.error.message}`);
    if (v instanceof Undefined) throw new UserError(`variable ${key} (role defaults, group_vars, host_vars or -e): ${v.hint}`);
  }
}

export function settingsFrom(vars: Vars): DeploySettings {
  checkResolved(vars);
  const env = dict(vars, 'opengauss_env');
  const paths = dict(vars, 'opengauss_paths');
  const db = dict(vars, 'opengauss_db_set');
  const home = text(vars.opengauss_home, 'opengauss_home');
  const p = (k: keyof ClusterPaths) => text(paths[k], `opengauss_paths.${k}`);
  const cm = vars.opengauss_cm;
  const mtu = env.iface_mtu;
  const given: DeploySettings['given'] = {};
  const up = optText(env.user_pass);
  const userHash = up !== undefined && CRYPT_HASH.test(up) ? up : undefined;
  if (up && !userHash) given.user_pass = up;
  const rp = optText(db.root_pass);
  if (rp) given.root_pass = rp;
  const ca = optText(env.ca_file_pass);
  if (ca) given.ca_file_pass = ca;
  return {
    version: text(vars.opengauss_version, 'opengauss_version'),
    home,
    paths: {
      gaussdbAppPath: p('gaussdbAppPath'),
      gaussdbToolPath: p('gaussdbToolPath'),
      gaussdbLogPath: p('gaussdbLogPath'),
      tmpMppdbPath: p('tmpMppdbPath'),
      corePath: p('corePath'),
      dataPath: p('dataPath'),
    },
    uploadPath: text(vars.opengauss_upload_path, 'opengauss_upload_path'),
    userName: text(env.user_name, 'opengauss_env.user_name'),
    userGroup: text(env.user_group, 'opengauss_env.user_group'),
    clusterName: text(env.clusterName, 'opengauss_env.clusterName'),
    dataPortBase: int(env.dataPortBase, 'opengauss_env.dataPortBase'),
    cmServerPortBase: int(env.cmServerPortBase, 'opengauss_env.cmServerPortBase'),
    azName: text(env.azName, 'opengauss_env.azName'),
    azPriority: int(env.azPriority, 'opengauss_env.azPriority'),
    syncNum: int(env.syncNum, 'opengauss_env.syncNum'),
    ...(cm === undefined || cm === null || cm === '' ? {} : { cm: flag(cm, 'opengauss_cm') }),
    locale: text(db.locale, 'opengauss_db_set.locale'),
    ...(optText(vars.global_timezone) ? { timezone: optText(vars.global_timezone)! } : {}),
    ...(mtu === undefined || mtu === null || mtu === '' ? {} : { mtu: int(mtu, 'opengauss_env.iface_mtu') }),
    minMemoryMb: int(vars.opengauss_min_memory_mb, 'opengauss_min_memory_mb'),
    minDiskMb: int(vars.opengauss_min_disk_mb, 'opengauss_min_disk_mb'),
    maxClockSkewMs: int(vars.opengauss_max_clock_skew_ms, 'opengauss_max_clock_skew_ms'),
    ...(optText(vars.opengauss_xml_template) ? { xmlTemplate: optText(vars.opengauss_xml_template)! } : {}),
    ...(optText(vars.global_pkg_mirror) ? { pkgMirror: mirrorEdit(optText(vars.global_pkg_mirror)!) } : {}),
    downloadServer: text(vars.opengauss_download_server, 'opengauss_download_server'),
    given,
    ...(userHash ? { userHash } : {}),
  };
}

/** The cluster_config.xml model: these settings and the nodes in XML order. */
export function clusterModel(settings: DeploySettings, nodes: ClusterNode[]): ClusterConfigModel {
  const { clusterName, paths, dataPortBase, cmServerPortBase, azName, azPriority, syncNum, cm } = settings;
  return { clusterName, paths, nodes, dataPortBase, cmServerPortBase, azName, azPriority, syncNum, ...(cm === undefined ? {} : { cm }) };
}
