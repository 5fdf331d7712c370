/**
 * Load-time checks of the expression language in a task: `when`-style keywords must parse as
 * expressions, every other string as template text (unknown filters and syntax errors are found
 * before any host is touched; undefined variables can only be known at run time).
 */
import { checkExpression, checkTemplate } from '../expr/index.js';

const CONDITIONS = new Set(['when', 'changed_when', 'failed_when', 'until']);
const NESTED = new Set(['block', 'rescue', 'always']);

export function checkTaskExpressions(raw: Record<string, unknown>, problem: (msg: string) => void): void {
  for (const [key, value] of Object.entries(raw)) {
    if (NESTED.has(key)) continue;
    if (CONDITIONS.has(key)) {
      for (const c of Array.isArray(value) ? value : [value]) if (typeof c === 'string') guard(() => checkExpression(c), key, problem);
    } else walkStrings(value, (s) => guard(() => checkTemplate(s), key, problem));
  }
}

function guard(check: () => void, key: string, problem: (msg: string) => void): void {
  try {
    check();
  } catch (err) {
    problem(`${key}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function walkStrings(value: unknown, visit: (s: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const v of value) walkStrings(v, visit);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) walkStrings(v, visit);
}
