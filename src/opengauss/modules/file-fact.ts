/**
 * A text file on a host as it is now (read-only): `afo expand --check` compares the new
 * cluster_config.xml with the one actually on the primary, not with a re-rendering
 * (docs/opengauss.md §1.2).
 */
import type { FactSpec } from '../../facts/fact.js';
import { shQuote } from '../../text/shlex.js';

const FOUND = '@@afo-file';
const MISSING = '@@afo-no-file';

/** The file's text, or undefined when there is no regular file at `path`. */
export function fileFact(path: string): FactSpec<string | undefined> {
  const p = shQuote(path);
  return {
    id: `opengauss-file:${path}`,
    command: `if [ -f ${p} ]; then echo ${FOUND}; cat ${p}; else echo ${MISSING}; fi`,
    parse: parseFileFact,
  };
}

export function parseFileFact(stdout: string): string | undefined {
  if (stdout.startsWith(`${FOUND}\n`)) return stdout.slice(FOUND.length + 1);
  if (stdout.startsWith(MISSING)) return undefined;
  throw new Error(`unexpected answer while reading a file: ${stdout.slice(0, 200)}`);
}
