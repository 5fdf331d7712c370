/**
 * Base facts: what every run knows about a host (OS, arch, CPUs, memory, NICs, ...). Gathered
 * once per host, in the same round trip as the first batch of task facts, and exposed under
 * Ansible's variable names so roles written for Ansible read them unchanged.
 */
import type { FactSpec } from './fact.js';
import { keyValueLines } from '../text/key-value.js';

export interface NetInterface {
  name: string;
  mtu: number;
  up: boolean;
  ipv4: { address: string; prefix: number }[];
}

export interface BaseFacts {
  /** os-release ID, e.g. "debian", "openEuler", "centos". */
  id: string;
  /** Ansible-style distribution name, e.g. "Debian", "openEuler", "CentOS". */
  distribution: string;
  version: string;
  majorVersion: string;
  /** "RedHat" for openEuler/CentOS/Kylin/..., "Debian" for Debian/Ubuntu, ... */
  family: string;
  arch: string;
  kernel: string;
  hostname: string;
  cpus: number;
  memtotalMb: number;
  python3?: string;
  pkgMgr?: 'dnf' | 'yum' | 'apt' | 'zypper';
  hasSystemctl: boolean;
  /** systemd is PID 1 (services can be managed). */
  systemdRunning: boolean;
  timezone?: string;
  lang?: string;
  locales: string[];
  interfaces: NetInterface[];
  defaultIpv4?: { address?: string; interface: string; gateway?: string };
  /** Login user's name on the host, as the facts were read (root when run with become). */
  user: string;
}

// Few forks on purpose (each costs a few ms on a busy host): files are read with the shell's
// `read`, /proc/net/route replaces `ip route`, and multi-line outputs come raw in sections.
const COMMAND = String.raw`
[ -r /etc/os-release ] && . /etc/os-release
echo "id=$ID"; echo "id_like=$ID_LIKE"; echo "name=$NAME"; echo "version_id=$VERSION_ID"
[ -r /etc/debian_version ] && read -r v < /etc/debian_version && echo "debian_version=$v"
echo "uname=$(uname -r -m)"
read -r h < /proc/sys/kernel/hostname && echo "hostname=$h"
echo "cpus=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"
while read -r k v r; do [ "$k" = MemTotal: ] && { echo "memtotal_kb=$v"; break; }; done < /proc/meminfo
p=$(command -v python3 2>/dev/null) && { r=$(readlink -f "$p"); case "$r" in *python3.[0-9]*) echo "python3=$r";; *) echo "python3=$("$p" --version 2>&1)";; esac; }
for p in dnf yum apt-get zypper; do command -v $p >/dev/null 2>&1 && { echo "pkg=$p"; break; }; done
command -v systemctl >/dev/null 2>&1 && echo "systemctl=1"
[ -d /run/systemd/system ] && echo "systemd=1"
if [ -L /etc/localtime ]; then echo "tz=$(readlink /etc/localtime)"; elif [ -r /etc/timezone ]; then read -r t < /etc/timezone; echo "tz=$t"; fi
echo "lang=$LANG"; echo "user=$(id -un)"
(cd /sys/class/net 2>/dev/null && for n in *; do m=; o=; read -r m < "$n/mtu"; read -r o < "$n/operstate"; echo "link=$n $m $o"; done 2>/dev/null)
while read -r i d g r; do [ "$d" = 00000000 ] && { echo "route=$i $g"; break; }; done < /proc/net/route 2>/dev/null
echo @addr; ip -o -4 addr show 2>/dev/null
echo @locales; locale -a 2>/dev/null
true`;

/** The base fact spec (id "base"). */
export const baseFacts: FactSpec<BaseFacts> = { id: 'base', command: COMMAND, parse: parseBaseFacts };

const REDHAT_LIKE = /\b(rhel|centos|fedora|openeuler|kylin|ol|rocky|almalinux|anolis|euleros|redhat)\b/i;
const NAMES: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  centos: 'CentOS',
  rhel: 'RedHat',
  openeuler: 'openEuler',
  kylin: 'Kylin Linux Advanced Server',
  rocky: 'Rocky',
  almalinux: 'AlmaLinux',
  fedora: 'Fedora',
  ol: 'OracleLinux',
  anolis: 'Anolis',
  sles: 'SLES',
  alpine: 'Alpine',
};

/** Pure parser of the base fact script's output. */
export function parseBaseFacts(stdout: string): BaseFacts {
  const kv = new Map<string, string[]>();
  const plain: string[] = [];
  const addrs: string[] = [];
  const locales: string[] = [];
  let section = '';
  for (const line of stdout.split('\n')) {
    if (line === '@addr' || line === '@locales') {
      section = line;
      continue;
    }
    if (section === '@addr') {
      // "2: eth0    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0"
      const m = /^\d+:\s+(\S+)\s+inet\s+(\S+)/.exec(line);
      if (m) addrs.push(`${m[1]} ${m[2]}`);
      continue;
    }
    if (section === '@locales') {
      if (line.trim()) locales.push(line.trim());
      continue;
    }
    plain.push(line);
  }
  for (const [k, v] of keyValueLines(plain.join('\n'), { trim: true })) kv.set(k, [...(kv.get(k) ?? []), v]);
  const one = (k: string): string => kv.get(k)?.[0] ?? '';
  const id = one('id');
  const like = `${id} ${one('id_like')}`.toLowerCase();
  const family = REDHAT_LIKE.test(like)
    ? 'RedHat'
    : /\b(debian|ubuntu)\b/.test(like)
      ? 'Debian'
      : /suse|sles/.test(like)
        ? 'Suse'
        : id === 'alpine'
          ? 'Alpine'
          : one('name') || 'Unknown';
  let version = one('version_id');
  const deb = one('debian_version');
  if (id === 'debian' && /^\d+(\.\d+)*$/.test(deb)) version = deb;
  const interfaces = new Map<string, NetInterface>();
  for (const l of kv.get('link') ?? []) {
    const [name, mtu, state] = l.split(/\s+/);
    if (name) interfaces.set(name, { name, mtu: Number(mtu) || 0, up: state === 'up' || state === 'unknown', ipv4: [] });
  }
  for (const a of addrs) {
    const [name, cidr] = a.split(/\s+/);
    if (!name || !cidr) continue;
    const [address, prefix] = cidr.split('/');
    const nic = interfaces.get(name) ?? { name, mtu: 0, up: true, ipv4: [] };
    nic.ipv4.push({ address: address ?? '', prefix: Number(prefix ?? 32) });
    interfaces.set(name, nic);
  }
  // /proc/net/route: interface and gateway as little-endian hex.
  const [defIf, gwHex] = one('route').split(/\s+/);
  const gateway = gwHex && /^[0-9A-Fa-f]{8}$/.test(gwHex) && gwHex !== '00000000' ? hexIp(gwHex) : undefined;
  const py = /(\d+\.\d+(\.\d+)?)/.exec(one('python3'))?.[1];
  const pkg = one('pkg');
  return {
    id,
    distribution: NAMES[id.toLowerCase()] ?? (one('name') || id),
    version,
    majorVersion: version.split('.')[0] ?? '',
    family,
    arch: one('uname').split(/\s+/)[1] ?? '',
    kernel: one('uname').split(/\s+/)[0] ?? '',
    hostname: one('hostname'),
    cpus: Number(one('cpus')) || 0,
    memtotalMb: Math.floor((Number(one('memtotal_kb')) || 0) / 1024),
    python3: py,
    pkgMgr: pkg === 'apt-get' ? 'apt' : pkg === 'dnf' || pkg === 'yum' || pkg === 'zypper' ? pkg : undefined,
    hasSystemctl: one('systemctl') === '1',
    systemdRunning: one('systemd') === '1',
    timezone: one('tz').replace(/^.*zoneinfo\//, '') || undefined,
    lang: one('lang') || undefined,
    locales,
    interfaces: [...interfaces.values()],
    defaultIpv4: defIf ? { interface: defIf, gateway, address: interfaces.get(defIf)?.ipv4[0]?.address } : undefined,
    user: one('user'),
  };
}

function hexIp(hex: string): string {
  return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');
}

/** Ansible-named variables for base facts (`ansible_*` plus `ansible_facts.*` without the prefix). */
export function ansibleFactVars(f: BaseFacts): Record<string, unknown> {
  const facts: Record<string, unknown> = {
    distribution: f.distribution,
    distribution_version: f.version,
    distribution_major_version: f.majorVersion,
    os_family: f.family,
    architecture: f.arch,
    machine: f.arch,
    kernel: f.kernel,
    hostname: f.hostname.split('.')[0],
    nodename: f.hostname,
    fqdn: f.hostname,
    processor_vcpus: f.cpus,
    processor_count: f.cpus,
    memtotal_mb: f.memtotalMb,
    python_version: f.python3,
    pkg_mgr: f.pkgMgr,
    service_mgr: f.systemdRunning ? 'systemd' : 'unknown',
    has_systemctl: f.hasSystemctl,
    date_time: { tz: f.timezone },
    timezone: f.timezone,
    env: { LANG: f.lang },
    locales: f.locales,
    user_id: f.user,
    interfaces: f.interfaces.map((i) => i.name),
    all_ipv4_addresses: f.interfaces.flatMap((i) => i.ipv4.map((a) => a.address)).filter((a) => !a.startsWith('127.')),
    default_ipv4: f.defaultIpv4 ? { ...f.defaultIpv4, mtu: f.interfaces.find((i) => i.name === f.defaultIpv4!.interface)?.mtu } : {},
  };
  for (const nic of f.interfaces) {
    facts[nic.name.replace(/[^A-Za-z0-9_]/g, '_')] = {
      device: nic.name,
      mtu: nic.mtu,
      active: nic.up,
      ipv4: nic.ipv4[0] ? { address: nic.ipv4[0].address, prefix: String(nic.ipv4[0].prefix) } : undefined,
      ipv4_secondaries: nic.ipv4.slice(1).map((a) => ({ address: a.address, prefix: String(a.prefix) })),
    };
  }
  const vars: Record<string, unknown> = { ansible_facts: facts };
  for (const [k, v] of Object.entries(facts)) vars[`ansible_${k}`] = v;
  return vars;
}
