/**
 * Owner, group and mode: the attributes several modules (file, copy, template, get_url, ...)
 * bring a path to. Compares against the stat fact and returns only the commands needed.
 */
import type { StatInfo } from '../../facts/stat.js';
import { shQuote } from '../../text/shlex.js';
import type { ExecChange } from '../module.js';
import { formatMode, type ModeSpec, resolveMode } from './mode.js';

/** The attributes a task asks for; each is left alone when undefined. */
export interface Attrs {
  mode?: ModeSpec;
  owner?: string;
  group?: string;
}

type Existing = Extract<StatInfo, { exists: true }>;

/** True when `want` (a name or a numeric id) names the stat's owner/group. */
export function samePrincipal(want: string, name: string, id: number): boolean {
  return /^\d+$/.test(want) ? Number(want) === id : want === name;
}

/**
 * Commands that bring an existing path's owner/group/mode to `want`. For a symlink only the
 * owner/group of the link itself change (`chown -h`); Linux has no mode on links.
 */
export function attrChanges(path: string, st: Existing, want: Attrs): ExecChange[] {
  const out: ExecChange[] = [];
  const p = shQuote(path);
  const link = st.type === 'link';
  const owner = want.owner !== undefined && !samePrincipal(want.owner, st.owner, st.uid) ? want.owner : undefined;
  const group = want.group !== undefined && !samePrincipal(want.group, st.group, st.gid) ? want.group : undefined;
  if (owner !== undefined || group !== undefined) {
    const spec = owner !== undefined ? (group !== undefined ? `${owner}:${group}` : owner) : `:${group}`;
    out.push({
      kind: 'exec',
      description: `chown ${spec} ${path}`,
      command: `chown ${link ? '-h ' : ''}${shQuote(spec)} -- ${p}`,
    });
  }
  if (want.mode !== undefined && !link) {
    const target = resolveMode(want.mode, st.mode, st.type === 'directory');
    if (target !== st.mode) {
      out.push({ kind: 'exec', description: `chmod ${formatMode(target)} ${path}`, command: `chmod ${formatMode(target)} -- ${p}` });
    }
  }
  return out;
}

/** The upload options for a new file: octal mode (symbolic ones resolved for a new file) and owner/group. */
export function uploadAttrs(want: Attrs, current?: Existing): { mode?: string; owner?: string; group?: string } {
  const out: { mode?: string; owner?: string; group?: string } = {};
  if (want.mode !== undefined) out.mode = formatMode(resolveMode(want.mode, current?.mode, false));
  else if (current !== undefined && current.type === 'file') out.mode = formatMode(current.mode);
  const keep = current?.type === 'file' ? current : undefined;
  // stat prints UNKNOWN for an id without a name: keep the number then.
  const owner = want.owner ?? (keep && (keep.owner === 'UNKNOWN' ? String(keep.uid) : keep.owner));
  const group = want.group ?? (keep && (keep.group === 'UNKNOWN' ? String(keep.gid) : keep.group));
  if (owner !== undefined) out.owner = owner;
  if (group !== undefined) out.group = group;
  return out;
}
