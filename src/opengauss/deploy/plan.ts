/**
 * Inventory -> what a deployment will be, computed before any connection: the topology (rules
 * checked, a ProblemsError table otherwise), the settings after role defaults, group_vars and
 * `-e` (templated), the nodes in XML order, and the rendered cluster_config.xml. `afo config`
 * prints this XML; `afo deploy` uploads it.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { resolveVars } from '../../expr/index.js';
import { fsLoader, hostsOfGroup, loadInventory, withVault } from '../../inventory/index.js';
import type { Inventory, Vars } from '../../inventory/index.js';
import { inventoryHostVars, resolveHostVars } from '../../vars/index.js';
import type { Vault } from '../../vault/index.js';
import { freshOrder, type OrderedNode } from '../ordering.js';
import { ProblemsError } from '../problem.js';
import { checkTopology, hostRef, type HostRef, type TopologyInput } from '../topology.js';
import type { ClusterConfigModel } from '../xml/model.js';
import { renderClusterConfigXml } from '../xml/render.js';
import { checkSettings } from './schema.js';
import { clusterModel, settingsFrom, type DeploySettings } from './settings.js';

export interface DeployPlan {
  inventory: Inventory;
  /** All openGauss hosts (primary first, then the XML order). */
  nodes: OrderedNode[];
  primary: OrderedNode;
  topology: TopologyInput;
  settings: DeploySettings;
  model: ClusterConfigModel;
  xml: string;
  /** Variables of the primary after defaults, inventory and -e (templated). */
  vars: Record<string, unknown>;
}

const GROUPS = { primary: 'opengauss_primary', standby: 'opengauss_standby', cascade: 'opengauss_cascade' } as const;

function refs(inv: Inventory, group: string): HostRef[] {
  if (!inv.groups[group]) return [];
  return hostsOfGroup(inv, group).map((h) => {
    const host = inv.hosts[h];
    const src = host?.varSources.ansible_host ?? host?.source;
    return { ...hostRef(h, inventoryHostVars(inv, h) as Record<string, unknown>), ...(src ? { at: `${src.file}:${src.line}` } : {}) };
  });
}

/** Reads the inventory's role groups; every topology rule is checked before anything else. */
export function topologyOf(inv: Inventory): TopologyInput {
  const input = { primary: refs(inv, GROUPS.primary), standby: refs(inv, GROUPS.standby), cascade: refs(inv, GROUPS.cascade) };
  const problems = checkTopology(input);
  if (problems.length > 0) throw new ProblemsError(`${inv.file}: the inventory breaks the openGauss topology rules; no host was contacted:`, problems);
  return input;
}

export interface PlanInput {
  inventoryPath: string;
  extraVars: Record<string, unknown>;
  roleDefaults: Record<string, unknown>;
  /** Vault passwords for vaulted group_vars/host_vars (docs/architecture.md §8). */
  vault?: Vault;
}

export async function planDeploy(input: PlanInput): Promise<DeployPlan> {
  const inventory = loadInventory(input.inventoryPath, withVault(fsLoader, input.vault));
  const topology = topologyOf(inventory);
  const order = freshOrder(topology);
  const primary = order[0]!;
  const raw = resolveHostVars(inventory, primary.name, { roleDefaults: input.roleDefaults as Vars, extraVars: input.extraVars as Vars });
  const vars = resolveVars({ ...raw, inventory_dir: dirname(resolve(inventory.file)) });
  checkSettings({
    inventory,
    hosts: order.map((n) => n.name),
    roleDefaults: input.roleDefaults as Vars,
    extraVars: input.extraVars as Vars,
    resolved: vars,
  });
  const settings = settingsFrom(vars);
  const model = clusterModel(
    settings,
    order.map((n) => ({ address: n.address, role: n.role })),
  );
  const xml = await renderPlanXml({ inventory, settings, vars }, model, order);
  return { inventory, nodes: order, primary, topology, settings, model, xml, vars };
}

/**
 * cluster_config.xml of `model` (whose nodes are `nodes`) with the inventory's template
 * (`opengauss_xml_template`, else the original's `<inventory>/templates/cluster_config.xml.j2`).
 */
export function renderPlanXml(
  plan: Pick<DeployPlan, 'inventory' | 'settings' | 'vars'>,
  model: ClusterConfigModel,
  nodes: readonly OrderedNode[],
): Promise<string> {
  const { inventory, settings } = plan;
  const templatePath = settings.xmlTemplate === undefined ? originalTemplate(inventory.dir) : absolute(settings.xmlTemplate, inventory.dir);
  const j2 = {
    vars: plan.vars,
    inventoryDir: inventory.dir,
    nodes: nodes.map((n) => ({ address: n.address, role: n.role, hostVars: inventoryHostVars(inventory, n.name) as Record<string, unknown> })),
  };
  return renderClusterConfigXml(model, templatePath === undefined ? {} : { templatePath, j2 });
}

/** The Ansible original's override, `<inventory>/templates/cluster_config.xml.j2`, when it is there. */
function originalTemplate(dir: string): string | undefined {
  const p = join(dir, 'templates', 'cluster_config.xml.j2');
  return existsSync(p) ? p : undefined;
}

function absolute(path: string, base: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}

/** For messages: a host's role as the inventory groups say. */
export function roleGroup(role: OrderedNode['role']): string {
  const g = GROUPS[role];
  if (!g) throw new UserError(`unknown role ${role}`);
  return g;
}
