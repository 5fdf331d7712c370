/**
 * The one place a run's results become an exit code: 0 when every host finished, 4 when some
 * host failed or was unreachable (UserError kinds map to 2 input / 3 preflight in cli/exit-code.ts).
 */
import type { HostSummary } from './events.js';

export const EXIT_OK = 0;
export const EXIT_HOST_FAILED = 4;

export function exitCodeForRun(hosts: Record<string, HostSummary>): number {
  return Object.values(hosts).some((h) => h.state !== 'ok') ? EXIT_HOST_FAILED : EXIT_OK;
}
