/** The run opener: the only way commands reach the engine and the hosts. */
export { openRun, type OpenRunOptions, type OpenedRun, type RoleRunOptions } from './open.js';
export { runHosts, type ConnectionChoices, type RunHosts } from './hosts.js';
