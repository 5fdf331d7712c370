/**
 * Where the openGauss fact modules report what they read, so the deploy command can decide
 * between phases (fresh / healthy / unhealthy, preflight problems across hosts). Passed in
 * explicitly when the modules are created: no global state.
 */
import type { PreflightFacts } from './preflight-fact.js';
import type { GsCtlQuery } from '../status/gsctl.js';
import type { ProbeResult } from './probe-fact.js';

export interface OpenGaussSink {
  preflight(host: string, facts: PreflightFacts): void;
  probe(host: string, result: ProbeResult): void;
  replication(host: string, query: GsCtlQuery): void;
  file(host: string, path: string, text: string | undefined): void;
}

/** A sink that keeps the last report per host (what the deploy command reads). */
export class CollectingSink implements OpenGaussSink {
  readonly preflights = new Map<string, PreflightFacts>();
  readonly probes = new Map<string, ProbeResult>();
  readonly replications = new Map<string, GsCtlQuery>();
  /** "host:path" -> the file's text (undefined: no such file). */
  readonly files = new Map<string, string | undefined>();

  preflight(host: string, facts: PreflightFacts): void {
    this.preflights.set(host, facts);
  }

  probe(host: string, result: ProbeResult): void {
    this.probes.set(host, result);
  }

  replication(host: string, query: GsCtlQuery): void {
    this.replications.set(host, query);
  }

  file(host: string, path: string, text: string | undefined): void {
    this.files.set(`${host}:${path}`, text);
  }

  clear(): void {
    this.preflights.clear();
    this.probes.clear();
    this.replications.clear();
    this.files.clear();
  }
}
