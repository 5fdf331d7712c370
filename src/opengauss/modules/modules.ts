/**
 * The openGauss modules the role calls like built-ins (registered beside builtinModules):
 *
 * - `opengauss_preflight`: facts only — memory, disk, ports, directories, locales, host keys
 *   (plus OS/arch/python/time zone/NICs from the base facts). Never changes anything.
 * - `opengauss_probe`: facts only — installed or not, and the parsed status and health.
 *
 * Both register their findings (`register:`) and hand them to the sink, where the deploy
 * command reads them to decide what the next phase does.
 */
import { z } from 'zod';
import type { Module } from '../../tasks/module.js';
import { preflightFact, type PreflightFacts } from './preflight-fact.js';
import { probeFact } from './probe-fact.js';
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

export function openGaussModules(sink?: OpenGaussSink): Module<never>[] {
  const preflight: Module<z.output<typeof preflightArgs>> = {
    name: 'opengauss_preflight',
    args: preflightArgs,
    facts: (a) => [preflightFact(a.disk_path, a.dirs)],
    plan(a, facts, ctx) {
      const found = withBase(facts.get(preflightFact(a.disk_path, a.dirs)), ctx.vars);
      sink?.preflight(ctx.host, found);
      return { changes: [], result: { preflight: found } };
    },
  };
  const probe: Module<z.output<typeof probeArgs>> = {
    name: 'opengauss_probe',
    args: probeArgs,
    facts: (a) => [probeFact(a.app_path, a.user)],
    plan(a, facts, ctx) {
      const result = facts.get(probeFact(a.app_path, a.user));
      sink?.probe(ctx.host, result);
      return { changes: [], result: { state: result.state, status: result.status, problems: result.problems } };
    },
  };
  return [preflight, probe] as unknown as Module<never>[];
}
