/**
 * Several exec changes of one task, one round trip: consecutive plain commands (same become user,
 * no stdin, expect, login shell, cwd or timeout, success = exit 0) run as one script, each in its
 * own subshell with stdin from /dev/null, stopping at the first failure exactly as separate execs
 * would. A marker line on stderr (with a per-batch nonce) names the failing command and its exit
 * code, so the task still reports which change failed. A fresh run of a `file` task with owner
 * and mode then costs one round trip instead of three.
 */
import { randomBytes } from 'node:crypto';
import type { Change, ExecChange } from '../tasks/module.js';

/** Changes that run as one unit: a batch of plain execs, or a single change of any kind. */
export type ApplyUnit = { kind: 'single'; change: Change } | { kind: 'batch'; changes: ExecChange[]; user: string | undefined };

/** Whether an exec change may share a script with its neighbours. */
export function batchable(c: Change): c is ExecChange {
  return (
    c.kind === 'exec' &&
    c.stdin === undefined &&
    (c.expect === undefined || c.expect.length === 0) &&
    !c.login &&
    c.cwd === undefined &&
    c.timeoutMs === undefined &&
    (c.okCodes === undefined || (c.okCodes.length === 1 && c.okCodes[0] === 0))
  );
}

/** Group consecutive batchable execs that run as the same user (`userOf` applies the task's become). */
export function applyUnits(changes: Change[], userOf: (c: ExecChange) => string | undefined): ApplyUnit[] {
  const units: ApplyUnit[] = [];
  for (const c of changes) {
    const prev = units[units.length - 1];
    if (batchable(c)) {
      const user = userOf(c);
      if (prev?.kind === 'batch' && prev.user === user) prev.changes.push(c);
      else units.push({ kind: 'batch', changes: [c], user });
    } else units.push({ kind: 'single', change: c });
  }
  // A batch of one is just an exec: keep its command unwrapped (logs, registered output).
  return units.map((u) => (u.kind === 'batch' && u.changes.length === 1 ? { kind: 'single', change: u.changes[0]! } : u));
}

export interface ExecBatch {
  script: string;
  /** Index of the command that failed (from the marker), or undefined when all succeeded or no marker came back. */
  failedIndex(stderr: string): number | undefined;
  /** stderr without the marker line. */
  clean(stderr: string): string;
  /** The commands' own stdout, and the tail's (undefined when it did not run). */
  splitTail(stdout: string): { own: string; tail?: string };
}

/**
 * `tail` (a fact batch) runs after the last command succeeded; its output follows a separator line
 * on stdout, so `splitTail` gives the commands' own output back.
 */
export function buildExecBatch(commands: string[], tail?: string, nonce = randomBytes(6).toString('hex')): ExecBatch {
  const mark = `@@afo_exec-${nonce}`;
  const script = commands
    .map((c, i) => `(\n${c}\n) </dev/null\nafo_rc=$?; [ "$afo_rc" -eq 0 ] || { printf '\\n%s:%s\\n' '${mark}:${i}' "$afo_rc" >&2; exit "$afo_rc"; }`)
    .join('\n');
  const re = new RegExp(`\\n?${mark}:(\\d+):\\d+\\n?`);
  const sep = `${mark}:tail`;
  return {
    script: tail === undefined ? `${script}\n` : `${script}\nprintf '\\n%s\\n' '${sep}'\n${tail}`,
    splitTail: (stdout) => {
      const i = tail === undefined ? -1 : stdout.indexOf(`\n${sep}\n`);
      return i < 0 ? { own: stdout } : { own: stdout.slice(0, i), tail: stdout.slice(i + sep.length + 2) };
    },
    failedIndex: (stderr) => {
      const m = re.exec(stderr);
      return m ? Number(m[1]) : undefined;
    },
    clean: (stderr) => stderr.replace(re, ''),
  };
}
