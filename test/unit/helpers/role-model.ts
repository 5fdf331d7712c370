/**
 * A cluster_config.xml model with the openGauss role's own defaults (roles/opengauss/defaults/
 * main.yml, read the way a deploy reads them), so tests never restate those values.
 */
import { resolveVars } from '../../../src/expr/index.js';
import { loadDefaults } from '../../../src/opengauss/deploy/role.js';
import { clusterModel, settingsFrom } from '../../../src/opengauss/deploy/settings.js';
import type { ClusterConfigModel, ClusterNode } from '../../../src/opengauss/xml/model.js';

/** The role defaults' settings with these nodes (XML order). */
export function defaultModel(nodes: ClusterNode[]): ClusterConfigModel {
  return clusterModel(settingsFrom(resolveVars(loadDefaults())), nodes);
}
