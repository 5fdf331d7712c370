/**
 * A fact is a shell snippet plus a pure parser (docs/architecture.md §3.1). The engine batches every fact a
 * host needs into one script, runs it in one round trip and hands each section to its parser.
 * Facts with parameters (a file's stat, a sysctl key) get an `id` that includes the parameter,
 * so two tasks asking the same question share one answer.
 */
export interface FactSpec<T = unknown> {
  /** Unique key, e.g. "os", "stat:/etc/hosts", "sysctl:net.ipv4.tcp_retries1". */
  id: string;
  /** POSIX sh snippet; its stdout (and exit code) is what `parse` reads. Runs as root. */
  command: string;
  /**
   * Pure: stdout and exit code of `command` -> value. Throw only for output it cannot read.
   * `stderr` is given only to a fact that asks for it (`stderr: true`).
   */
  parse(stdout: string, exitCode: number, stderr?: string): T;
  /**
   * Costly to read (a checksum of a big file, a recursive directory listing): the engine reads
   * it only when the task that needs it runs, never ahead of time (prefetch, refresh after a change).
   */
  lazy?: boolean;
  /** The batch keeps this fact's stderr (others' goes to /dev/null) and hands it to `parse`. */
  stderr?: boolean;
  /**
   * The output of a role's read-only command (src/facts/command-output.ts): it may read anything,
   * so every change on the host makes it stale (docs/architecture.md §3.3, read commands).
   */
  volatile?: boolean;
}

/** What a planner reads facts through. A fake in tests refuses any fact the test did not list. */
export interface FactReader {
  get<T>(spec: FactSpec<T>): T;
}
