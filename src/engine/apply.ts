/**
 * The impure half of a task: run its planned changes in order on a Target, stopping at the
 * first failure. Become is decided here, per change: a change's own `becomeUser` wins, then the
 * task's become; sudo is skipped when the login user already is that user. Consecutive plain execs
 * share one round trip (exec-batch.ts).
 */
import type { ExecOptions, ExecResult, Transport } from '../connection/transport.js';
import type { Change, ExecChange } from '../tasks/module.js';
import type { RunContext } from './context.js';
import type { TaskRef } from './events.js';
import { applyUnits, batchable, buildExecBatch, type ApplyUnit } from './exec-batch.js';
import { TaskFailure } from './expr.js';
import type { RefreshBatch } from './fact-cache.js';
import type { Target } from './host.js';

export interface ApplySettings {
  /** Task-level become user (undefined: no become). */
  becomeUser?: string;
  env?: Record<string, string>;
  /** Facts to re-read at the end of the last change's script when it can carry them (fact-cache.ts). */
  refresh?: RefreshBatch;
}

export interface ApplyOutcome {
  last?: ExecResult;
  failure?: TaskFailure;
  /** stdout of the `refresh` fact batch, when it ran. */
  refreshed?: string;
}

export async function applyChanges(rc: RunContext, ref: TaskRef, target: Target, changes: Change[], s: ApplySettings): Promise<ApplyOutcome> {
  const transport = await target.transport();
  const userOf = (c: ExecChange) => c.becomeUser ?? s.becomeUser;
  const becomeOf = (user: string | undefined) => (user !== undefined && user !== target.loginUser ? { user } : undefined);
  let last: ExecResult | undefined;
  const units = applyUnits(changes, userOf);
  const tail = carrier(units, s, becomeOf);
  for (const [i, unit] of units.entries()) {
    const refresh = i === units.length - 1 ? tail : undefined;
    if (unit.kind === 'batch' || refresh) {
      const execs = unit.kind === 'batch' ? unit.changes : [unit.change as ExecChange];
      const out = await runBatch(rc, ref, target, transport, execs, { become: becomeOf(userOf(execs[0]!)), env: s.env }, refresh);
      last = out.last;
      if (out.failure || refresh) return out;
      continue;
    }
    const change = unit.change;
    const become = becomeOf(change.kind === 'exec' ? userOf(change) : s.becomeUser);
    if (change.kind === 'upload') {
      const started = Date.now();
      try {
        await transport.upload(change.content, change.dest, { mode: change.mode, owner: change.owner, group: change.group, become: become !== undefined });
      } catch (err) {
        if (err instanceof Error && err.name === 'UnreachableError') throw err;
        const msg = err instanceof Error ? err.message : String(err);
        logCommand(rc, ref, target, 'upload', `upload ${change.dest}`, 1, '', msg, Date.now() - started);
        return { last, failure: new TaskFailure(`${change.description}: upload failed: ${rc.redactor.redact(msg)}`) };
      }
      logCommand(rc, ref, target, 'upload', `upload ${change.dest} (${change.content.length} bytes${change.mode ? `, mode ${change.mode}` : ''})`, 0, '', '', Date.now() - started);
      continue;
    }
    const opts: ExecOptions = { become, stdin: change.stdin, expect: change.expect, login: change.login, cwd: change.cwd, timeoutMs: change.timeoutMs, env: s.env };
    const res = await transport.exec(change.command, opts);
    last = res;
    logCommand(rc, ref, target, 'exec', change.command, res.exitCode, res.stdout, res.stderr, res.durationMs);
    const ok = (change.okCodes ?? [0]).includes(res.exitCode) && !res.timedOut;
    if (!ok) return { last, failure: execFailure(rc, ref, change, res) };
  }
  return { last };
}

/**
 * The fact refresh may ride on the last unit only when that is a plain exec running exactly as
 * facts run (same become user, no task environment); otherwise the next task fetches them.
 */
function carrier(units: ApplyUnit[], s: ApplySettings, becomeOf: (u: string | undefined) => { user: string } | undefined): RefreshBatch | undefined {
  const last = units[units.length - 1];
  if (!s.refresh || !last || s.env !== undefined) return undefined;
  const first = last.kind === 'batch' ? last.changes[0] : batchable(last.change) ? last.change : undefined;
  if (!first) return undefined;
  const user = becomeOf(first.becomeUser ?? s.becomeUser)?.user;
  return user === s.refresh.execOpts.become?.user ? s.refresh : undefined;
}

/** Plain execs in one round trip (exec-batch.ts); each is still logged, and a failure names its own change. */
async function runBatch(rc: RunContext, ref: TaskRef, target: Target, transport: Transport, changes: ExecChange[], opts: ExecOptions, refresh?: RefreshBatch): Promise<ApplyOutcome> {
  const batch = buildExecBatch(changes.map((c) => c.command), refresh?.batch.script);
  const raw = await transport.exec(batch.script, opts);
  const { own, tail: refreshed } = batch.splitTail(raw.stdout);
  const res: ExecResult = { ...raw, stdout: own, stderr: batch.clean(raw.stderr) };
  const failed = raw.exitCode === 0 && !raw.timedOut ? undefined : (batch.failedIndex(raw.stderr) ?? changes.length - 1);
  const ran = failed === undefined ? changes.length : failed + 1;
  for (let i = 0; i < ran; i++) {
    const mine = i === ran - 1;
    logCommand(rc, ref, target, 'exec', changes[i]!.command, mine ? res.exitCode : 0, mine ? res.stdout : '', mine ? res.stderr : '', mine ? res.durationMs : 0);
  }
  if (failed !== undefined) return { last: res, failure: execFailure(rc, ref, changes[failed]!, res) };
  if (refreshed !== undefined) {
    rc.emit({ type: 'command', host: target.name, purpose: 'facts', command: '(fact gathering script, after the change)', exitCode: 0, stdout: rc.redactor.redact(refreshed.length > 8192 ? `${refreshed.slice(0, 8192)}\n...` : refreshed), stderr: '', durationMs: 0 });
  }
  return { last: res, refreshed };
}

function execFailure(rc: RunContext, ref: TaskRef, change: ExecChange, res: ExecResult): TaskFailure {
  const why = res.timedOut ? `timed out after ${change.timeoutMs ?? '?'} ms` : `exit code ${res.exitCode}`;
  const command = ref.hidden ? undefined : rc.redactor.redact(change.command);
  const output = ref.hidden ? [] : tail(rc.redactor.redact(`${res.stderr}\n${res.stdout}`), 15);
  return new TaskFailure(`${ref.hidden ? 'a hidden (no_log) command' : change.description} failed (${why})`, command, output);
}

function logCommand(rc: RunContext, ref: TaskRef, target: Target, purpose: 'exec' | 'upload', command: string, exitCode: number, stdout: string, stderr: string, durationMs: number): void {
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
