/**
 * The impure half of a task: run its planned changes in order on a Target, stopping at the
 * first failure. Become is decided here, per change: a change's own `becomeUser` wins, then the
 * task's become; sudo is skipped when the login user already is that user.
 */
import type { ExecOptions, ExecResult } from '../connection/transport.js';
import type { Change } from '../tasks/module.js';
import type { RunContext } from './context.js';
import type { TaskRef } from './events.js';
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
  let last: ExecResult | undefined;
  for (const change of changes) {
    const user = change.kind === 'exec' ? (change.becomeUser ?? s.becomeUser) : s.becomeUser;
    const become = user !== undefined && user !== target.loginUser ? { user } : undefined;
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
    if (!ok) {
      const why = res.timedOut ? `timed out after ${change.timeoutMs ?? '?'} ms` : `exit code ${res.exitCode}`;
      const command = ref.hidden ? undefined : rc.redactor.redact(change.command);
      const output = ref.hidden ? [] : tail(rc.redactor.redact(`${res.stderr}\n${res.stdout}`), 15);
      return { last, failure: new TaskFailure(`${ref.hidden ? 'a hidden (no_log) command' : change.description} failed (${why})`, command, output) };
    }
  }
  return { last };
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
