/**
 * cluster_config.xml from a Jinja template (`.j2`), for sites that customised the Ansible
 * original's `cluster_config.xml.j2` (docs/opengauss.md §4.5). Rendered by afo's expression
 * engine with Ansible's template settings (trim_blocks, and lstrip_blocks as the original's
 * template task sets it). The template sees afo's view (the same fields as the `.hbs` template)
 * and the original's variable names; `{{ lookup('template', 'NAME') }}` includes NAME from the
 * template's own directory, rendered with the same variables.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../../errors.js';
import { ExprError, templateString } from '../../expr/index.js';
import type { ClusterConfigView } from './view.js';

/** What a `.j2` template may use besides the view (the original's names, docs/opengauss.md §4.5). */
export interface J2Context {
  /** The primary's variables after defaults, inventory and -e (the original's `combined_vars`). */
  vars: Record<string, unknown>;
  /** Node IPs in XML order (primary first). */
  nodes: { address: string; role: 'primary' | 'standby' | 'cascade'; hostVars: Record<string, unknown> }[];
  inventoryDir: string;
}

const INCLUDE = /\{\{-?\s*lookup\(\s*(['"])template\1\s*,\s*(['"])([^'"]+)\2\s*\)\s*-?\}\}/g;
const MAX_DEPTH = 5;

function readTemplate(path: string, from: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`${from}: cannot read the template ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Inlines `{{ lookup('template', 'NAME') }}` (NAME beside the including file), recursively. */
function inline(text: string, path: string, depth = 0): string {
  if (depth > MAX_DEPTH) throw new UserError(`${path}: lookup('template') nests deeper than ${MAX_DEPTH} files`);
  return text.replace(INCLUDE, (_m, _q1, _q2, name: string) => {
    const child = join(dirname(path), name);
    return inline(readTemplate(child, path).replace(/\n$/, ''), child, depth + 1);
  });
}

/** Jinja's lstrip_blocks: spaces and tabs before a block tag at the start of a line are dropped. */
function lstripBlocks(text: string): string {
  return text.replace(/^[ \t]+(?=\{%(?!\+))/gm, '');
}

export function j2Variables(view: ClusterConfigView, c: J2Context): Record<string, unknown> {
  const ips = c.nodes.map((n) => n.address);
  const primary = c.nodes.find((n) => n.role === 'primary')?.address ?? '';
  const paths = (c.vars.opengauss_paths ?? {}) as Record<string, unknown>;
  return {
    ...c.vars,
    ...view,
    combined_vars: c.vars,
    inventory_dir: c.inventoryDir,
    og_all_nodes: ips,
    og_master: primary,
    og_replicas: ips.filter((ip) => ip !== primary),
    og_standbys: c.nodes.filter((n) => n.role === 'standby').map((n) => n.address),
    og_cascades: c.nodes.filter((n) => n.role === 'cascade').map((n) => n.address),
    og_host_list: view.nodeNames.join(','),
    og_ip_list: view.backIp1s.join(','),
    og_data_path: paths.dataPath,
    og_cm: view.cm,
    og_expansion: false,
    hostvars: Object.fromEntries(c.nodes.map((n) => [n.address, { ...n.hostVars, inventory_hostname: n.address }])),
    groups: {
      opengauss: ips,
      opengauss_primary: [primary],
      opengauss_standby: c.nodes.filter((n) => n.role === 'standby').map((n) => n.address),
      opengauss_cascade: c.nodes.filter((n) => n.role === 'cascade').map((n) => n.address),
    },
  };
}

/**
 * Renders a `.j2` template at `path`.
 * @throws UserError naming the template and the expression that failed.
 */
export function renderJ2ClusterConfig(view: ClusterConfigView, path: string, c: J2Context): string {
  const text = lstripBlocks(inline(readTemplate(path, 'opengauss_xml_template'), path));
  try {
    const out = templateString(text, j2Variables(view, c));
    return typeof out === 'string' ? out : String(out);
  } catch (e) {
    if (e instanceof ExprError) throw new UserError(`${path}: ${e.reason || e.message.split('\n')[0]}`);
    if (e instanceof UserError) throw new UserError(`${path}: ${e.message.split('\n')[0]}`);
    throw e;
  }
}
