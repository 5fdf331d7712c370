/** cluster_config.xml: model, validation, view model and rendering (docs/opengauss.md §4). */
export * from './model.js';
export { validateClusterConfig, clusterDirs } from './validate.js';
export { buildClusterConfig, checkView, xmlEscape, type ClusterConfigView, type DeviceView } from './view.js';
export { renderClusterConfig, renderClusterConfigXml, loadClusterConfigTemplate, defaultTemplatePath, wrapList } from './render.js';
