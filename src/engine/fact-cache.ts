/**
 * One host's facts for the run. Missing facts are fetched in ONE exec per call (plus whatever
 * the prefetcher expects later tasks to need), concurrent callers share in-flight fetches, and a
 * change applied on the host makes earlier answers stale (see `invalidate`).
 */
import type { FactReader, FactSpec } from '../facts/fact.js';
import type { ExecOptions } from '../connection/transport.js';
import { buildBatch, type FactOutput } from './fact-batch.js';

interface Entry {
  value?: unknown;
  error?: string;
}

/** Runs the batch script on the host (the engine adds become, logging and redaction). */
export type BatchRunner = (script: string, opts: ExecOptions) => Promise<{ stdout: string; stderr: string; exitCode: number }>;

export class FactCache {
  private readonly values = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly specs = new Map<string, FactSpec>();
  /** Round trips made for facts (for tests and the benchmark). */
  gathers = 0;

  constructor(
    readonly host: string,
    private readonly run: BatchRunner,
    private readonly execOpts: ExecOptions,
  ) {}

  /** Read and readable now (not in flight, no error). */
  known(id: string): boolean {
    const e = this.values.get(id);
    return e !== undefined && e.error === undefined;
  }

  has(id: string): boolean {
    return this.values.has(id) || this.inflight.has(id);
  }

  /** Make sure `specs` are known; `extra` (prefetch) rides along in the same round trip. */
  async ensure(specs: FactSpec[], extra: () => FactSpec[] = () => []): Promise<void> {
    const missing = uniqueMissing(specs, (id) => this.has(id));
    if (missing.length > 0) {
      const more = uniqueMissing(extra(), (id) => this.has(id) || missing.some((m) => m.id === id));
      await this.fetch([...missing, ...more]);
    }
    await Promise.all(specs.map((s) => this.inflight.get(s.id)));
  }

  private fetch(specs: FactSpec[]): Promise<void> {
    const batch = buildBatch(specs);
    this.gathers++;
    const p = this.run(batch.script, this.execOpts).then((res) => this.store(specs, batch.split(res.stdout), res.stderr, res.exitCode));
    const settled = p.finally(() => {
      for (const s of specs) if (this.inflight.get(s.id) === settled) this.inflight.delete(s.id);
    });
    for (const s of specs) this.inflight.set(s.id, settled);
    return settled;
  }

  /** Parse and keep the outputs of a batch (a gather, or a refresh that followed changes). */
  store(specs: FactSpec[], parts: Map<string, FactOutput | undefined>, stderr: string, exitCode: number): void {
    for (const s of specs) {
      this.specs.set(s.id, s);
      const part = parts.get(s.id);
      if (!part) {
        const why = stderr.trim().split('\n').slice(-3).join(' | ') || `exit code ${exitCode}`;
        this.values.set(s.id, { error: `fact gathering did not complete (${why})` });
        continue;
      }
      try {
        this.values.set(s.id, { value: s.parse(part.stdout, part.exitCode, part.stderr) });
      } catch (err) {
        this.values.set(s.id, { error: `could not read fact '${s.id}': ${err instanceof Error ? err.message : String(err)}` });
      }
    }
  }

  /** Specs of the facts known now, except `keep` (what a refresh after changes re-reads). */
  knownSpecs(keep: string[]): FactSpec[] {
    return [...this.values.keys()].filter((id) => !keep.includes(id)).flatMap((id) => this.specs.get(id) ?? []);
  }

  /** How facts are read (become root when the login user is not root). */
  get options(): ExecOptions {
    return this.execOpts;
  }

  /** The value of a fetched fact; throws FactError if it could not be read. */
  get<T>(spec: FactSpec<T>): T {
    const e = this.values.get(spec.id);
    if (!e) throw new FactError(`fact '${spec.id}' was not gathered (engine bug: gather before reading)`);
    if (e.error !== undefined) throw new FactError(e.error);
    return e.value as T;
  }

  /** A reader that only allows the facts a module declared (catches undeclared reads in tests and in use). */
  reader(declared: FactSpec[], module: string): FactReader {
    const ids = new Set(declared.map((s) => s.id));
    return {
      get: <T>(spec: FactSpec<T>): T => {
        if (!ids.has(spec.id)) throw new FactError(`module '${module}' read fact '${spec.id}' without declaring it in facts()`);
        return this.get(spec);
      },
    };
  }

  /**
   * A change was applied on the host. Facts gathered earlier (including prefetched ones for later
   * tasks) may no longer be true, so all are dropped except `keep` (base facts: OS, arch, CPUs —
   * nothing a task changes unless it says so by listing "base" in `touches`).
   */
  invalidate(keep: string[], alsoDrop: string[] = []): void {
    for (const id of [...this.values.keys()]) if (!keep.includes(id) || alsoDrop.includes(id)) this.values.delete(id);
  }

  /**
   * A change was applied on the host (any task's, a batch's, a handler's; not a probe's or a read
   * command's): what a read command printed may no longer be true (docs/architecture.md §3.3).
   * Call it before storing what a refresh read after the change.
   */
  changed(): void {
    this.dirty = true;
    for (const id of [...this.values.keys()]) if (this.specs.get(id)?.volatile) this.values.delete(id);
  }

  /** Whether a change was applied on the host in this run (read commands are then read only where they will be used). */
  dirty = false;

  /** Drop just these facts (until/retries re-read what the task reads). */
  forget(ids: string[]): void {
    for (const id of ids) this.values.delete(id);
  }
}

/** A fact could not be read; the task that needed it fails with this message. */
export class FactError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FactError';
  }
}

function uniqueMissing(specs: FactSpec[], known: (id: string) => boolean): FactSpec[] {
  const seen = new Set<string>();
  const out: FactSpec[] = [];
  for (const s of specs) {
    if (seen.has(s.id) || known(s.id)) continue;
    seen.add(s.id);
    out.push(s);
  }
  return out;
}
