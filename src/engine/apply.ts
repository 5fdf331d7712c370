/**
 * The impure half of a task: run its planned changes in order on a Target, stopping at the
 * first failure. Consecutive plain exec changes with the same become share one round trip (one
 * script, a marker per change), and the facts known before the changes can be re-read at the end
 * of that same script, so the next task plans from fresh facts without another round trip.
 * Become is decided per change: a change's own `becomeUser` wins, then the task's become; sudo
 * is skipped when the login user already is that user. Small uploads become execs too
 * (inline-upload.ts), so they share that round trip.
 */
import { maskSecrets } from '../connection/expect.js';
import type { ExecOptions, ExecResult } from '../connection/transport.js';
import type { FactSpec } from '../facts/fact.js';
import type { Change, ExecChange } from '../tasks/module.js';
import { batchable, buildChangeScript } from './apply-script.js';
import type { RunContext } from './context.js';
import type { TaskRef } from './events.js';
import { TaskFailure } from '../errors.js';
import { buildBatch, type FactOutput } from './fact-batch.js';
import { INLINE_MAX, inlineUpload } from './inline-upload.js';
import { byteProgress, commandProgress } from './progress.js';
import type { Target } from './host.js';

export interface ApplySettings {
  /** Task-level become user (undefined: no become). */
  becomeUser?: string;
  env?: Record<string, string>;
  /** Facts to re-read after the last change, in the same round trip when possible. */
  refresh?: FactSpec[];
  /** The task's `timeout:`: every command without its own is killed after this long and fails the task. */
  timeoutMs?: number;
}

export interface ApplyOutcome {
  last?: ExecResult;
  failure?: TaskFailure;
  /**
   * Fact outputs read after the last exec change (only when every change succeeded); uploads
   * may follow it, so facts about uploaded paths must still be forgotten.
   */
  refreshed?: Map<string, FactOutput | undefined>;
}

type Group = { kind: 'upload'; change: Extract<Change, { kind: 'upload' }> } | { kind: 'exec'; changes: ExecChange[]; user?: string };

export async function applyChanges(rc: RunContext, ref: TaskRef, target: Target, changes: Change[], s: ApplySettings): Promise<ApplyOutcome> {
  const transport = await target.transport();
  // Small files go inline (inline-upload.ts), as the user an upload would write as: root with
  // become (whatever become_user), else the login user.
  const shown = new Map<Change, string>();
  const planned = changes.map((c) => {
    if (c.kind === 'exec') return c.timeoutMs === undefined && s.timeoutMs !== undefined ? { ...c, timeoutMs: s.timeoutMs } : c;
    if (c.content.length > INLINE_MAX) return c;
    const inline = inlineUpload(c);
    const change: ExecChange = { ...inline.change, becomeUser: s.becomeUser !== undefined ? 'root' : target.loginUser };
    shown.set(change, inline.display);
    return change;
  });
  const show = (c: ExecChange) => shown.get(c) ?? c.command;
  const groups = group(planned, s.becomeUser, target.loginUser);
  const lastExec = groups.map((g) => g.kind).lastIndexOf('exec');
  let last: ExecResult | undefined;
  let refreshed: ApplyOutcome['refreshed'];
  for (const [gi, g] of groups.entries()) {
    if (g.kind === 'upload') {
      const failure = await upload(rc, ref, target, g.change, s.becomeUser);
      if (failure) return { last, failure };
      continue;
    }
    const become = g.user !== undefined ? { user: g.user } : undefined;
    // Facts run as root: they can ride along the last exec group when it runs as root too;
    // uploads after it only touch their own paths (the caller forgets those facts).
    const ride = gi === lastExec && (g.user ?? target.loginUser) === 'root';
    const refresh = ride && s.refresh && s.refresh.length > 0 ? s.refresh : undefined;
    if (g.changes.length === 1 && (!refresh || !batchable(g.changes[0]!))) {
      const c = g.changes[0]!;
      // a long command (an OM tool) shows its elapsed time and last output line while it runs
      const live = commandProgress(
        (e) => rc.emit(e),
        { task: ref, host: target.name, what: ref.hidden ? ref.name : rc.redactor.redact(c.description) },
        {
          showOutput: !ref.hidden,
          redact: (t) =>
            maskSecrets(
              rc.redactor.redact(t),
              (c.expect ?? []).map((r) => r.answer),
            ),
        },
      );
      const opts: ExecOptions = {
        become,
        stdin: c.stdin,
        expect: c.expect,
        login: c.login,
        cwd: c.cwd,
        timeoutMs: c.timeoutMs,
        env: s.env,
        onOutput: (chunk) => live.output(chunk),
      };
      const res = await transport.exec(c.command, opts).finally(() => live.end());
      last = res;
      logCommand(rc, ref, target, 'exec', show(c), res.exitCode, res.stdout, res.stderr, res.durationMs);
      const failure = checkExit(rc, ref, c, res, show(c));
      if (failure) return { last, failure };
      continue;
    }
    const script = buildChangeScript(g.changes);
    const facts = refresh ? buildBatch(refresh) : undefined;
    const res = await transport.exec(script.script + (facts?.script ?? ''), { become, env: s.env });
    const steps = script.split(res.stdout);
    for (const [i, step] of steps.entries()) {
      const stderr = i === steps.length - 1 ? res.stderr : '';
      logCommand(rc, ref, target, 'exec', show(g.changes[i]!), step.exitCode, step.stdout, stderr, i === steps.length - 1 ? res.durationMs : 0);
      last = { exitCode: step.exitCode, stdout: step.stdout, stderr, durationMs: res.durationMs, timedOut: res.timedOut };
      const failure = checkExit(rc, ref, g.changes[i]!, last, show(g.changes[i]!));
      if (failure) return { last, failure };
    }
    if (steps.length < g.changes.length) {
      const c = g.changes[steps.length]!;
      last = { ...res, stdout: '' };
      logCommand(rc, ref, target, 'exec', show(c), res.exitCode, '', res.stderr, res.durationMs);
      return { last, failure: checkExit(rc, ref, c, { ...last, exitCode: res.exitCode === 0 ? -1 : res.exitCode }, show(c)) };
    }
    if (facts) refreshed = facts.split(res.stdout);
  }
  return { last, refreshed };
}

function group(changes: Change[], taskUser: string | undefined, login: string): Group[] {
  const out: Group[] = [];
  for (const c of changes) {
    if (c.kind === 'upload') {
      out.push({ kind: 'upload', change: c });
      continue;
    }
    const u = c.becomeUser ?? taskUser;
    const user = u !== undefined && u !== login ? u : undefined;
    const prev = out.at(-1);
    if (prev?.kind === 'exec' && prev.user === user && batchable(c) && prev.changes.every(batchable)) prev.changes.push(c);
    else out.push({ kind: 'exec', changes: [c], user });
  }
  return out;
}

async function upload(
  rc: RunContext,
  ref: TaskRef,
  target: Target,
  change: Extract<Change, { kind: 'upload' }>,
  user: string | undefined,
): Promise<TaskFailure | undefined> {
  const transport = await target.transport();
  const started = Date.now();
  const bytes = byteProgress((e) => rc.emit(e), { task: ref, host: target.name, kind: 'upload', what: rc.redactor.redact(change.dest) }, change.content.length);
  try {
    await transport.upload(change.content, change.dest, {
      mode: change.mode,
      owner: change.owner,
      group: change.group,
      become: user !== undefined && user !== target.loginUser,
      onProgress: (n) => bytes.update(n),
    });
    bytes.end();
  } catch (err) {
    if (err instanceof Error && err.name === 'UnreachableError') throw err;
    const msg = err instanceof Error ? err.message : String(err);
    logCommand(rc, ref, target, 'upload', `upload ${change.dest}`, 1, '', msg, Date.now() - started);
    return new TaskFailure(`${change.description}: upload failed: ${rc.redactor.redact(msg)}`);
  }
  logCommand(
    rc,
    ref,
    target,
    'upload',
    `upload ${change.dest} (${change.content.length} bytes${change.mode ? `, mode ${change.mode}` : ''})`,
    0,
    '',
    '',
    Date.now() - started,
  );
  return undefined;
}

export function checkExit(rc: RunContext, ref: TaskRef, change: ExecChange, res: ExecResult, shown = change.command): TaskFailure | undefined {
  if ((change.okCodes ?? [0]).includes(res.exitCode) && !res.timedOut) return undefined;
  const why = res.timedOut ? `timed out after ${change.timeoutMs === undefined ? '?' : change.timeoutMs / 1000} s and was killed` : `exit code ${res.exitCode}`;
  const command = ref.hidden ? undefined : rc.redactor.redact(shown);
  const output = ref.hidden ? [] : tail(rc.redactor.redact(`${res.stderr}\n${res.stdout}`), 15);
  return new TaskFailure(`${ref.hidden ? 'a hidden (no_log) command' : change.description} failed (${why})`, command, output);
}

export function logCommand(
  rc: RunContext,
  ref: TaskRef,
  target: Target,
  purpose: 'exec' | 'upload',
  command: string,
  exitCode: number,
  stdout: string,
  stderr: string,
  durationMs: number,
): void {
  const hide = ref.hidden;
  rc.emit({
    type: 'command',
    task: ref,
    host: target.name,
    purpose,
    command: hide ? '(hidden: no_log)' : rc.redactor.redact(command),
    exitCode,
    stdout: hide ? '' : rc.redactor.redact(stdout),
    stderr: hide ? '' : rc.redactor.redact(stderr),
    durationMs,
  });
}

/** Last `n` non-empty lines of a text. */
export function tail(text: string, n: number): string[] {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.length > 0)
    .slice(-n);
}
