/** The parity cases, rendered both by afo and by Ansible's Templar; results must be equal (or both must fail). */
import { EXPRESSIONS } from './expressions.js';
import { FILTERS } from './filters.js';
import { TEMPLATES } from './templates.js';

export { CONDITIONS } from './conditions.js';
export { LAZY_CASES, LAZY_VARS, VARS } from './vars.js';

export const CASES: string[] = [...EXPRESSIONS, ...FILTERS, ...TEMPLATES];
