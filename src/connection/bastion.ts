/**
 * A jump host (ProxyJump): ONE ssh2 connection shared by every host behind it; each target gets a
 * forwarded channel (`forwardOut`, as `ssh -W`) that its own SSH connection runs over. A chain
 * (`ProxyJump a,b`) is a bastion reached through another. The bastion's host key is checked like a
 * direct host's. It connects on first use, reconnects on the next use after it broke, and is closed
 * by the pool. docs/architecture.md §5.2.
 */
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import { openClient, type ConnectOptions, type Tunnel } from './connect.js';
import type { HostConnection } from './settings.js';
import { UnreachableError } from './transport.js';

export class Bastion implements Tunnel {
  readonly label: string;
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private connections = 0;

  constructor(
    readonly hop: HostConnection,
    private readonly opts: ConnectOptions,
    private readonly parent?: Bastion,
  ) {
    this.label = `jump host ${hop.name}`;
  }

  /** Connections this bastion opened (1 unless it broke and was re-opened). */
  opened(): number {
    return this.connections;
  }

  async open(address: string, port: number, forHost: string): Promise<Duplex> {
    let client: Client;
    try {
      client = await this.ensure();
    } catch (e) {
      // The bastion's own failure, named as such, on behalf of the host that needed it.
      throw new UnreachableError(forHost, `cannot connect to host ${forHost}: ${(e as Error).message}`);
    }
    return new Promise<Duplex>((resolve, reject) => {
      try {
        client.forwardOut('127.0.0.1', 0, address, port, (err, stream) => {
          if (err) {
            reject(
              new UnreachableError(
                forHost,
                `cannot connect to host ${forHost} (${address}:${port}) via ${this.label}: the bastion could not reach it (${err.message}). ` +
                  `Check that ${address}:${port} is up and reachable from ${this.hop.name}, and that the bastion's sshd allows TCP forwarding.`,
              ),
            );
          } else resolve(stream);
        });
      } catch (e) {
        reject(new UnreachableError(forHost, `cannot connect to host ${forHost} via ${this.label}: ${(e as Error).message}`));
      }
    });
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    this.connecting = undefined;
    if (!c) return;
    await new Promise<void>((r) => {
      c.once('close', () => r());
      c.end();
      setTimeout(r, 2000).unref();
    });
  }

  private ensure(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= openClient(
      this.hop,
      this.opts,
      (c) => {
        if (this.client === c) this.client = undefined;
      },
      { as: 'jump host', ...(this.parent ? { via: this.parent } : {}) },
    ).then(
      (c) => {
        this.connecting = undefined;
        this.client = c;
        this.connections++;
        return c;
      },
      (e: unknown) => {
        this.connecting = undefined; // the next host that needs it tries again
        throw e;
      },
    );
    return this.connecting;
  }
}
