/**
 * Parser for `gs_om -t status --detail` in its three layouts (docs/opengauss.md §5.6) and for raw
 * `cm_ctl query -Cv…` data-node lines. Sections are recognised by their bracketed titles; rows
 * by their data-dir anchor (see rows.ts).
 */
import { StatusParseError, parseYesNo } from './error.js';
import { integersBeforeAnchor, parseCmServerRow, parseDatanodeRow, type RowHints } from './rows.js';
import type { CmServerRow, DatanodeRow, DetailStatus, StatusLayout } from './types.js';

/** Optional knowledge that helps tell a port from an instance id. */
export interface DetailOptions {
  /** The configured DN port (`dataPortBase`). */
  dataPortBase?: number;
}

type Section = 'none' | 'cmserver' | 'cluster' | 'datanode' | 'other';

const WHAT = 'gs_om -t status --detail output';

function sectionOf(title: string): Section {
  const t = title.toLowerCase().replace(/\s+/g, ' ');
  if (t.startsWith('cmserver')) return 'cmserver';
  if (t === 'cluster state') return 'cluster';
  if (t.startsWith('datanode')) return 'datanode';
  return 'other';
}

/** Lines of the text; raw cm_ctl prints two instances per line joined by ` | `. */
function splitLines(text: string): string[] {
  return text.split(/\r?\n/).flatMap((line) => line.split(' | '));
}

interface Scan {
  sections: Set<Section>;
  values: Map<string, string>;
  cmServers: CmServerRow[];
  /** Rows of the [ Datanode State ] section. */
  dnLines: string[];
  /** Row-like lines outside any section (raw cm_ctl output). */
  looseLines: string[];
  dnHeader?: string;
}

function scan(text: string): Scan {
  const result: Scan = { sections: new Set(), values: new Map(), cmServers: [], dnLines: [], looseLines: [] };
  let section: Section = 'none';
  for (const line of splitLines(text)) {
    const title = /^\s*\[\s*(.+?)\s*\]\s*$/.exec(line);
    if (title) {
      section = sectionOf(title[1]!);
      result.sections.add(section);
      continue;
    }
    if (line.trim() === '' || /^\s*-+\s*$/.test(line)) continue;
    if (/^\s*node\s/.test(line)) {
      if (section === 'datanode' || section === 'none') result.dnHeader ??= line;
      continue;
    }
    if (section === 'cluster') {
      const kv = /^\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$/.exec(line);
      if (kv) result.values.set(kv[1]!, kv[2]!);
    } else if (section === 'cmserver') {
      const row = parseCmServerRow(line);
      if (row) result.cmServers.push(row);
    } else if (section === 'datanode') {
      result.dnLines.push(line);
    } else if (section === 'none') {
      result.looseLines.push(line);
    }
  }
  return result;
}

function hintsFor(s: Scan, cmEvidence: boolean, opts: DetailOptions): RowHints {
  let portFirst = !cmEvidence;
  if (s.dnHeader !== undefined) {
    const words = s.dnHeader.trim().split(/\s+/);
    const port = words.indexOf('port');
    portFirst = port >= 0 && port < words.indexOf('instance');
  }
  return { portFirst, ...(opts.dataPortBase === undefined ? {} : { dataPortBase: opts.dataPortBase }) };
}

function parseRows(s: Scan, lines: string[], cmEvidence: boolean, opts: DetailOptions): { rows: DatanodeRow[]; ints: number } {
  const hints = hintsFor(s, cmEvidence, opts);
  const rows: DatanodeRow[] = [];
  const counts = new Set<number>();
  for (const line of lines) {
    const row = parseDatanodeRow(line, hints);
    if (row === undefined) continue;
    rows.push(row);
    counts.add(integersBeforeAnchor(line));
  }
  if (counts.size > 1) throw new StatusParseError(WHAT, 'data-node rows mix layouts (with and without a port column)', '');
  return { rows, ints: [...counts][0] ?? 0 };
}

/**
 * Parses raw data-node lines (e.g. `cm_ctl query -Cvipd`, two instances per line joined by
 * ` | `), without requiring the surrounding sections.
 */
export function parseDatanodeLines(text: string, opts: DetailOptions = {}): DatanodeRow[] {
  const s = scan(text);
  const cmEvidence = s.dnHeader !== undefined && !/\bport\b/.test(s.dnHeader);
  return parseRows(s, [...s.looseLines, ...s.dnLines], cmEvidence, opts).rows;
}

/**
 * Parses `gs_om -t status --detail`. The layout is decided from the content: a CMServer section,
 * a `balanced` line or a table header without `port` means CM; then one integer before the data
 * dir means layout B, two mean C; two integers without CM mean A.
 * @throws StatusParseError when the text has no `cluster_state`, no data-node row, or odd rows.
 */
export function parseDetailStatus(text: string, opts: DetailOptions = {}): DetailStatus {
  const s = scan(text);
  const clusterState = s.values.get('cluster_state');
  if (clusterState === undefined || clusterState === '') {
    throw new StatusParseError(WHAT, 'no "cluster_state : …" line in a [ Cluster State ] section', text.trim().split('\n')[0] ?? '');
  }
  const redistributing = s.values.get('redistributing');
  if (redistributing === undefined) throw new StatusParseError(WHAT, 'no "redistributing : …" line', '');
  const balanced = s.values.get('balanced');
  const cmEvidence = s.sections.has('cmserver') || balanced !== undefined || (s.dnHeader !== undefined && !/\bport\b/.test(s.dnHeader));
  const { rows, ints } = parseRows(s, s.dnLines, cmEvidence, opts);
  if (rows.length === 0) throw new StatusParseError(WHAT, 'no data-node rows in the [ Datanode State ] section', '');
  const layout: StatusLayout = ints === 1 ? 'B' : cmEvidence ? 'C' : 'A';
  const currentAz = s.values.get('current_az');
  return {
    layout,
    clusterState,
    redistributing: parseYesNo(WHAT, 'redistributing', redistributing),
    ...(balanced === undefined ? {} : { balanced: parseYesNo(WHAT, 'balanced', balanced) }),
    ...(currentAz === undefined ? {} : { currentAz }),
    ...(s.sections.has('cmserver') ? { cmServers: s.cmServers } : {}),
    datanodes: rows,
  };
}
