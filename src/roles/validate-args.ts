/**
 * Argument checks with the module's own zod schema. On load only arguments without `{{ }}` can be
 * checked; templated ones are checked after templating at run time, with the same wording.
 */
import type { z } from 'zod';
import type { Module } from '../tasks/module.js';

/** True when a value (deeply) contains a Jinja expression or statement. */
export function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{') || value.includes('{%');
  if (Array.isArray(value)) return value.some(hasTemplate);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasTemplate);
  return false;
}

/** Validate `args`; returns the parsed arguments or a one-line description of what is wrong. */
export function checkArgs(module: Module, args: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  const result = module.args.safeParse(args);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, message: `wrong arguments for module '${module.name}': ${describeIssues(result.error)}` };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
      return `${where}${issue.message}`;
    })
    .join('; ');
}
