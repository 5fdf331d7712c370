/** afo status, afo switchover, afo scale-in. */
export { runStatus, type StatusOutcome } from './status.js';
export { runSwitchover, type SwitchoverOptions } from './switchover.js';
export { runScaleIn, type ScaleInOptions, type ScaleInOutcome } from './scale-in.js';
export type { ActOptions, ActOutcome } from './act.js';
export { allNormal, statusJson, statusTable, type ClusterView, type NodeView } from './view.js';
