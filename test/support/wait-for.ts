/**
 * Waiting for a condition instead of sleeping a fixed time: a fixed sleep is too short on a busy
 * machine (the test fails for nothing) and too long everywhere else. `waitFor` polls until the
 * probe returns something other than false/undefined/null and returns that; past the deadline it
 * throws, naming what it waited for and what the probe saw last.
 */
export interface WaitOptions {
  /** How long the condition may take (the deadline). */
  timeoutMs: number;
  /** What is awaited, for the failure message ("sshd on afo2 to listen"). */
  what: string;
  /** Pause between probes (default 50 ms). */
  intervalMs?: number;
}

export async function waitFor<T>(probe: () => T | false | undefined | null | Promise<T | false | undefined | null>, opts: WaitOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== false && v !== undefined && v !== null) return v;
      last = v;
    } catch (e) {
      last = e instanceof Error ? e.message : e;
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what} (last probe: ${String(last)})`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}
