/**
 * openGauss domain code: pure functions the YAML role and the engine call (docs/architecture.md §1).
 * Plain data in, plain data out; only secrets.ts and the template loader touch the local disk.
 */
export * from './problem.js';
export * from './naming.js';
export * from './topology.js';
export * from './ordering.js';
export * from './status/index.js';
export * from './xml/index.js';
export * from './packages.js';
export * from './package-members.js';
export * from './passwords.js';
export * from './secrets.js';
