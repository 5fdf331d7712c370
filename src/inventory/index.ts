/** Public API of the inventory: load/parse, queries, patterns, connection settings, the vars-file loader. */
export type { Inventory, InventoryGroup, InventoryHost, SourceRef, VarValue, Vars, VarsFileSet } from './types.js';
export { parseIniInventory } from './ini.js';
export { loadInventory } from './load.js';
export { attachVarsFiles, findVarsFiles } from './vars-files.js';
export { groupsOfHost, hostsOfGroup, descendantsOf, sortGroups } from './query.js';
export { matchPattern, limitHosts, splitPattern, type PatternMatch } from './patterns.js';
export { hostConnection, parseSshArgs, type HostConnection } from './connection.js';
export { expandHostPattern, expandRanges, parseAddress } from './ranges.js';
export { iniValue, pyLiteral } from './pyliteral.js';
export { fsLoader, loadVarsFile, parseYaml, withVault, type VarsLoader } from './loader.js';
