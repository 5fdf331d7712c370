/** Field-by-field comparison of a live status text with the verbatim samples (see samples.ts). */
import { expect } from 'vitest';
import { SAMPLE_C_DN, cmsRows, dnRows, headerSig, keyValues, sections, type Layout } from './samples.js';

export interface Expected {
  /** host name, ip, instance id, letter and the role/state expected in each DN row, in order. */
  rows: { name: string; ip: string; iid: number; letter: string; role: string; state: string }[];
  clusterState: string;
  port: number;
  dataDir: string;
}

const SAMPLE_W = { name: 10, dir: 22 };
const SAMPLE_CM_W = { name: 12, dir: 22, cmsDir: 32 };

/** Compares `text` (layout A) with SAMPLE_A, field by field. */
export function expectLayoutA(text: string, sample: string, exp: Expected): void {
  const s = sections(sample);
  const t = sections(text);
  expect(t.titles).toEqual(s.titles);
  expect(t.blankPattern).toBe(s.blankPattern);
  const [cs, dn] = s.titles as [string, string];
  const kv = keyValues(t.body[cs] ?? []);
  const skv = keyValues(s.body[cs] ?? []);
  expect(kv.map((x) => [x.key, x.colon])).toEqual(skv.map((x) => [x.key, x.colon]));
  expect(kv.map((x) => x.value)).toEqual([exp.clusterState, 'No', 'AZ_ALL']);
  const w = { name: Math.max(...exp.rows.map((r) => r.name.length)), dir: exp.dataDir.length };
  const [sh, sd, ...srows] = s.body[dn] ?? [];
  const [th, td, ...trows] = t.body[dn] ?? [];
  expect(headerSig(th ?? '', w, 'instance')).toEqual(headerSig(sh ?? '', SAMPLE_W, 'instance'));
  expect(th?.trim().split(/\s+/)).toEqual(sh?.trim().split(/\s+/));
  expect(td).toMatch(/^-+$/);
  expect((td ?? '').length - w.name - w.dir).toBe((sd ?? '').length - SAMPLE_W.name - SAMPLE_W.dir);
  const sampleSig = dnRows(srows, 'A', SAMPLE_W)[0]?.sig;
  const rows = dnRows(trows, 'A', w);
  expect(rows.length).toBe(exp.rows.length);
  rows.forEach((r, i) => {
    const e = exp.rows[i]!;
    expect(r.sig).toEqual(sampleSig);
    expect(r.fields).toEqual({
      id: String(i + 1),
      name: e.name,
      ip: e.ip,
      port: String(exp.port),
      iid: String(e.iid),
      dir: exp.dataDir,
      letter: e.letter,
      role: e.role,
      state: e.state,
    });
  });
}

/** Compares a CM layout (B, or C with the port column) with SAMPLE_B, field by field. */
export function expectLayoutCM(
  text: string,
  sample: string,
  layout: Layout,
  exp: Expected & {
    cms: { name: string; ip: string; state: string }[];
    cmDir: string;
    balanced: string;
  },
): void {
  const s = sections(sample);
  const t = sections(text);
  expect(t.titles).toEqual(s.titles);
  expect(t.blankPattern).toBe(s.blankPattern);
  const [cmsT, cs, dn] = s.titles as [string, string, string];
  const w = { name: Math.max(...exp.rows.map((r) => r.name.length)), dir: exp.dataDir.length, cmsDir: `${exp.cmDir}/cm_server`.length };
  // CMServer table
  const [sh, sd, ...sc] = s.body[cmsT] ?? [];
  const [th, td, ...tc] = t.body[cmsT] ?? [];
  expect(headerSig(th ?? '', { ...w, dir: w.cmsDir }, 'instance')).toEqual(headerSig(sh ?? '', { ...SAMPLE_CM_W, dir: SAMPLE_CM_W.cmsDir }, 'instance'));
  expect(td).toBe(sd);
  const sampleCms = cmsRows(sc, SAMPLE_CM_W)[0]?.sig;
  const cms = cmsRows(tc, w);
  expect(cms.map((r) => r.sig)).toEqual(cms.map(() => sampleCms));
  expect(cms.map((r) => [r.fields.name, r.fields.ip, r.fields.iid, r.fields.dir, r.fields.state])).toEqual(
    exp.cms.map((c, i) => [c.name, c.ip, String(i + 1), `${exp.cmDir}/cm_server`, c.state]),
  );
  // Cluster State
  const kv = keyValues(t.body[cs] ?? []);
  expect(kv.map((x) => [x.key, x.colon])).toEqual(keyValues(s.body[cs] ?? []).map((x) => [x.key, x.colon]));
  expect(kv.map((x) => x.value)).toEqual([exp.clusterState, 'No', exp.balanced, 'AZ_ALL']);
  // Datanode State
  // layout C: the reconstructed OM 6 DN table of docs/opengauss.md §5.6 (port after the instance id)
  const [dh, dd, ...drows] = layout === 'C' ? SAMPLE_C_DN.trimEnd().split('\n') : (s.body[dn] ?? []);
  const [tdh, tdd, ...trows] = t.body[dn] ?? [];
  expect(headerSig(tdh ?? '', w, 'instance')).toEqual(headerSig(dh ?? '', SAMPLE_CM_W, 'instance'));
  expect(tdd).toBe(dd);
  const want = dnRows(drows, layout, SAMPLE_CM_W)[0]?.sig;
  const rows = dnRows(trows, layout, w);
  rows.forEach((r, i) => {
    const e = exp.rows[i]!;
    expect(r.sig).toEqual(want);
    expect(r.fields).toEqual({
      id: String(i + 1),
      name: e.name,
      ip: e.ip,
      iid: String(e.iid),
      dir: exp.dataDir,
      letter: e.letter,
      role: e.role,
      state: e.state,
      ...(layout === 'C' ? { port: String(exp.port) } : {}),
    });
  });
  expect(rows.length).toBe(exp.rows.length);
}
