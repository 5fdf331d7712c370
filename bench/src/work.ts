/**
 * What is timed: the OS-preparation part of roles/opengauss (its real task files, defaults and
 * handlers, run through bench/roles/opengauss-os) with the variables afo deploy would hand it,
 * and bench/ansible/opengauss-os.yml, its Ansible twin. While the real role lacks OS preparation
 * the stand-in bench/roles/osprep (same kinds of tasks, same modules) is used instead, and said so.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchLab } from './lab.js';

export interface Work {
  /** Shown in the output: which role's OS preparation was timed. */
  label: string;
  role: string;
  playbook: string;
  note?: string;
  /** Extra arguments for both tools on this lab (written to `dir`): the -e variables. */
  args(lab: BenchLab, dir: string): string[];
}

/** A throwaway password's SHA-512 crypt (the role sets it at user creation only). */
const USER_HASH = '$6$afobench00$n0gebPOG03lQ.WqgudUfe0zW9OaJ9tGfri.pRMUIOU1KKhGh7ppx55pQp12UnWle443j7qhwrUNAotiipOI4i0';

/** docs/opengauss.md §2.2: og + the IPv4 address as an integer. */
function nodeName(ip: string): string {
  return `og${ip.split('.').reduce((n, o) => n * 256 + Number(o), 0)}`;
}

/**
 * The og_* variables afo deploy computes (src/opengauss/deploy/vars.ts), for the lab's hosts.
 * The NIC's MTU is read from facts at run time, as deploy reads it before each run; MTU 8192 is
 * opted in so the MTU tasks run.
 */
export function openGaussVars(lab: BenchLab): Record<string, unknown> {
  const hosts = lab.hosts;
  const byIp = [...hosts].sort((a, b) => a.ip.localeCompare(b.ip, 'en', { numeric: true }));
  return {
    ansible_become: true,
    og_primary: hosts[0]!.name,
    og_nodes: Object.fromEntries(
      hosts.map((h, i) => [
        h.name,
        { name: nodeName(h.ip), address: h.ip, role: i === 0 ? 'primary' : 'standby', iface: 'eth0', mtu: '{{ ansible_default_ipv4.mtu | int }}' },
      ]),
    ),
    og_hosts_block: byIp.map((h) => `${h.ip}  ${nodeName(h.ip)}`).join('\n'),
    og_user_hash_secret: USER_HASH,
    og_pkg_mirror: null,
    opengauss_env: {
      user_name: 'omm',
      user_group: 'dbgrp',
      clusterName: 'openGauss',
      dataPortBase: 15400,
      cmServerPortBase: 15300,
      azName: 'AZ1',
      azPriority: 1,
      syncNum: 0,
      iface_mtu: 8192,
      swap_off: false,
    },
  };
}

export function chooseWork(repo: string): Work {
  if (existsSync(join(repo, 'roles/opengauss/tasks/os.yml'))) {
    return {
      label: 'roles/opengauss OS preparation (tasks/os.yml via bench/roles/opengauss-os)',
      role: join(repo, 'bench/roles/opengauss-os'),
      playbook: join(repo, 'bench/ansible/opengauss-os.yml'),
      args(lab, dir) {
        mkdirSync(dir, { recursive: true });
        const file = join(dir, `opengauss-vars-${lab.spec.name}.json`);
        writeFileSync(file, JSON.stringify(openGaussVars(lab), null, 2) + '\n');
        return ['-e', `@${file}`];
      },
    };
  }
  return {
    label: 'bench/roles/osprep (stand-in)',
    role: join(repo, 'bench/roles/osprep'),
    playbook: join(repo, 'bench/ansible/osprep.yml'),
    note: 'roles/opengauss has no OS-preparation part (tasks/os.yml) yet: timing the stand-in bench/roles/osprep (users, directories, sysctl file and live values, symlink, MTU, limits, a templated file; the same modules)',
    args: () => [],
  };
}
