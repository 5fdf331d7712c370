/**
 * The verbatim `gs_om -t status --detail` samples of docs/opengauss.md §5.6 (copied, not shared with
 * afo's fixtures) and a small field-by-field comparison that does not use afo's parser: each
 * table line's fields are located by regex and their column offsets, minus what the variable
 * widths (host name, data dir, role) explain, must equal the sample's.
 */

/** Layout A: no CM (AFO docs screenshot, openGauss 5.0.0, 1P1S). */
export const SAMPLE_A = `[   Cluster State   ]

cluster_state   : Normal
redistributing  : No
current_az      : AZ_ALL

[  Datanode State   ]

    node          node_ip         port      instance                    state
-------------------------------------------------------------------------------------
1  opengauss1 192.168.56.12   15400      6001 /opt/openGauss/data/dn   P Primary Normal
2  opengauss2 192.168.56.13   15400      6002 /opt/openGauss/data/dn   S Standby Normal
`;

/** Layout B: CM with OM 5.0.x (AFO docs screenshot, openGauss 5.0.0, 1P1S1C with CM). */
export const SAMPLE_B = `[  CMServer State   ]

node            node_ip         instance                              state
--------------------------------------------------------------------------------
1  og3232249867 192.168.56.11   1    /opt/openGauss/data/cm/cm_server Primary
2  og3232249868 192.168.56.12   2    /opt/openGauss/data/cm/cm_server Standby
3  og3232249870 192.168.56.14   3    /opt/openGauss/data/cm/cm_server Standby

[   Cluster State   ]

cluster_state   : Normal
redistributing  : No
balanced        : Yes
current_az      : AZ_ALL

[  Datanode State   ]

node            node_ip         instance                    state
--------------------------------------------------------------------------------
1  og3232249867 192.168.56.11   6001 /opt/openGauss/data/dn P Primary Normal
2  og3232249868 192.168.56.12   6002 /opt/openGauss/data/dn C Cascade Standby Normal
3  og3232249870 192.168.56.14   6003 /opt/openGauss/data/dn S Standby Normal
`;

/** Layout C (reconstructed in docs/opengauss.md: the B cluster on OM 6, port after the instance id). */
export const SAMPLE_C_DN = `node            node_ip         instance                    state
--------------------------------------------------------------------------------
1  og3232249867 192.168.56.11   6001 15400  /opt/openGauss/data/dn P Primary Normal
2  og3232249868 192.168.56.12   6002 15400  /opt/openGauss/data/dn C Cascade Standby Normal
3  og3232249870 192.168.56.14   6003 15400  /opt/openGauss/data/dn S Standby Normal
`;

export type Layout = 'A' | 'B' | 'C';

/** A parsed DN row: the values and the layout signature (offsets net of variable widths). */
export interface Row {
  fields: Record<string, string>;
  sig: number[];
}

const ROW: Record<Layout, RegExp> = {
  A: /^(?<id>\d+)\s+(?<name>\S+)\s+(?<ip>\S+)\s+(?<port>\d+)\s+(?<iid>\d+)\s+(?<dir>\/\S*)\s+(?<letter>[PSCR])\s+(?<role>\S+)\s+(?<state>.+)$/d,
  B: /^(?<id>\d+)\s+(?<name>\S+)\s+(?<ip>\S+)\s+(?<iid>\d+)\s+(?<dir>\/\S*)\s+(?<letter>[PSCR])\s+(?<role>Cascade Standby|Main Standby|\S+)\s+(?<state>.+)$/d,
  C: /^(?<id>\d+)\s+(?<name>\S+)\s+(?<ip>\S+)\s+(?<iid>\d+)\s+(?<port>\d+)\s+(?<dir>\/\S*)\s+(?<letter>[PSCR])\s+(?<role>Cascade Standby|Main Standby|\S+)\s+(?<state>.+)$/d,
};
const CMS = /^(?<id>\d+)\s+(?<name>\S+)\s+(?<ip>\S+)\s+(?<iid>\d+)\s+(?<dir>\/\S*)\s+(?<state>\S+)$/d;

/** Widths that legitimately vary with the cluster: longest host name and data dir. */
export interface Widths {
  name: number;
  dir: number;
}

function groups(re: RegExp, line: string): { v: Record<string, string>; at: Record<string, number> } | null {
  const m = re.exec(line);
  if (!m?.groups || !m.indices?.groups) return null;
  const at: Record<string, number> = {};
  for (const [k, span] of Object.entries(m.indices.groups)) if (span) at[k] = span[0];
  return { v: { ...m.groups } as Record<string, string>, at };
}

/** The rows of a DN table in `layout`; throws on a line that is not a row. */
export function dnRows(lines: string[], layout: Layout, w: Widths): Row[] {
  return lines.map((line) => {
    const g = groups(ROW[layout], line);
    if (!g) throw new Error(`not a layout-${layout} DN row: ${JSON.stringify(line)}`);
    const { v, at } = g;
    const a = (k: string): number => at[k] ?? -1;
    const sig = [
      a('id'),
      a('name') - a('id') - (v.id ?? '').length,
      a('ip') - a('name') - w.name,
      ...(layout === 'A'
        ? [a('port') - a('ip'), a('iid') - a('port'), a('dir') - a('iid') - (v.iid ?? '').length]
        : layout === 'C'
          ? [a('iid') - a('ip'), a('port') - a('iid') - (v.iid ?? '').length, a('dir') - a('port')]
          : [a('iid') - a('ip'), a('dir') - a('iid') - (v.iid ?? '').length]),
      a('letter') - a('dir') - w.dir,
      a('role') - a('letter'),
      a('state') - a('role') - Math.max(7, (v.role ?? '').length),
    ];
    return { fields: v, sig };
  });
}

export function cmsRows(lines: string[], w: Widths & { cmsDir: number }): Row[] {
  return lines.map((line) => {
    const g = groups(CMS, line);
    if (!g) throw new Error(`not a CMServer row: ${JSON.stringify(line)}`);
    const { v, at } = g;
    const a = (k: string): number => at[k] ?? -1;
    const sig = [
      a('id'),
      a('name') - a('id') - (v.id ?? '').length,
      a('ip') - a('name') - w.name,
      a('iid') - a('ip'),
      a('dir') - a('iid'),
      a('state') - a('dir') - w.cmsDir,
    ];
    return { fields: v, sig };
  });
}

/** Header signature: column starts of its words, net of the host-name and data-dir widths. */
export function headerSig(line: string, w: Widths, dirCol: string): number[] {
  const words = [...line.matchAll(/\S+/g)].map((m) => ({ t: m[0], at: m.index }));
  return words.map((x, i) => {
    const prev = words[i - 1];
    if (!prev) return x.at;
    let d = x.at - prev.at;
    if (x.t === 'node_ip') d -= w.name;
    if (x.t === 'state' && prev.t === dirCol) d -= w.dir;
    return d;
  });
}

/** Splits a status text into its sections: title -> lines (blank lines kept out, order kept). */
export function sections(text: string): { titles: string[]; body: Record<string, string[]>; blankPattern: string } {
  const body: Record<string, string[]> = {};
  const titles: string[] = [];
  let cur = '';
  for (const line of text.split('\n')) {
    if (/^\[.*\]$/.test(line)) {
      cur = line;
      titles.push(line);
      body[cur] = [];
    } else if (line.trim() && cur) body[cur]?.push(line);
  }
  // where the blank lines are, as a string of T (title), B (blank), L (other line)
  const blankPattern = text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (/^\[.*\]$/.test(l) ? 'T' : l.trim() ? 'L' : 'B'))
    .join('')
    .replace(/L+/g, 'L');
  return { titles, body, blankPattern };
}

/** key : value lines of the Cluster State section, with the column of the colon. */
export function keyValues(lines: string[]): { key: string; colon: number; value: string }[] {
  return lines.map((l) => {
    const m = /^(\S+)(\s+):\s(.*)$/.exec(l);
    if (!m) throw new Error(`not a key : value line: ${JSON.stringify(l)}`);
    return { key: m[1] ?? '', colon: (m[1] ?? '').length + (m[2] ?? '').length, value: m[3] ?? '' };
  });
}
