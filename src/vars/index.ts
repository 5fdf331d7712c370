/** Public API of variable handling: precedence, merging, -e parsing, the ansible-inventory listings. */
export { resolveHostVars, inventoryHostVars, inventoryLayers, type ResolveOptions, type VarLayer } from './precedence.js';
export { magicVars } from './magic.js';
export { deepMerge, replaceVars, combineLayers, type HashBehaviour } from './merge.js';
export { parseExtraVars, parseExtraVar, parseKeyValues, splitArgs } from './extra-vars.js';
export { inventoryListing, inventoryGraph, type InventoryListing } from './listing.js';
