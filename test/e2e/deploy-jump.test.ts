/**
 * afo deploy through a jump host: lab host 1 is the bastion; the two database hosts accept SSH only
 * from it and from each other (an nftables rule in their network namespaces), not from this machine. The inventory says
 * `-o ProxyJump=root@bastion` as Ansible users write it, and the ssh config given with
 * `--ssh-config` maps `bastion` to its address and key. 1P+1S deploys over one bastion connection,
 * one connection per database host; both hops' host keys are checked (a wrong bastion key is
 * refused, naming the bastion).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api.js';
import { firewallSsh } from '../lab/lab.js';
import { afoDeploy, changedPerHost, inventoryDir, labDown, labUp, secretsOf, standinPackage, writeInventory, type AfoRun } from './helpers.js';

let lab: Lab;
let pkg: string;
let sshConfig: string;
let first: AfoRun;
const bastion = () => lab.hosts[0]!;
const dbIps = () => [lab.hosts[1]!.ip, lab.hosts[2]!.ip];

/** The [opengauss:vars] lines: root by the lab key, strict host keys from `knownHosts`, through the bastion. */
function jumpVars(knownHosts: string): string[] {
  return [
    'ansible_user=root',
    `ansible_ssh_private_key_file=${lab.key}`,
    `ansible_ssh_common_args='-o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes -o ProxyJump=root@bastion'`,
  ];
}

/** Where a TCP connect from this machine to ip:22 ends: 'connected' or the error code. */
function tcpConnect(ip: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host: ip, port: 22, timeout: 5000 });
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('timeout', () => {
      s.destroy();
      resolve('timeout');
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

beforeAll(async () => {
  pkg = await standinPackage('openGauss-5.0.0-openEuler-64bit-all.tar.gz');
  lab = await labUp(3, ['openeuler20.03']);
  // SSH from the bastion and between the database hosts (OM's own trust), never from this machine.
  for (const h of lab.hosts.slice(1)) await firewallSsh(lab, h, [bastion().ip, ...dbIps()]);
  const dir = inventoryDir(lab, 'jump');
  sshConfig = join(dir, 'ssh_config');
  // The bastion by an alias, as in a user's ~/.ssh/config; afo must never read the real one here.
  writeFileSync(sshConfig, ['Host bastion', `  HostName ${bastion().ip}`, `  IdentityFile ${lab.key}`, '  User root', ''].join('\n'));
  const inv = writeInventory(lab, 'jump', { primary: dbIps()[0]!, standby: [dbIps()[1]!] }, jumpVars(lab.knownHosts));
  first = await afoDeploy(['-i', inv, '--package', pkg, '--ssh-config', sshConfig]);
});

afterAll(async () => {
  await labDown(lab);
});

describe('afo deploy 1P+1S through a jump host', () => {
  it('a direct SSH connection to a database host is refused; the bastion answers', async () => {
    for (const ip of dbIps()) expect(await tcpConnect(ip)).toBe('ECONNREFUSED');
    expect(await tcpConnect(bastion().ip)).toBe('connected');
  });

  it('deploys through the bastion: Primary + Standby Normal, one SSH connection per database host', () => {
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(readFileSync(first.result!.reportPaths.json, 'utf8'));
    expect(report.status.datanodes.map((d: { role: string; state: string }) => `${d.role} ${d.state}`)).toEqual(['Primary Normal', 'Standby Normal']);
    expect(report.connections).toEqual(Object.fromEntries(dbIps().map((ip) => [ip, 1])));
  });

  it('the report holds no secret', () => {
    const inv = join(inventoryDir(lab, 'jump'), 'hosts.ini');
    const text = readFileSync(first.result!.reportPaths.md, 'utf8') + readFileSync(first.result!.reportPaths.json, 'utf8');
    for (const s of secretsOf(inv)) expect(text.includes(s)).toBe(false);
  });

  it('a second run through the bastion changes nothing', async () => {
    const inv = join(inventoryDir(lab, 'jump'), 'hosts.ini');
    const again = await afoDeploy(['-i', inv, '--package', pkg, '--ssh-config', sshConfig]);
    expect(again.code, again.stderr).toBe(0);
    expect(changedPerHost(again.events)).toEqual(Object.fromEntries(dbIps().map((ip) => [ip, 0])));
  });

  it("a wrong bastion host key is refused, naming the bastion; the database hosts' keys are checked too", async () => {
    const known = readFileSync(lab.knownHosts, 'utf8').split('\n');
    const keysOf = (h: { name: string; ip: string }) => known.filter((l) => l.startsWith(`${h.name},${h.ip} `));
    const swap = (victim: { name: string; ip: string }, donor: { name: string; ip: string }) =>
      [
        ...known.filter((l) => !l.startsWith(`${victim.name},${victim.ip} `)),
        ...keysOf(donor).map((l) => l.replace(`${donor.name},${donor.ip} `, `${victim.name},${victim.ip} `)),
      ].join('\n');
    const dir = inventoryDir(lab, 'jump-badkey');
    const badBastion = join(dir, 'known_hosts.bastion');
    writeFileSync(badBastion, swap(bastion(), lab.hosts[1]!));
    const inv = writeInventory(lab, 'jump-badkey', { primary: dbIps()[0]!, standby: [dbIps()[1]!] }, jumpVars(badBastion));
    const r = await afoDeploy(['-i', inv, '--package', pkg, '--ssh-config', sshConfig]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`cannot connect to jump host bastion (root@${bastion().ip}:22)`);
    expect(r.stderr).toContain(`host key for ${bastion().ip} changed`);

    const badDb = join(dir, 'known_hosts.db');
    writeFileSync(badDb, swap(lab.hosts[2]!, lab.hosts[1]!));
    const inv2 = writeInventory(lab, 'jump-baddb', { primary: dbIps()[0]!, standby: [dbIps()[1]!] }, jumpVars(badDb));
    const r2 = await afoDeploy(['-i', inv2, '--package', pkg, '--ssh-config', sshConfig]);
    expect(r2.code).toBe(3);
    expect(r2.stderr).toContain(`(root@${dbIps()[1]}:22) via jump host bastion`);
    expect(r2.stderr).toContain(`host key for ${dbIps()[1]} changed`);
  });
});
