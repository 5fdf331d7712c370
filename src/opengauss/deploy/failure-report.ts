/**
 * report.json on every run of afo deploy / expand, failed or not (docs/architecture.md §7.4): a
 * run that ends in an error — bad settings, a host that does not answer, a refused lock, Ctrl-C,
 * a failed phase — leaves report.json in its run log directory with `failure`: the stage it
 * reached, the hosts named and the message (redacted). A report already written by the run
 * (a stop, a failed phase) gets the failure added; otherwise a short one is written.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { RunLog } from '../../report/run-log.js';
import { ProblemsError } from '../problem.js';

export interface RunFailure {
  /** Where the run was: settings, preflight, confirm, lock, or the phase that ran (os, install, …). */
  phase: string;
  /** Hosts the error names (empty when it concerns the whole inventory). */
  hosts: string[];
  message: string;
  /** input, preflight, failed, interrupted, internal. */
  kind: string;
}

/** The failure an error stands for, at `phase`. */
export function failureOf(e: unknown, phase: string, hide: (s: string) => string = (s) => s): RunFailure {
  const kind = e instanceof UserError ? e.kind : e instanceof Error && e.name === 'PromptCancelled' ? 'interrupted' : 'internal';
  const hosts =
    e instanceof ProblemsError
      ? [...new Set(e.problems.map((p) => p.host).filter((h) => h !== '-'))]
      : [...new Set([...String((e as Error)?.message ?? '').matchAll(/^(\S+): task '/gm)].map((m) => m[1]!))];
  return { phase, hosts, message: hide(e instanceof Error ? e.message : String(e)), kind };
}

const OUTCOME: Record<string, string> = { input: 'stopped', preflight: 'stopped', interrupted: 'interrupted' };

/** Adds `f` to the run's report.json (or writes a short one); returns its path. */
export function recordFailure(logDir: string, command: string, f: RunFailure): string {
  const path = join(logDir, 'report.json');
  const report: Record<string, unknown> = existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>)
    : { command, outcome: OUTCOME[f.kind] ?? 'failed', message: f.message.split('\n')[0], logDir };
  if (report.failure === undefined) writeFileSync(path, `${JSON.stringify({ ...report, failure: f }, null, 2)}\n`);
  return path;
}

/**
 * The run log directory of a run that failed before its session made one (bad settings): beside
 * the inventory as the session would put it; undefined when the inventory does not exist (a
 * mistyped -i writes nothing anywhere).
 */
export function earlyLogDir(inventory: string, name: string): string | undefined {
  const path = resolve(inventory);
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return undefined;
  const dir = st.isDirectory() ? path : dirname(path);
  try {
    return new RunLog(join(dir, 'reports'), name).dir;
  } catch {
    return undefined; // the error being reported says more than "cannot write a report here"
  }
}

/** Where a run is, for its failure: the stage set by the command, and its session once open. */
export interface RunStage {
  phase: string;
  session?: { log: { dir: string }; hide: (s: string) => string; recorder: { phases: { phase: string }[]; currentPhase(): string | undefined } };
}

/** Runs `body`; whatever it throws is recorded in the run's report.json first (see the top of this file). */
export async function withFailureReport<T>(inventory: string, command: string, body: (stage: RunStage) => Promise<T>): Promise<T> {
  const stage: RunStage = { phase: 'settings' };
  try {
    return await body(stage);
  } catch (e) {
    const s = stage.session;
    const phase = s?.recorder.currentPhase() ?? (stage.phase === 'phases' ? (s?.recorder.phases.at(-1)?.phase ?? stage.phase) : stage.phase);
    const dir = s?.log.dir ?? earlyLogDir(inventory, command);
    if (dir) {
      try {
        const path = recordFailure(dir, command, failureOf(e, phase, s?.hide));
        if (!s && e instanceof Error) e.message += `\nreport: ${path}`;
      } catch {
        // the run's own error is what the user needs; a report that cannot be written must not hide it
      }
    }
    throw e;
  }
}
