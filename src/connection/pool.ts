/**
 * One transport per host for the whole run. `get` is synchronous and cheap: the transport
 * connects on first use, and concurrent first uses share one connect. The become password hook
 * (`--ask-become-pass`) is asked at most once for all hosts.
 */
import { SshTransport, type SshTransportOptions } from './ssh.js';
import type { HostConnection } from './settings.js';
import type { Transport, TransportStats } from './transport.js';

export interface PoolOptions extends Omit<SshTransportOptions, 'becomePassword'> {
  /** Asked once, when the first host's sudo needs a password no inventory value gives. */
  askBecomePassword?: () => Promise<string | undefined>;
}

export class ConnectionPool {
  private readonly transports = new Map<string, SshTransport>();
  private becomePass: Promise<string | undefined> | undefined;

  constructor(private readonly opts: PoolOptions = {}) {}

  /** The transport of a host (by inventory name), created on first request. */
  get(conn: HostConnection): Transport {
    return this.ssh(conn);
  }

  /** Connect now and return the transport; rejects with UnreachableError. Concurrent calls share the connect. */
  async connect(conn: HostConnection): Promise<Transport> {
    const t = this.ssh(conn);
    await t.connect();
    return t;
  }

  /** Connection and channel counts summed over all hosts. */
  stats(): TransportStats {
    const total: TransportStats = { channels: 0, connections: 0 };
    for (const t of this.transports.values()) {
      const s = t.stats();
      total.channels += s.channels;
      total.connections += s.connections;
    }
    return total;
  }

  /** Kills the running commands of every host (an interrupted run; the connections stay open). */
  async interruptAll(): Promise<void> {
    await Promise.all([...this.transports.values()].map((t) => t.interrupt()));
  }

  async closeAll(): Promise<void> {
    const all = [...this.transports.values()];
    this.transports.clear();
    await Promise.all(all.map((t) => t.close()));
  }

  private ssh(conn: HostConnection): SshTransport {
    let t = this.transports.get(conn.name);
    if (!t) {
      const { askBecomePassword, ...rest } = this.opts;
      t = new SshTransport(conn, { ...rest, ...(askBecomePassword ? { becomePassword: () => this.askOnce(askBecomePassword) } : {}) });
      this.transports.set(conn.name, t);
    }
    return t;
  }

  private askOnce(ask: () => Promise<string | undefined>): Promise<string | undefined> {
    this.becomePass ??= ask();
    return this.becomePass;
  }
}
