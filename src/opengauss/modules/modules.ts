/**
 * The openGauss modules the role calls like built-ins (registered beside builtinModules):
 *
 * - `opengauss_preflight`: facts only — memory, disk, ports, directories, locales, host keys
 *   (plus OS/arch/python/time zone/NICs from the base facts). Never changes anything.
 * - `opengauss_probe`: facts only — installed or not, and the parsed status and health.
 * - `opengauss_replication`: facts only — the node's `gs_ctl query` (role, upstream, senders).
 * - `opengauss_file`: facts only — a text file's content (the XML on the primary, for expand --check).
 *
 * - `opengauss_expansion_result` / `opengauss_cm_result`: judge gs_expansion / cm_install output
 *   (om-result-modules.ts).
 *
 * The fact modules register their findings (`register:`) and hand them to the sink, where the deploy
 * command reads them to decide what the next phase does.
 */
import { z } from 'zod';
import type { FactSpec } from '../../facts/fact.js';
import type { Module, ModuleContext } from '../../tasks/module.js';
import { preflightFact, type PreflightFacts } from './preflight-fact.js';
import { cmResultModule, expansionResultModule } from './om-result-modules.js';
import { probeFact } from './probe-fact.js';
import { fileFact } from './file-fact.js';
import { replicationFact } from './replication-fact.js';
import type { OpenGaussSink } from './sink.js';

const preflightArgs = z.strictObject({
  /** Path whose file system must have room (the data path). */
  disk_path: z.string().min(1),
  /** Directories that must be empty on a host getting a new instance (reported, judged by the caller). */
  dirs: z.array(z.string().min(1)).default([]),
});

const probeArgs = z.strictObject({
  app_path: z.string().min(1),
  user: z.string().min(1),
});

const replicationArgs = z.strictObject({
  data_dir: z.string().min(1),
  user: z.string().min(1),
});

const fileArgs = z.strictObject({
  path: z.string().min(1),
});

type Vars = Record<string, unknown>;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Base facts the engine exposes as ansible_* variables, folded into the preflight report. */
function withBase(facts: PreflightFacts, vars: Vars): PreflightFacts {
  const af = (vars.ansible_facts ?? {}) as Vars;
  const interfaces: NonNullable<PreflightFacts['interfaces']> = [];
  for (const name of Array.isArray(af.interfaces) ? (af.interfaces as string[]) : []) {
    const nic = af[name.replace(/[^A-Za-z0-9_]/g, '_')] as Vars | undefined;
    if (!nic) continue;
    const v4 = [nic.ipv4 as Vars | undefined, ...((nic.ipv4_secondaries as Vars[] | undefined) ?? [])]
      .map((a) => str(a?.address))
      .filter((a): a is string => a !== undefined);
    interfaces.push({ name, mtu: Number(nic.mtu) || 0, ipv4: v4 });
  }
  return {
    ...facts,
    distribution: str(af.distribution),
    version: str(af.distribution_version),
    arch: str(af.architecture),
    python3: str(af.python_version),
    timezone: facts.timezone ?? str(af.timezone),
    interfaces,
  };
}

/**
 * A module that only reads one fact: `read` turns the fact's answer into what the sink hears and
 * what `register:` gets. It never changes anything.
 */
function factOnly<A, F, R extends Record<string, unknown>>(
  name: string,
  args: z.ZodType<A>,
  fact: (a: A) => FactSpec<F>,
  read: (found: F, ctx: ModuleContext, a: A) => R,
): Module<A> {
  return { name, args, facts: (a) => [fact(a)], plan: (a, facts, ctx) => ({ changes: [], result: read(facts.get(fact(a)), ctx, a) }) };
}

export function openGaussModules(sink?: OpenGaussSink): Module<never>[] {
  const preflight = factOnly(
    'opengauss_preflight',
    preflightArgs,
    (a) => preflightFact(a.disk_path, a.dirs),
    (f, ctx) => {
      const found = withBase(f, ctx.vars);
      sink?.preflight(ctx.host, found);
      return { preflight: found };
    },
  );
  const probe = factOnly(
    'opengauss_probe',
    probeArgs,
    (a) => probeFact(a.app_path, a.user),
    (result, ctx) => {
      sink?.probe(ctx.host, result);
      return { state: result.state, status: result.status, problems: result.problems };
    },
  );
  const replication = factOnly(
    'opengauss_replication',
    replicationArgs,
    (a) => replicationFact(a.data_dir, a.user),
    (q, ctx) => {
      sink?.replication(ctx.host, q);
      return { replication: q };
    },
  );
  const file = factOnly(
    'opengauss_file',
    fileArgs,
    (a) => fileFact(a.path),
    (text, ctx, a) => {
      sink?.file(ctx.host, a.path, text);
      return { exists: text !== undefined, content: text ?? '' };
    },
  );
  return [preflight, probe, replication, file, expansionResultModule, cmResultModule] as unknown as Module<never>[];
}
