/**
 * Load-time checks of the local files a task reads: a `template:` or `copy:` `src` that is not a
 * template must exist where the module will look (the role's templates/ or files/, then the role
 * directory), and a template file must parse, so neither is first found on a host (issue 12).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { templateSyntaxError } from '../tasks/lib/handlebars.js';
import type { LoadIssue } from './yaml-file.js';
import { hasTemplate } from './validate-args.js';

const SUBDIR: Record<string, 'files' | 'templates'> = { template: 'templates', copy: 'files' };

/** Where the module looks for `src`, in order (src/tasks/lib/put-file.ts findLocal). */
function candidates(src: string, baseDir: string, subdir: string): string[] {
  return isAbsolute(src) ? [src] : [join(baseDir, subdir, src), join(baseDir, src)];
}

export function checkLocalSource(module: string, args: Record<string, unknown>, baseDir: string, problem: (msg: string) => void, issues: LoadIssue[]): void {
  const subdir = SUBDIR[module];
  const src = args.src;
  if (subdir === undefined || typeof src !== 'string' || src === '' || hasTemplate(src) || args.remote_src === true) return;
  const tries = candidates(src, baseDir, subdir);
  const found = tries.find((t) => existsSync(t) && statSync(t).isFile());
  if (found === undefined) {
    problem(`${module}: src '${src}' not found (looked in ${tries.join(', ')})`);
    return;
  }
  if (module !== 'template') return;
  const error = templateSyntaxError(readFileSync(found, 'utf8'));
  if (error !== undefined) issues.push({ file: found, ...error });
}
