/**
 * The engine's public surface: load a role with roles/TaskLoader, then runRole() it on hosts;
 * listen to the typed events; map the result with exitCodeForRun. The CLI's `afo play`
 * (src/cli/play/run-play.ts) shows the whole wiring with the inventory and the SSH pool.
 */
export { runRole, type RunResult } from './run.js';
export type { EngineHost, RunDeps, RunInput, RunOptions } from './options.js';
export type * from './events.js';
export { exitCodeForRun, EXIT_HOST_FAILED, EXIT_OK } from './exit-code.js';
export { TaskLoader, throwIfAny } from '../roles/load.js';
export type { Role, Task, ModuleTask } from '../roles/types.js';
