/**
 * A data node's replication as `gs_ctl query` shows it (docs/opengauss.md §5.7): its role and
 * state, its upstream (receiver channel) and its downstreams (senders, with sync state and WAL
 * positions). Read as the database user through a login shell, on the node that owns the data
 * directory; read-only.
 */
import type { FactSpec } from '../../facts/fact.js';
import { shQuote } from '../../text/shlex.js';
import { parseGsCtlQuery, type GsCtlQuery } from '../status/gsctl.js';

export function replicationFact(dataDir: string, user: string): FactSpec<GsCtlQuery> {
  const inner = `gs_ctl query -D ${shQuote(dataDir)}`;
  return {
    id: `opengauss-replication:${dataDir}:${user}`,
    command: `su - ${shQuote(user)} -c ${shQuote(inner)} 2>&1; true`,
    parse: (stdout) => parseGsCtlQuery(stdout),
  };
}
