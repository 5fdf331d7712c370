/**
 * Row parsing for the status tables (docs/opengauss.md §5.6). Rows are anchored on the data-dir token
 * (the first token starting with `/`) instead of fixed column indexes, which AFO got wrong on
 * OM 6 and which digits in host names or paths could fool (§7.8).
 */
import { StatusParseError } from './error.js';
import type { CmServerRow, DatanodeRow } from './types.js';

/** How to tell the port from the instance id when a row has both. */
export interface RowHints {
  /** Positional fallback: true when the port column comes before the instance id (layout A). */
  portFirst: boolean;
  /** The configured DN port, when known; the integer equal to it is the port. */
  dataPortBase?: number;
}

const TWO_WORD_ROLES = ['Cascade Standby', 'Main Standby'];
const WHAT = 'gs_om status row';

function isInt(token: string | undefined): token is string {
  return token !== undefined && /^[0-9]+$/.test(token);
}

// DN instance ids are 6001.. in dataNode1 order (§4.2); at most 9 DNs, but ids grow after
// drop/re-add, so accept the whole 6xxx range.
function idLike(v: number): boolean {
  return v >= 6001 && v <= 6999;
}

/** Splits `[port, id]` vs `[id, port]`: by the configured port, then by value, then by position. */
function splitIdPort(a: number, b: number, hints: RowHints): { instanceId: number; port: number } {
  const base = hints.dataPortBase;
  if (base !== undefined && (a === base) !== (b === base)) {
    return a === base ? { port: a, instanceId: b } : { port: b, instanceId: a };
  }
  if (idLike(a) !== idLike(b)) return idLike(a) ? { instanceId: a, port: b } : { instanceId: b, port: a };
  return hints.portFirst ? { port: a, instanceId: b } : { instanceId: a, port: b };
}

/** Index of the first token starting with `/`, or -1. */
function anchorOf(tokens: string[]): number {
  return tokens.findIndex((t) => t.startsWith('/'));
}

/**
 * Parses one Datanode State row, or returns undefined when the line is not a row (no path token
 * or no leading node number).
 * @throws StatusParseError when the line looks like a row but has the wrong shape.
 */
export function parseDatanodeRow(line: string, hints: RowHints): DatanodeRow | undefined {
  const tokens = line.trim().split(/\s+/);
  const anchor = anchorOf(tokens);
  if (anchor < 0 || !isInt(tokens[0])) return undefined;
  const before = tokens.slice(0, anchor);
  const after = tokens.slice(anchor + 1);
  const [nodeId, hostname, ip, first, second] = before;
  if (before.length < 4 || before.length > 5 || hostname === undefined || ip === undefined || !isInt(first)) {
    throw new StatusParseError(WHAT, 'expected "node-id hostname ip [port] instance-id datadir …"', line.trim());
  }
  if (before.length === 5 && !isInt(second)) {
    throw new StatusParseError(WHAT, `'${second}' before the data dir is not a number`, line.trim());
  }
  const ids = second === undefined ? { instanceId: Number(first) } : splitIdPort(Number(first), Number(second), hints);

  const letter = after[0];
  if (letter === undefined || after.length < 2) {
    throw new StatusParseError(WHAT, 'missing static letter or role after the data dir', line.trim());
  }
  const twoWord = `${after[1]} ${after[2] ?? ''}`;
  const roleWords = TWO_WORD_ROLES.includes(twoWord) ? 2 : 1;
  return {
    nodeId: Number(nodeId),
    hostname,
    ip,
    ...ids,
    dataDir: tokens[anchor]!,
    letter,
    role: after.slice(1, 1 + roleWords).join(' '),
    state: after.slice(1 + roleWords).join(' '),
  };
}

/** How many integers sit between the IP and the data dir (1 = no port column). */
export function integersBeforeAnchor(line: string): number {
  const tokens = line.trim().split(/\s+/);
  const anchor = anchorOf(tokens);
  return anchor < 0 ? 0 : anchor - 3;
}

/**
 * Parses one CMServer State row (`node-id hostname ip cms-id <cmDir>/cm_server state`), or
 * returns undefined when the line is not a row.
 * @throws StatusParseError when the line looks like a row but has the wrong shape.
 */
export function parseCmServerRow(line: string): CmServerRow | undefined {
  const tokens = line.trim().split(/\s+/);
  const anchor = anchorOf(tokens);
  if (anchor < 0 || !isInt(tokens[0])) return undefined;
  const [nodeId, hostname, ip, id] = tokens;
  if (anchor !== 4 || hostname === undefined || ip === undefined || !isInt(id)) {
    throw new StatusParseError('gs_om CMServer row', 'expected "node-id hostname ip cms-id dir state"', line.trim());
  }
  return {
    nodeId: Number(nodeId),
    hostname,
    ip,
    instanceId: Number(id),
    dir: tokens[anchor]!,
    state: tokens.slice(anchor + 1).join(' '),
  };
}
