/**
 * `get_url`: download a file on the host (curl, else wget) when dest is missing, or when a given
 * sha256 checksum differs (or always with force: yes). The download lands beside dest, is checked
 * against the checksum, then renamed into place.
 * register: { dest, url, checksum_dest? }.
 */
import { posix } from 'node:path';
import { z } from 'zod';
import type { FactSpec } from '../../facts/fact.js';
import { statFact } from '../../facts/stat.js';
import { shQuote } from '../../text/shlex.js';
import { bool, modeArg, principal } from '../lib/args.js';
import { attrChanges } from '../lib/attrs.js';
import { formatMode, resolveMode } from '../lib/mode.js';
import type { Change, ExecChange, Module } from '../module.js';

const schema = z.strictObject({
  url: z.string().regex(/^(https?|ftp):\/\/\S+$/, 'an http(s) or ftp URL'),
  dest: z.string().min(1),
  checksum: z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().regex(/^sha256:[0-9a-fA-F]{64}$/, "checksum must be 'sha256:<64 hex digits>'"))
    .transform((s) => s.slice(7).toLowerCase())
    .optional(),
  mode: modeArg.optional(),
  owner: principal.optional(),
  group: principal.optional(),
  force: bool.default(false),
  timeout: z.number().int().positive().default(10),
  validate_certs: bool.default(true),
});

export type GetUrlArgs = z.output<typeof schema>;

function fileName(url: string): string {
  const path = url.replace(/[?#].*$/, '').replace(/^\w+:\/\/[^/]*/, '');
  return decodeURIComponent(posix.basename(path)) || 'index.html';
}

export function downloadScript(a: GetUrlArgs, target: string): string {
  const tmp = shQuote(`${target}.afo-part`);
  const u = shQuote(a.url);
  const k = a.validate_certs ? '' : ' -k';
  const kw = a.validate_certs ? '' : ' --no-check-certificate';
  return [
    'set -e',
    `if command -v curl >/dev/null 2>&1; then curl -fsSL${k} --retry 3 --connect-timeout ${a.timeout} -o ${tmp} ${u}; ` +
      `elif command -v wget >/dev/null 2>&1; then wget -q${kw} -T ${a.timeout} -O ${tmp} ${u}; ` +
      `else echo 'get_url: neither curl nor wget is installed' >&2; exit 127; fi`,
    ...(a.checksum !== undefined
      ? [
          `if ! printf '%s  %s\\n' ${a.checksum} ${tmp} | sha256sum -c --quiet >/dev/null 2>&1; then rm -f -- ${tmp}; echo 'get_url: sha256 of the download does not match checksum' >&2; exit 1; fi`,
        ]
      : []),
    `mv -f -- ${tmp} ${shQuote(target)}`,
  ].join('\n');
}

export const getUrlModule: Module<GetUrlArgs> = {
  name: 'get_url',
  args: schema,
  facts(a) {
    // dest may turn out to be a directory: the file then goes in it under the URL's name.
    const out: FactSpec[] = [statFact(a.dest, true), statFact(posix.join(a.dest, fileName(a.url)), true)];
    return out;
  },
  plan(a, facts) {
    let target = a.dest;
    let st = facts.get(statFact(a.dest, true));
    if (a.dest.endsWith('/') || (st.exists && st.type === 'directory')) {
      target = posix.join(a.dest, fileName(a.url));
      st = facts.get(statFact(target, true));
    }
    const result = { dest: target, url: a.url, ...(st.exists && st.sha256 ? { checksum_dest: st.sha256 } : {}) };
    const attrs = { mode: a.mode, owner: a.owner, group: a.group };
    const fresh = !st.exists || a.force || (a.checksum !== undefined && st.sha256 !== a.checksum);
    if (!fresh) return { changes: st.exists ? attrChanges(target, st, attrs) : [], result };
    const changes: Change[] = [{ kind: 'exec', description: `download ${a.url} to ${target}`, command: downloadScript(a, target) }];
    const after: ExecChange[] = [];
    if (a.owner !== undefined || a.group !== undefined) {
      const spec = `${a.owner ?? ''}${a.group !== undefined ? `:${a.group}` : ''}`;
      after.push({ kind: 'exec', description: `chown ${spec} ${target}`, command: `chown ${shQuote(spec)} -- ${shQuote(target)}` });
    }
    if (a.mode !== undefined) {
      const m = formatMode(resolveMode(a.mode, undefined, false));
      after.push({ kind: 'exec', description: `chmod ${m} ${target}`, command: `chmod ${m} -- ${shQuote(target)}` });
    }
    return { changes: [...changes, ...after], result };
  },
};
