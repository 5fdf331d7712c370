/**
 * "Facts in, changes out" (docs/architecture.md §4, after pyinfra): a FactReader that answers only the fact
 * ids a test lists and throws on any other, so a planner cannot read a fact it did not declare
 * or that the test forgot to think about.
 */
import type { FactReader, FactSpec } from '../../../src/facts/fact.js';
import type { Module, ModuleContext, PlanResult } from '../../../src/tasks/module.js';

/** Raw output of a fact's command, run through the fact's own parser. */
export class Raw {
  constructor(
    readonly stdout: string,
    readonly exitCode = 0,
  ) {}
}

export function raw(stdout: string, exitCode = 0): Raw {
  return new Raw(stdout, exitCode);
}

export class FakeFacts implements FactReader {
  readonly read: string[] = [];
  constructor(private readonly values: Record<string, unknown>) {}
  get<T>(spec: FactSpec<T>): T {
    if (!Object.hasOwn(this.values, spec.id)) {
      throw new Error(`fact not listed in this test: ${spec.id}`);
    }
    this.read.push(spec.id);
    const v = this.values[spec.id];
    return v instanceof Raw ? spec.parse(v.stdout, v.exitCode) : (v as T);
  }
}

export function fakeFacts(values: Record<string, unknown>): FakeFacts {
  return new FakeFacts(values);
}

export function ctx(over: Partial<ModuleContext> = {}): ModuleContext {
  return { host: 'h1', vars: {}, check: false, baseDir: '/nonexistent', ...over };
}

/**
 * Validate `rawArgs` with the module's schema, check that every fact the test lists is one the
 * module declares (and vice versa), then plan.
 */
export async function plan<A>(mod: Module<A>, rawArgs: unknown, facts: Record<string, unknown>, c: ModuleContext = ctx()): Promise<PlanResult> {
  const args = mod.args.parse(rawArgs);
  const declared = mod
    .facts(args, c)
    .map((f) => f.id)
    .sort();
  const given = Object.keys(facts).sort();
  if (JSON.stringify(declared) !== JSON.stringify(given)) {
    throw new Error(`declared facts ${JSON.stringify(declared)} != test facts ${JSON.stringify(given)}`);
  }
  return mod.plan(args, fakeFacts(facts), c);
}

/** The argument errors zod reports, as one string (for toThrow / toMatch). */
export function argError<A>(mod: Module<A>, rawArgs: unknown): string {
  const r = mod.args.safeParse(rawArgs);
  if (r.success) return '';
  return r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
}

/** Common stat values. */
export const absent = { exists: false } as const;
export function fileStat(over: Record<string, unknown> = {}) {
  return { exists: true, type: 'file', mode: 0o644, owner: 'root', group: 'root', uid: 0, gid: 0, size: 0, mtime: 0, ...over };
}
export function dirStat(over: Record<string, unknown> = {}) {
  return fileStat({ type: 'directory', mode: 0o755, ...over });
}
