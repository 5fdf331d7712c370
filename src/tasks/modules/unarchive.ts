/**
 * `unarchive`: a tar/zip archive extracted into an existing directory. The archive comes from the
 * role's files/ (uploaded only when an extraction is needed) or is already on the host
 * (remote_src). Extraction happens only when `creates` is absent, or when the marker
 * `<dest>/.afo-unarchive-<name>.sha256` (written after each extraction) holds another archive's
 * sha256 — so a new package version is extracted again and an unchanged one is not.
 * register: { dest, src, checksum, extracted }.
 */
import { basename, posix } from 'node:path';
import { z } from 'zod';
import type { FactSpec } from '../../facts/fact.js';
import { fileContentFact, pathExistsFact } from '../../facts/file-content.js';
import { statFact } from '../../facts/stat.js';
import { shJoin, shQuote } from '../../text/shlex.js';
import { bool, principal, scalarString, withAliases } from '../lib/args.js';
import { findLocal, readLocal, sha256 } from '../lib/put-file.js';
import type { Change, Module } from '../module.js';

const schema = withAliases(
  { remote_src: ['copy_remote'] },
  z.strictObject({
    src: z.string().min(1),
    dest: z.string().min(1),
    remote_src: bool.default(false),
    creates: z.string().min(1).optional(),
    owner: principal.optional(),
    group: principal.optional(),
    extra_opts: z.array(scalarString).default([]),
  }),
);

export type UnarchiveArgs = z.output<typeof schema>;

export function markerPath(a: UnarchiveArgs): string {
  return posix.join(a.dest, `.afo-unarchive-${basename(a.src)}.sha256`);
}

/** The shell that extracts `archive` into dest, hands the top-level entries to owner/group and writes the marker. */
export function extractScript(a: UnarchiveArgs, archive: string, sha: string): string {
  const arc = shQuote(archive);
  const dest = shQuote(a.dest);
  const zip = /\.zip$/i.test(a.src);
  const extra = a.extra_opts.length > 0 ? ` ${shJoin(a.extra_opts)}` : '';
  const steps = ['set -e', zip ? `unzip -o -q${extra} ${arc} -d ${dest}` : `tar -xf ${arc} -C ${dest}${extra}`];
  if (a.owner !== undefined || a.group !== undefined) {
    const spec = shQuote(`${a.owner ?? ''}${a.group !== undefined ? `:${a.group}` : ''}`);
    const list = zip ? `unzip -Z1 ${arc}` : `tar -tf ${arc}`;
    steps.push(
      `${list} | sed -e 's#^\\./##' -e 's#/.*##' | sort -u | while IFS= read -r f; do if [ -n "$f" ]; then chown -R ${spec} -- ${dest}/"$f"; fi; done`,
    );
  }
  steps.push(`printf '%s\\n' ${sha} > ${shQuote(markerPath(a))}`);
  return steps.join('\n');
}

export const unarchiveModule: Module<UnarchiveArgs> = {
  name: 'unarchive',
  args: schema,
  facts(a) {
    const out: FactSpec[] = [statFact(a.dest, true), fileContentFact(markerPath(a))];
    if (a.creates !== undefined) out.push(pathExistsFact(a.creates));
    if (a.remote_src) out.push(statFact(a.src, true));
    return out;
  },
  async plan(a, facts, ctx) {
    const dest = facts.get(statFact(a.dest, true));
    if (!dest.exists || dest.type !== 'directory') {
      return { changes: [], fail: `dest ${a.dest} must be an existing directory on ${ctx.host}` };
    }
    let sha: string;
    let content: Buffer | undefined;
    if (a.remote_src) {
      const src = facts.get(statFact(a.src, true));
      if (!src.exists || src.sha256 === undefined) return { changes: [], fail: `remote src ${a.src} is not a readable file on ${ctx.host}` };
      sha = src.sha256;
    } else {
      content = await readLocal(await findLocal(a.src, ctx.baseDir, 'files'));
      sha = sha256(content);
    }
    const marker = facts.get(fileContentFact(markerPath(a)));
    const markerSha = marker.exists ? marker.content.trim() : undefined;
    const createsThere = a.creates !== undefined && facts.get(pathExistsFact(a.creates));
    const need = a.creates !== undefined ? !createsThere || (markerSha !== undefined && markerSha !== sha) : markerSha !== sha;
    const result = { dest: a.dest, src: a.src, checksum: sha, extracted: need };
    if (!need) return { changes: [], result };
    const changes: Change[] = [];
    let archive = a.src;
    if (content !== undefined) {
      archive = posix.join(a.dest, `.afo-upload-${basename(a.src)}`);
      changes.push({ kind: 'upload', description: `upload ${basename(a.src)} to ${ctx.host}`, dest: archive, content, mode: '0600' });
    }
    const script = extractScript(a, archive, sha) + (content !== undefined ? `\nrm -f -- ${shQuote(archive)}` : '');
    changes.push({ kind: 'exec', description: `extract ${basename(a.src)} into ${a.dest}`, command: script });
    return { changes, result };
  },
};
