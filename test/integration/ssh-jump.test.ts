/**
 * Jump hosts against real lab hosts: host 1 is the bastion, hosts 2 and 3 accept SSH only from the
 * lab hosts (nftables in their netns), never from this machine. Settings come from inventory
 * variables and an ssh config file of the test's own, as `afo deploy` builds them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionFromVars } from '../../src/connection/from-inventory.js';
import { ConnectionPool } from '../../src/connection/pool.js';
import { parseSshConfig } from '../../src/connection/ssh-config.js';
import { UnreachableError } from '../../src/connection/transport.js';
import type { Lab } from '../lab/api.js';
import { firewallSsh, labDown, labUp } from '../lab/lab.js';

let lab: Lab;
const ip = (i: number) => lab.hosts[i]!.ip;
const pools: ConnectionPool[] = [];
function pool(): ConnectionPool {
  const p = new ConnectionPool({ env: {} });
  pools.push(p);
  return p;
}
/** Root by the lab key, strict host keys from `knownHosts`, the given extra ssh args. */
function vars(args: string, knownHosts = lab.knownHosts) {
  return {
    ansible_user: 'root',
    ansible_ssh_private_key_file: lab.key,
    ansible_ssh_common_args: `-o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes -o ConnectTimeout=5 ${args}`,
  };
}

beforeAll(async () => {
  lab = await labUp({ hosts: 3, os: ['debian12'] });
  const labIps = lab.hosts.map((h) => h.ip);
  for (const h of lab.hosts.slice(1)) await firewallSsh(lab, h, labIps);
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.closeAll()));
  if (lab) await labDown(lab);
});

describe('SSH through a jump host', () => {
  it('hosts behind one bastion share its one connection; each host still has exactly one', async () => {
    const p = pool();
    const [a, b] = await Promise.all(
      [2, 3].map((i) => p.connect(connectionFromVars(`db${i}`, { ansible_host: ip(i - 1), ...vars(`-o ProxyJump=root@${ip(0)}`) }))),
    );
    const outs = await Promise.all([a!, b!].flatMap((t) => [1, 2, 3].map(() => t.exec('hostname'))));
    expect(outs.map((o) => o.stdout.trim())).toEqual([...Array(3).fill(lab.hosts[1]!.name), ...Array(3).fill(lab.hosts[2]!.name)]);
    expect([a!.stats().connections, b!.stats().connections]).toEqual([1, 1]);
    expect(p.stats().connections).toBe(3); // two hosts + one bastion
  });

  it('the ssh -W ProxyCommand form and a two-hop chain from the ssh config both work', async () => {
    const p = pool();
    const viaCommand = await p.connect(connectionFromVars('db2', { ansible_host: ip(1), ...vars(`-o ProxyCommand="ssh -W %h:%p -q root@${ip(0)}"`) }));
    expect((await viaCommand.exec('hostname')).stdout.trim()).toBe(lab.hosts[1]!.name);
    const chained = connectionFromVars('db3', vars(''), {
      sshConfig: parseSshConfig(`Host db3\n  HostName ${ip(2)}\n  ProxyJump first,root@${ip(1)}\nHost first\n  HostName ${ip(0)}\n  User root\n`),
    });
    expect(chained.jump?.map((h) => h.address)).toEqual([ip(0), ip(1)]);
    const t = await p.connect(chained);
    expect((await t.exec('hostname')).stdout.trim()).toBe(lab.hosts[2]!.name);
  });

  it('a bastion that refuses: the error names the jump host, not the target', async () => {
    await firewallSsh(lab, lab.hosts[0]!, [ip(1)]);
    try {
      const err = await pool()
        .connect(connectionFromVars('db2', { ansible_host: ip(1), ...vars(`-o ProxyJump=root@${ip(0)}`) }))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnreachableError);
      expect((err as UnreachableError).host).toBe('db2');
      expect((err as Error).message).toContain(`cannot connect to host db2: cannot connect to jump host ${ip(0)} (root@${ip(0)}:22): connection refused`);
    } finally {
      await firewallSsh(lab, lab.hosts[0]!, []);
    }
  });

  it('a target the bastion cannot reach: the error says the bastion could not reach it', async () => {
    const err = await pool()
      .connect(connectionFromVars('db9', { ansible_host: ip(1), ansible_port: 2, ...vars(`-o ProxyJump=root@${ip(0)}`) }))
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      new RegExp(
        `cannot connect to host db9 \\(${ip(1).replace(/\./g, '\\.')}:2\\) via jump host ${ip(0).replace(/\./g, '\\.')}: the bastion could not reach it`,
      ),
    );
  });
});
