/**
 * How an error reaches the user, and its exit code: the only place error kinds are mapped
 * (docs/architecture.md, "Errors and exit codes"). A user error prints its message (a problem
 * list as a table), never a stack trace; anything else is a bug in afo and prints its stack.
 */
import { UserError } from '../errors.js';
import { ProblemsError, type Problem } from '../opengauss/problem.js';
import { EXIT_INTERRUPTED, EXIT_INTERNAL, exitCodeFor } from './exit-code.js';
import { PromptCancelled } from './prompt.js';

/** The preflight table: host / check / found / expected / how to fix. */
export function problemTable(problems: readonly Problem[]): string {
  const head = ['host', 'check', 'found', 'expected', 'how to fix'];
  const rows = problems.map((p) => [p.host, p.check, p.found, p.expected, p.fix]);
  const width = head.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(width[i]!))
      .join(' | ')
      .trimEnd();
  return [line(head), width.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(line)].join('\n');
}

/** Writes what the user should see for `err` and returns the exit code. */
export function reportError(err: unknown, write: (text: string) => void): number {
  if (err instanceof PromptCancelled) return EXIT_INTERRUPTED;
  if (err instanceof ProblemsError) {
    write(`afo: ${err.title}\n${problemTable(err.problems)}\n`);
    if (err.advice) write(`${err.advice}\n`);
    return exitCodeFor(err);
  }
  if (err instanceof UserError) {
    write(`afo: error: ${err.message}\n`);
    return exitCodeFor(err);
  }
  write(`afo: internal error (please report): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return EXIT_INTERNAL;
}
