/**
 * Bounds the channels open at once on one connection. OpenSSH's sshd allows `MaxSessions`
 * (default 10) sessions per connection and refuses more, so extra opens wait here instead.
 */
export class ChannelLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private releaseWatchers: (() => void)[] = [];

  constructor(private limit: number) {
    if (!(limit >= 1)) throw new Error(`channel limit must be at least 1, got ${limit}`);
  }

  get open(): number {
    return this.active;
  }

  /** Wait for a free slot; call the returned function exactly once to give it back. */
  async acquire(): Promise<() => void> {
    if (this.active < this.limit) this.active++;
    // A releaser hands its slot straight to us (active stays counted), so no one can jump the queue.
    else await new Promise<void>((r) => this.waiting.push(r));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.active <= this.limit ? this.waiting.shift() : undefined;
      if (next) next();
      else this.active--;
      const watchers = this.releaseWatchers;
      this.releaseWatchers = [];
      for (const w of watchers) w();
    };
  }

  /** Resolves when some slot is given back, or after `maxWaitMs`. */
  nextRelease(maxWaitMs: number): Promise<void> {
    return new Promise((r) => {
      this.releaseWatchers.push(r);
      setTimeout(r, maxWaitMs).unref();
    });
  }

  /** The server refused a channel while `open` were open: it allows fewer than we assumed. */
  lowerTo(n: number): void {
    this.limit = Math.max(1, Math.min(this.limit, n));
  }
}
