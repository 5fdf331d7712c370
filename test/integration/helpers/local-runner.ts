/**
 * Applies module plans on THIS machine, the way the engine would on a host: facts are the real
 * fact snippets run with `sh -c` (as root), exec changes run with `sh -c`, uploads are written to
 * a temp file beside dest, chmod/chown'ed and renamed into place. Used to prove that a module's
 * changes converge: plan -> apply -> plan again = [].
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, renameSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { FactReader, FactSpec } from '../../../src/facts/fact.js';
import type { Change, Module, ModuleContext, PlanResult } from '../../../src/tasks/module.js';

/** Runs each declared fact's snippet once; refuses undeclared facts like the fake does. */
export class LocalFacts implements FactReader {
  private readonly declared: Set<string>;
  private readonly cache = new Map<string, unknown>();
  constructor(specs: FactSpec[]) {
    this.declared = new Set(specs.map((s) => s.id));
  }
  get<T>(spec: FactSpec<T>): T {
    if (!this.declared.has(spec.id)) throw new Error(`fact read but not declared: ${spec.id}`);
    if (!this.cache.has(spec.id)) {
      const r = spawnSync('sh', ['-c', spec.command], { encoding: 'utf8' });
      this.cache.set(spec.id, spec.parse(r.stdout, r.status ?? -1));
    }
    return this.cache.get(spec.id) as T;
  }
}

export interface ExecOutcome {
  command: string;
  rc: number;
  stdout: string;
  stderr: string;
}

function idOf(kind: 'user' | 'group', name: string): number {
  if (/^\d+$/.test(name)) return Number(name);
  return Number(execFileSync('id', [kind === 'user' ? '-u' : '-g', name], { encoding: 'utf8' }).trim());
}

function groupId(name: string): number {
  if (/^\d+$/.test(name)) return Number(name);
  return Number(execFileSync('getent', ['group', name], { encoding: 'utf8' }).split(':')[2]);
}

/** sh -c, asynchronously (a loopback server in this process must keep answering meanwhile). */
function sh(command: string, opts: { cwd?: string; stdin?: string; timeoutMs?: number }): Promise<{ rc: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { cwd: opts.cwd, timeout: opts.timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ rc: code ?? -1, stdout, stderr }));
    // A command that ignores stdin may exit before reading it: that is not an error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin ?? '');
  });
}

/** Apply changes in order; throws on the first failing one (like the engine's apply). */
export async function applyChanges(changes: Change[]): Promise<ExecOutcome[]> {
  const out: ExecOutcome[] = [];
  for (const c of changes) {
    if (c.kind === 'exec') {
      const r = await sh(c.command, { cwd: c.cwd, stdin: c.stdin, timeoutMs: c.timeoutMs });
      const rc = r.rc;
      out.push({ command: c.command, rc, stdout: r.stdout, stderr: r.stderr });
      if (!(c.okCodes ?? [0]).includes(rc)) throw new Error(`change failed (rc ${rc}): ${c.description}\n${r.stderr}`);
    } else {
      const tmp = `${c.dest}.afo-tmp-${process.pid}`;
      writeFileSync(tmp, c.content, { mode: 0o644 });
      if (c.mode !== undefined) chmodSync(tmp, parseInt(c.mode, 8));
      if (c.owner !== undefined || c.group !== undefined) {
        chownSync(tmp, c.owner !== undefined ? idOf('user', c.owner) : -1, c.group !== undefined ? groupId(c.group) : -1);
      }
      renameSync(tmp, c.dest);
    }
  }
  return out;
}

/** Plan against live facts. */
export async function planLocal<A>(mod: Module<A>, args: A, ctx: ModuleContext): Promise<PlanResult> {
  return mod.plan(args, new LocalFacts(mod.facts(args, ctx)), ctx);
}

/** plan -> apply -> plan: returns both plans (the test asserts the first changed and the second is empty). */
export async function converge<A>(mod: Module<A>, rawArgs: unknown, ctx: ModuleContext) {
  const args = mod.args.parse(rawArgs);
  const first = await planLocal(mod, args, ctx);
  if (first.fail !== undefined) throw new Error(`plan failed: ${first.fail}`);
  const applied = await applyChanges(first.changes);
  const second = await planLocal(mod, args, ctx);
  return { first, applied, second };
}
