/**
 * Parser for plain `gs_om -t status` (docs/opengauss.md §5.5): `key : value` lines between dashed
 * rules (`cluster_name`, `cluster_state`, `redistributing`; with CM also `balanced`, `current_az`).
 */
import { StatusParseError, parseYesNo } from './error.js';
import type { PlainStatus } from './types.js';

const WHAT = 'gs_om -t status output';

/**
 * @throws StatusParseError when there is no `cluster_state` line (e.g. the command printed an
 * error because nothing is installed).
 */
export function parsePlainStatus(text: string): PlainStatus {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const kv = /^\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$/.exec(line);
    if (kv) values.set(kv[1]!, kv[2]!);
  }
  const clusterState = values.get('cluster_state');
  if (clusterState === undefined || clusterState === '') {
    throw new StatusParseError(WHAT, 'no "cluster_state : …" line', text.trim().split('\n')[0] ?? '');
  }
  const name = values.get('cluster_name');
  const redistributing = values.get('redistributing');
  const balanced = values.get('balanced');
  const az = values.get('current_az');
  return {
    clusterState,
    ...(name === undefined ? {} : { clusterName: name }),
    ...(redistributing === undefined ? {} : { redistributing: parseYesNo(WHAT, 'redistributing', redistributing) }),
    ...(balanced === undefined ? {} : { balanced: parseYesNo(WHAT, 'balanced', balanced) }),
    ...(az === undefined ? {} : { currentAz: az }),
  };
}
