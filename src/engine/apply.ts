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
import { applyUnits, buildExecBatch } from './exec-batch.js';
import { TaskFailure } from './expr.js';
import type { Target } from './host.js';

export interface ApplySettings {
  /** Task-level become user (undefined: no become). */
  becomeUser?: string;
  env?: Record<string, string>;
}

export interface ApplyOutcome {
  last?: ExecResult;
  failure?: TaskFailure;
}

export async function applyChanges(rc: RunContext, ref: TaskRef, target: Target, changes: Change[], s: ApplySettings): Promise<ApplyOutcome> {
  const transport = await target.transport();
  const userOf = (c: ExecChange) => c.becomeUser ?? s.becomeUser;
  const becomeOf = (user: string | undefined) => (user !== undefined && user !== target.loginUser ? { user } : undefined);
  let last: ExecResult | undefined;
  for (const unit of applyUnits(changes, userOf)) {
    if (unit.kind === 'batch') {
      const out = await runBatch(rc, ref, target, transport, unit.changes, { become: becomeOf(unit.user), env: s.env });
      last = out.last;
      if (out.failure) return out;
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

/** Plain execs in one round trip (exec-batch.ts); each is still logged, and a failure names its own change. */
async function runBatch(rc: RunContext, ref: TaskRef, target: Target, transport: Transport, changes: ExecChange[], opts: ExecOptions): Promise<ApplyOutcome> {
  const batch = buildExecBatch(changes.map((c) => c.command));
  const raw = await transport.exec(batch.script, opts);
  const res: ExecResult = { ...raw, stderr: batch.clean(raw.stderr) };
  const failed = raw.exitCode === 0 && !raw.timedOut ? undefined : (batch.failedIndex(raw.stderr) ?? changes.length - 1);
  const ran = failed === undefined ? changes.length : failed + 1;
  for (let i = 0; i < ran; i++) {
    const mine = i === ran - 1;
    logCommand(rc, ref, target, 'exec', changes[i]!.command, mine ? res.exitCode : 0, mine ? res.stdout : '', mine ? res.stderr : '', mine ? res.durationMs : 0);
  }
  return failed === undefined ? { last: res } : { last: res, failure: execFailure(rc, ref, changes[failed]!, res) };
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
