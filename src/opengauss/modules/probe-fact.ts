/**
 * Is openGauss installed on this host, and what does `gs_om -t status --detail` say?
 * Decided from facts (docs/opengauss.md §7.2): no static config file = no cluster; a static config
 * whose status cannot be read or parsed is "unreadable", never "fresh".
 */
import type { FactSpec } from '../../facts/fact.js';
import { shQuote } from '../../text/shlex.js';
import type { Problem } from '../problem.js';
import { health } from '../status/health.js';
import { parseDetailStatus } from '../status/detail.js';
import type { DetailStatus } from '../status/types.js';

/** fresh: nothing installed; healthy/unhealthy: parsed status; unreadable: installed but the status could not be read. */
export type ClusterState = 'fresh' | 'healthy' | 'unhealthy' | 'unreadable';

export interface ProbeResult {
  state: ClusterState;
  /** The raw status text (also for unreadable: what the tool printed). */
  text?: string;
  exitCode?: number;
  status?: DetailStatus;
  /** Health problems (unhealthy) or why the status could not be read (unreadable). */
  problems: Problem[];
}

const INSTALLED = '@@afo-installed';
const FRESH = '@@afo-fresh';
const RC = '@@afo-rc=';

/** The static config file whose presence means "installed" (§1.1). */
export function staticConfigPath(appPath: string): string {
  return `${appPath.replace(/\/+$/, '')}/bin/cluster_static_config`;
}

export function probeFact(appPath: string, user: string): FactSpec<ProbeResult> {
  const file = shQuote(staticConfigPath(appPath));
  // su - : the user's login environment (GAUSSHOME, PATH) that gs_preinstall wrote to .bashrc.
  const command =
    `if [ -e ${file} ]; then echo ${INSTALLED}; su - ${shQuote(user)} -c 'gs_om -t status --detail' 2>&1; echo "${RC}$?"; ` + `else echo ${FRESH}; fi`;
  return { id: `opengauss-probe:${appPath}:${user}`, command, parse: parseProbe };
}

/** Pure: the fact's output -> the cluster's state. */
export function parseProbe(stdout: string): ProbeResult {
  const lines = stdout.split('\n');
  if (lines.some((l) => l.trim() === FRESH)) return { state: 'fresh', problems: [] };
  if (!lines.some((l) => l.trim() === INSTALLED)) {
    return { state: 'unreadable', text: stdout, problems: [unreadable('the probe printed nothing recognisable')] };
  }
  const rcLine = lines.find((l) => l.startsWith(RC));
  const exitCode = rcLine === undefined ? undefined : Number(rcLine.slice(RC.length));
  const text = lines
    .filter((l) => l.trim() !== INSTALLED && !l.startsWith(RC))
    .join('\n')
    .trim();
  let status: DetailStatus;
  try {
    status = parseDetailStatus(text);
  } catch (e) {
    const why = exitCode !== undefined && exitCode !== 0 ? `gs_om exited ${exitCode}` : (e as Error).message.split('\n')[0]!;
    return { state: 'unreadable', text, ...(exitCode === undefined ? {} : { exitCode }), problems: [unreadable(why)] };
  }
  const problems = health(status);
  return { state: problems.length === 0 ? 'healthy' : 'unhealthy', text, ...(exitCode === undefined ? {} : { exitCode }), status, problems };
}

function unreadable(found: string): Problem {
  return {
    host: '-',
    check: 'cluster status',
    found,
    expected: 'a readable `gs_om -t status --detail` (openGauss is installed on this host)',
    fix: 'log in to the primary as the database user and run `gs_om -t status --detail`; repair the cluster before re-running afo',
  };
}
