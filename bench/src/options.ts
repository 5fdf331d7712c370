/**
 * The bench's environment knobs (bench/README.md "Run"), read and checked in one place: a bad value
 * stops the bench before any lab starts, with the variable and what it takes.
 */

/** One lab the bench runs on: its name and /24 (test/lab/api.ts LabUpOptions) and host count. */
export interface LabSpec {
  name: string;
  net: string;
  size: number;
}

export const PHASES = ['start', 'afo', 'xl', 'deploy', 'expand', 'ansible'] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchOptions {
  budgetS: number;
  ansibleSamples: number;
  freshSamples: number;
  xlFreshSamples: number;
  keepLabs: boolean;
  /** The 3-host lab: the deploy and expand parts always run there. */
  small: LabSpec;
  /** The labs of the afo and Ansible parts (3 and 9 hosts, or those BENCH_HOSTS names). */
  labs: LabSpec[];
  /** The growth lab (27 hosts), unless BENCH_XL=0 or BENCH_HOSTS leaves it out. */
  xl?: LabSpec;
  phases: Set<Phase>;
  /** BENCH_PACKAGE: the openGauss package of the deploy and expand parts (default: the stand-in). */
  package?: string;
}

export type Env = Record<string, string | undefined>;

export class OptionError extends Error {}

function whole(env: Env, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new OptionError(`${key}=${raw}: expected a whole number >= 0 (default ${fallback})`);
  return n;
}

function list(env: Env, key: string, fallback: string): string[] {
  return (env[key] || fallback)
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function spec(env: Env, which: 'SMALL' | 'LARGE' | 'XL', name: string, net: string, size: number): LabSpec {
  return { name: env[`BENCH_LAB_${which}`] || name, net: env[`BENCH_NET_${which}`] || net, size };
}

export function benchOptions(env: Env): BenchOptions {
  const phases = list(env, 'BENCH_PHASES', PHASES.join(','));
  const badPhase = phases.find((p) => !(PHASES as readonly string[]).includes(p));
  if (badPhase !== undefined) throw new OptionError(`BENCH_PHASES: unknown part '${badPhase}': use a comma-separated list of ${PHASES.join(', ')}`);
  const small = spec(env, 'SMALL', 'bn3', '10.213.6', 3);
  const sizes = [small, spec(env, 'LARGE', 'bn9', '10.213.7', 9), spec(env, 'XL', 'bn27', '10.213.8', 27)];
  const hosts = list(env, 'BENCH_HOSTS', '3,9,27');
  const badHosts = hosts.find((h) => !sizes.some((s) => String(s.size) === h));
  if (badHosts !== undefined) throw new OptionError(`BENCH_HOSTS: no ${badHosts}-host lab: use a comma-separated list of 3, 9, 27`);
  const picked = sizes.filter((s) => hosts.includes(String(s.size)));
  return {
    budgetS: whole(env, 'BENCH_BUDGET_S', 720),
    ansibleSamples: whole(env, 'BENCH_ANSIBLE_SAMPLES', 3),
    freshSamples: whole(env, 'BENCH_FRESH_SAMPLES', 3),
    xlFreshSamples: whole(env, 'BENCH_XL_FRESH_SAMPLES', 2),
    keepLabs: env.BENCH_KEEP_LABS === '1',
    small,
    labs: picked.filter((s) => s.size !== 27),
    xl: env.BENCH_XL === '0' ? undefined : picked.find((s) => s.size === 27),
    phases: new Set(phases as Phase[]),
    package: env.BENCH_PACKAGE || undefined,
  };
}
