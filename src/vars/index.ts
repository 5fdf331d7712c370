/** Public API of variable handling: precedence, merging, -e parsing, the file loader. */
export { resolveHostVars, inventoryHostVars, inventoryLayers, type ResolveOptions, type VarLayer } from './precedence.js';
export { magicVars } from './magic.js';
export { deepMerge, replaceVars, combineLayers, type HashBehaviour } from './merge.js';
export { parseExtraVars, parseExtraVar, parseKeyValues, splitArgs } from './extra-vars.js';
export { fsLoader, loadVarsFile, parseYaml, type VarsLoader } from './loader.js';
