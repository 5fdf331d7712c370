/** A module key's value (mapping, free-form string or empty) plus `args:` -> one argument mapping. */
import { parseFreeForm } from './free-form.js';

export function free(module: string, value: unknown, extra: unknown, problem: (m: string) => void): Record<string, unknown> {
  let args: Record<string, unknown> = {};
  if (typeof value === 'string') args = parseFreeForm(module, value);
  else if (value !== null && value !== undefined) {
    if (typeof value === 'object' && !Array.isArray(value)) args = { ...(value as Record<string, unknown>) };
    else problem(`arguments of '${module}' must be a mapping (key: value) or a string`);
  }
  if (extra !== undefined && extra !== null) {
    if (typeof extra === 'object' && !Array.isArray(extra)) args = { ...(extra as Record<string, unknown>), ...args };
    else problem('args: must be a mapping');
  }
  return args;
}
