/**
 * Runs fuzz cases against the built CLI: most in-process in a few runner processes (runner.mjs;
 * a case that does not finish in time has its runner killed and is reported as a hang), a sample
 * as real `node dist/src/cli/main.js` processes.
 */
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { FuzzCase } from './cases.js';
import { REPO } from './cases.js';

export const CLI = join(REPO, 'dist/src/cli/main.js');
const PROGRAM = join(REPO, 'dist/src/cli/program.js');
const RUNNER = join(REPO, 'test/fuzz/runner.mjs');

export interface CaseResult {
  code: number;
  stdout: string;
  stderr: string;
  /** An exception or rejection nobody handled. */
  crash?: string;
  /** Did not finish within the time limit. */
  hung?: boolean;
}

/** Environment of every case: no afo.cfg or ssh config of the user's, nothing asked for. */
export function caseEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', AFO_SSH_CONFIG: 'none' };
  return env;
}

/** Runs `cases` in `workers` runner processes; each case gets `timeoutMs`. */
export interface InProcessOptions {
  workers: number;
  timeoutMs: number;
  home: string;
  /** The module whose runCli(argv) runs a case (default: the built CLI's program.js). */
  program?: string;
}

export async function runInProcess(cases: FuzzCase[], opts: InProcessOptions): Promise<Map<FuzzCase, CaseResult>> {
  const results = new Map<FuzzCase, CaseResult>();
  const queue = [...cases];
  const worker = async () => {
    while (queue.length > 0) await runBatch(queue, results, opts);
  };
  await Promise.all(Array.from({ length: opts.workers }, worker));
  return results;
}

/** One runner process taking cases from `queue` until it is empty or a case hangs (runner killed). */
function runBatch(queue: FuzzCase[], results: Map<FuzzCase, CaseResult>, opts: InProcessOptions): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RUNNER, opts.program ?? PROGRAM], { stdio: ['pipe', 'ignore', 'inherit', 'pipe'], env: caseEnv(opts.home) });
    let current: FuzzCase | undefined;
    let timer: NodeJS.Timeout | undefined;
    const next = () => {
      clearTimeout(timer);
      current = queue.shift();
      if (current === undefined) {
        child.stdin!.end();
        return;
      }
      const c = current;
      timer = setTimeout(() => {
        results.set(c, { code: -1, stdout: '', stderr: '', hung: true });
        current = undefined;
        child.kill('SIGKILL');
      }, opts.timeoutMs);
      child.stdin!.write(`${JSON.stringify({ n: 0, dir: c.dir, argv: c.argv })}\n`);
    };
    const fd3 = child.stdio[3] as NodeJS.ReadableStream;
    createInterface({ input: fd3 }).on('line', (line) => {
      const o = JSON.parse(line) as CaseResult & { start?: number };
      if (o.start !== undefined || current === undefined) return;
      results.set(current, { code: o.code, stdout: o.stdout, stderr: o.stderr, ...(o.crash ? { crash: o.crash } : {}) });
      next();
    });
    child.on('close', () => {
      clearTimeout(timer);
      // the runner died in the middle of a case (not killed by us): that case is a crash
      if (current !== undefined) results.set(current, { code: -1, stdout: '', stderr: '', crash: 'the runner process died during this case' });
      resolve();
    });
    next();
  });
}

/** One case as a real process (`node dist/src/cli/main.js ...`), stdin not a terminal. */
export function runProcess(c: FuzzCase, opts: { timeoutMs: number; home: string }): Promise<CaseResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...c.argv],
      { cwd: c.dir, env: caseEnv(opts.home), timeout: opts.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 26 },
      (err, stdout, stderr) => {
        const e = err as (Error & { code?: number | string; killed?: boolean }) | null;
        if (e?.killed) resolve({ code: -1, stdout, stderr, hung: true });
        else resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}

/** Runs `f` over `xs` with at most `n` at once. */
export async function pool<T, R>(xs: T[], n: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(xs.length);
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < xs.length) {
        const k = i++;
        out[k] = await f(xs[k] as T);
      }
    }),
  );
  return out;
}
