/** Status-output parsers and the health check (docs/opengauss.md §5.6–§5.8). */
export * from './types.js';
export { StatusParseError } from './error.js';
export { parseDetailStatus, parseDatanodeLines, type DetailOptions } from './detail.js';
export { parseDatanodeRow, parseCmServerRow, type RowHints } from './rows.js';
export { parsePlainStatus } from './plain.js';
export { parseGsCtlQuery, omRoleState, type GsCtlQuery, type HaState } from './gsctl.js';
export { health, currentRole, type ExpectedNode } from './health.js';
export * from './om-results.js';
