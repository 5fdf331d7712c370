/**
 * The deployment settings read from the (merged, templated) variables, each checked for type so
 * a typo in group_vars is a clear error naming the variable, not a broken XML later.
 */
import { UserError } from '../../errors.js';
import { parseBool } from '../../text/bool.js';
import type { ClusterConfigModel, ClusterPaths } from '../xml/model.js';

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
  xmlTemplate?: string;
  /** Base URL of the official packages (opengauss_download_server). */
  downloadServer?: string;
  /** Secrets the user gave in variables (they win over the secrets file). */
  given: { user_pass?: string; root_pass?: string; ca_file_pass?: string };
}

type Vars = Record<string, unknown>;

function dict(vars: Vars, key: string): Vars {
  const v = vars[key];
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new UserError(`variable ${key} must be a mapping`);
  return v as Vars;
}

function text(v: unknown, name: string, fallback?: string): string {
  if ((v === undefined || v === null || v === '') && fallback !== undefined) return fallback;
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  throw new UserError(`variable ${name} must be a non-empty string (got ${JSON.stringify(v)})`);
}

function int(v: unknown, name: string, fallback: number): number {
  if (v === undefined || v === null || v === '') return fallback;
  const n = typeof v === 'number' ? v : Number(v);
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

export function settingsFrom(vars: Vars): DeploySettings {
  const env = dict(vars, 'opengauss_env');
  const paths = dict(vars, 'opengauss_paths');
  const db = dict(vars, 'opengauss_db_set');
  const home = text(vars.opengauss_home, 'opengauss_home', '/opt/openGauss');
  const p = (k: keyof ClusterPaths, d: string) => text(paths[k], `opengauss_paths.${k}`, d);
  const cm = vars.opengauss_cm;
  const mtu = env.iface_mtu;
  const given: DeploySettings['given'] = {};
  const up = optText(env.user_pass);
  if (up) given.user_pass = up;
  const rp = optText(db.root_pass);
  if (rp) given.root_pass = rp;
  const ca = optText(env.ca_file_pass);
  if (ca) given.ca_file_pass = ca;
  return {
    version: text(vars.opengauss_version, 'opengauss_version', '5.0.0'),
    home,
    paths: {
      gaussdbAppPath: p('gaussdbAppPath', `${home}/install/app`),
      gaussdbToolPath: p('gaussdbToolPath', `${home}/install/om`),
      gaussdbLogPath: p('gaussdbLogPath', '/var/log'),
      tmpMppdbPath: p('tmpMppdbPath', `${home}/tmp`),
      corePath: p('corePath', `${home}/corefile`),
      dataPath: p('dataPath', `${home}/data`),
    },
    uploadPath: text(vars.opengauss_upload_path, 'opengauss_upload_path', '/opt/software/openGauss'),
    userName: text(env.user_name, 'opengauss_env.user_name', 'omm'),
    userGroup: text(env.user_group, 'opengauss_env.user_group', 'dbgrp'),
    clusterName: text(env.clusterName, 'opengauss_env.clusterName', 'openGauss'),
    dataPortBase: int(env.dataPortBase, 'opengauss_env.dataPortBase', 15400),
    cmServerPortBase: int(env.cmServerPortBase, 'opengauss_env.cmServerPortBase', 15300),
    azName: text(env.azName, 'opengauss_env.azName', 'AZ1'),
    azPriority: int(env.azPriority, 'opengauss_env.azPriority', 1),
    syncNum: int(env.syncNum, 'opengauss_env.syncNum', 0),
    ...(cm === undefined || cm === null || cm === '' ? {} : { cm: flag(cm, 'opengauss_cm') }),
    locale: text(db.locale, 'opengauss_db_set.locale', 'en_US.utf8'),
    ...(optText(vars.global_timezone) ? { timezone: optText(vars.global_timezone)! } : {}),
    ...(mtu === undefined || mtu === null || mtu === '' ? {} : { mtu: int(mtu, 'opengauss_env.iface_mtu', 0) }),
    minMemoryMb: int(vars.opengauss_min_memory_mb, 'opengauss_min_memory_mb', 1024),
    minDiskMb: int(vars.opengauss_min_disk_mb, 'opengauss_min_disk_mb', 2048),
    ...(optText(vars.opengauss_xml_template) ? { xmlTemplate: optText(vars.opengauss_xml_template)! } : {}),
    ...(optText(vars.opengauss_download_server) ? { downloadServer: optText(vars.opengauss_download_server)! } : {}),
    given,
  };
}
