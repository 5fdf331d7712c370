/**
 * `file`: a path's kind (file, directory, symlink, absent, touch) and its owner/group/mode.
 * register: { path, state } (+ changed from the engine).
 */
import { z } from 'zod';
import type { FactSpec } from '../../facts/fact.js';
import { type StatInfo, statFact } from '../../facts/stat.js';
import { treeFact } from '../../facts/tree.js';
import { shQuote } from '../../text/shlex.js';
import { bool, modeArg, principal, withAliases } from '../lib/args.js';
import { attrChanges, type Attrs } from '../lib/attrs.js';
import { formatMode, resolveMode } from '../lib/mode.js';
import type { Change, ExecChange, Module, PlanResult } from '../module.js';

const schema = withAliases(
  { path: ['dest', 'name'], src: [] },
  z.strictObject({
    path: z.string().min(1),
    state: z.enum(['file', 'directory', 'link', 'absent', 'touch']).optional(),
    mode: modeArg.optional(),
    owner: principal.optional(),
    group: principal.optional(),
    /** Directories only: apply owner/group/mode to everything below. */
    recurse: bool.default(false),
    /** Links only: the target. */
    src: z.string().min(1).optional(),
    /** Links only: replace a file (or empty directory) that is in the way. */
    force: bool.default(false),
    follow: bool.default(true),
  }),
).superRefine((a, ctx) => {
  if (a.state === 'link' && a.src === undefined) ctx.addIssue({ code: 'custom', message: "state: link needs 'src'" });
  if (a.recurse && a.state !== 'directory') ctx.addIssue({ code: 'custom', message: 'recurse needs state: directory' });
  if (a.recurse && a.mode?.kind === 'symbolic') {
    ctx.addIssue({ code: 'custom', message: "recurse needs an octal mode ('0755'), not a symbolic one" });
  }
});

export type FileArgs = z.output<typeof schema>;

function attrsOf(a: FileArgs): Attrs {
  return { mode: a.mode, owner: a.owner, group: a.group };
}

/** chown/chmod for a path this plan is creating (no stat to compare with yet). */
function newPathAttrs(path: string, a: FileArgs, isDir: boolean): ExecChange[] {
  const out: ExecChange[] = [];
  const p = shQuote(path);
  if (a.owner !== undefined || a.group !== undefined) {
    const spec = a.owner !== undefined ? (a.group !== undefined ? `${a.owner}:${a.group}` : a.owner) : `:${a.group}`;
    out.push({ kind: 'exec', description: `chown ${spec} ${path}`, command: `chown -h ${shQuote(spec)} -- ${p}` });
  }
  if (a.mode !== undefined && a.state !== 'link') {
    const m = formatMode(resolveMode(a.mode, undefined, isDir));
    out.push({ kind: 'exec', description: `chmod ${m} ${path}`, command: `chmod ${m} -- ${p}` });
  }
  return out;
}

function planLink(a: FileArgs, st: StatInfo): PlanResult {
  const src = a.src!;
  const p = shQuote(a.path);
  const ln: ExecChange = {
    kind: 'exec',
    description: `link ${a.path} -> ${src}`,
    command: `ln -sfn -- ${shQuote(src)} ${p}`,
  };
  if (!st.exists) return { changes: [ln, ...newPathAttrs(a.path, a, false)] };
  if (st.type === 'link') {
    if (st.linkTarget === src) return { changes: attrChanges(a.path, st, attrsOf(a)) };
    return { changes: [ln, ...newPathAttrs(a.path, a, false)] };
  }
  if (!a.force) {
    return { changes: [], fail: `${a.path} exists as a ${st.type}, not a symlink; set force: yes to replace it` };
  }
  const rm = st.type === 'directory' ? `rmdir -- ${p}` : `rm -f -- ${p}`;
  return {
    changes: [{ ...ln, description: `replace ${st.type} ${a.path} with a link to ${src}`, command: `${rm} && ${ln.command}` }],
  };
}

function planDirectory(a: FileArgs, st: StatInfo, tree: (() => { owner: boolean; group: boolean; mode: boolean }) | undefined): PlanResult {
  const p = shQuote(a.path);
  if (!st.exists) {
    const mk: ExecChange = { kind: 'exec', description: `mkdir ${a.path}`, command: `mkdir -p -- ${p}` };
    const changes: Change[] = [mk, ...newPathAttrs(a.path, a, true)];
    if (a.recurse) return { changes: changes.map((c) => (c.kind === 'exec' && c !== mk ? recursive(c) : c)) };
    return { changes };
  }
  if (st.type !== 'directory') return { changes: [], fail: `${a.path} exists but is a ${st.type}, not a directory` };
  const changes: ExecChange[] = attrChanges(a.path, st, attrsOf(a));
  if (!a.recurse || tree === undefined) return { changes };
  const diff = tree();
  const own = (a.owner !== undefined && diff.owner) || (a.group !== undefined && diff.group);
  const out = changes.filter((c) => !(own && c.command.startsWith('chown')) && !(diff.mode && c.command.startsWith('chmod')));
  if (own) {
    const spec = a.owner !== undefined ? (a.group !== undefined ? `${a.owner}:${a.group}` : a.owner) : `:${a.group}`;
    out.push({ kind: 'exec', description: `chown -R ${spec} ${a.path}`, command: `chown -R ${shQuote(spec)} -- ${p}` });
  }
  if (a.mode !== undefined && diff.mode) {
    const m = formatMode(resolveMode(a.mode, undefined, true));
    out.push({ kind: 'exec', description: `chmod -R ${m} ${a.path}`, command: `chmod -R ${m} -- ${p}` });
  }
  return { changes: out };
}

function recursive(c: ExecChange): ExecChange {
  return { ...c, description: c.description.replace(/^(\w+)/, '$1 -R'), command: c.command.replace(/^(\w+)( -h)?/, '$1 -R') };
}

export const fileModule: Module<FileArgs> = {
  name: 'file',
  args: schema,
  effects: (a) => [a.path],
  facts(a) {
    const out: FactSpec[] = [statFact(a.path)];
    if (a.recurse && a.state === 'directory') out.push(treeFactFor(a));
    return out;
  },
  plan(a, facts) {
    const st = facts.get(statFact(a.path));
    const result = { path: a.path, state: a.state ?? (st.exists ? st.type : 'absent') };
    const state = a.state ?? (st.exists ? (st.type === 'directory' ? 'directory' : st.type === 'link' ? 'link' : 'file') : 'file');
    let plan: PlanResult;
    switch (state) {
      case 'absent':
        plan = st.exists ? { changes: [{ kind: 'exec', description: `remove ${a.path}`, command: `rm -rf -- ${shQuote(a.path)}` }] } : { changes: [] };
        break;
      case 'file':
        if (!st.exists) plan = { changes: [], fail: `file (${a.path}) is absent, cannot continue` };
        else if (st.type === 'directory') plan = { changes: [], fail: `${a.path} is a directory, not a file` };
        else plan = { changes: attrChanges(a.path, st, attrsOf(a)) };
        break;
      case 'touch':
        // Like Ansible with modification_time/access_time: preserve — touching an existing file
        // again would make every run report a change.
        plan = st.exists
          ? { changes: attrChanges(a.path, st, attrsOf(a)) }
          : {
              changes: [{ kind: 'exec', description: `touch ${a.path}`, command: `touch -- ${shQuote(a.path)}` }, ...newPathAttrs(a.path, a, false)],
            };
        break;
      case 'directory':
        plan = planDirectory(a, st, a.recurse ? () => facts.get(treeFactFor(a)) : undefined);
        break;
      case 'link':
        if (a.src === undefined) plan = { changes: attrChanges(a.path, st as Extract<StatInfo, { exists: true }>, attrsOf(a)) };
        else plan = planLink(a, st);
        break;
    }
    return { ...plan, result };
  },
};

function treeFactFor(a: FileArgs) {
  const mode = a.mode?.kind === 'octal' ? formatMode(a.mode.value) : undefined;
  return treeFact(a.path, { owner: a.owner, group: a.group, mode });
}
