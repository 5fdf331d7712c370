/**
 * One transport per host for the whole run. `get` is synchronous and cheap: the transport
 * connects on first use, and concurrent first uses share one connect. The become password hook
 * (`--ask-become-pass`) is asked at most once for all hosts. Hosts behind the same jump host
 * share one Bastion (one connection to it), closed with the pool.
 */
import { Bastion } from './bastion.js';
import { target } from './errors.js';
import { SshTransport, type SshTransportOptions } from './ssh.js';
import type { HostConnection } from './settings.js';
import type { Transport, TransportStats } from './transport.js';

export interface PoolOptions extends Omit<SshTransportOptions, 'becomePassword'> {
  /** Asked once, when the first host's sudo needs a password no inventory value gives. */
  askBecomePassword?: () => Promise<string | undefined>;
}

export class ConnectionPool {
  private readonly transports = new Map<string, SshTransport>();
  /** By hop chain (user@address:port of each hop), nearest first. */
  private readonly bastions = new Map<string, Bastion>();
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
    for (const b of this.bastions.values()) total.connections += b.opened();
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
    // Farthest hops first: a later hop's connection runs inside an earlier one's.
    const hops = [...this.bastions.values()].reverse();
    this.bastions.clear();
    for (const b of hops) await b.close();
  }

  /** The shared bastion for a chain of hops (each reached through the previous one). */
  private bastion(hops: readonly HostConnection[]): Bastion | undefined {
    let parent: Bastion | undefined;
    let key = '';
    for (const hop of hops) {
      // Same hop, same checks: hosts with other known_hosts files or keys get their own connection.
      key += `${key ? ',' : ''}${target(hop)}|${hop.knownHostsFile ?? ''}|${hop.strictHostKeyChecking}|${hop.privateKeyFile ?? ''}`;
      let b = this.bastions.get(key);
      if (!b) {
        const { askBecomePassword: _, ...connectOpts } = this.opts;
        b = new Bastion(hop, connectOpts, parent);
        this.bastions.set(key, b);
      }
      parent = b;
    }
    return parent;
  }

  private ssh(conn: HostConnection): SshTransport {
    let t = this.transports.get(conn.name);
    if (!t) {
      const { askBecomePassword, ...rest } = this.opts;
      const via = conn.jump && conn.jump.length > 0 ? this.bastion(conn.jump) : undefined;
      t = new SshTransport(conn, {
        ...rest,
        ...(askBecomePassword ? { becomePassword: () => this.askOnce(askBecomePassword) } : {}),
        ...(via ? { via } : {}),
      });
      this.transports.set(conn.name, t);
    }
    return t;
  }

  private askOnce(ask: () => Promise<string | undefined>): Promise<string | undefined> {
    this.becomePass ??= ask();
    return this.becomePass;
  }
}
