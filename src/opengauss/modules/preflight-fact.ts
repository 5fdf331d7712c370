/**
 * What preflight needs to know about one host, read in one round trip: available memory, free
 * disk under the data path, listening TCP ports, which of the given directories are non-empty,
 * the locales, the SSH host keys (for the cluster's known_hosts), the time service's reading. OS, arch, python3 and the
 * time zone come from the base facts.
 */
import type { FactSpec } from '../../facts/fact.js';
import { shQuote } from '../../text/shlex.js';
import { keyValueLines } from '../../text/key-value.js';
import { JOINING_MARKER } from '../joining.js';
import { CLOCK_COMMAND, parseClock, type ClockFacts } from './clock.js';

export interface PreflightFacts {
  memAvailableMb: number;
  /** Free MB on the file system that holds (or will hold) `diskPath`. */
  diskFreeMb: number;
  /** TCP ports in LISTEN state (IPv4 and IPv6). */
  listening: number[];
  /** Of the directories asked about, those that exist and are not empty. */
  nonEmptyDirs: string[];
  /** The host carries the mark of an afo expand that began to join it (../joining.ts). */
  afoJoining?: true;
  locales: string[];
  /** `type base64` of /etc/ssh/ssh_host_*_key.pub. */
  hostKeys: string[];
  /** The time service's state and offset (chronyd or ntpd). */
  clock: ClockFacts;
  /** Filled in by the module from base facts. */
  distribution?: string;
  version?: string;
  arch?: string;
  python3?: string;
  timezone?: string;
  /** NICs: name, mtu, IPv4 addresses (for the MTU task's exact address match). */
  interfaces?: { name: string; mtu: number; ipv4: string[] }[];
}

export function preflightFact(diskPath: string, dirs: readonly string[]): FactSpec<PreflightFacts> {
  const dirChecks = dirs.map((d) => `[ -d ${shQuote(d)} ] && [ -n "$(ls -A ${shQuote(d)} 2>/dev/null)" ] && echo ${shQuote(`nonempty=${d}`)}`).join('; ');
  const command = [
    `awk '/^MemAvailable:/{print "mem_kb=" $2}' /proc/meminfo`,
    `p=${shQuote(diskPath)}; while [ ! -e "$p" ]; do p=$(dirname "$p"); done; df -Pk "$p" | awk 'NR==2{print "disk_kb=" $4}'`,
    // /proc/net/tcp: state 0A is LISTEN; the local port is hex after the colon
    `cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk '$4=="0A"{split($2,a,":"); print "listen=" a[2]}'`,
    dirChecks || 'true',
    `[ -e ${shQuote(JOINING_MARKER)} ] && echo afo_joining=1`,
    `locale -a 2>/dev/null | sed 's/^/locale=/'`,
    // systemd's time zone is the /etc/localtime link (timedatectl changes it, not /etc/timezone)
    `readlink /etc/localtime 2>/dev/null | sed 's|.*/zoneinfo/|tz=|'`,
    `for f in /etc/ssh/ssh_host_*_key.pub; do [ -r "$f" ] && awk '{print "hostkey=" $1 " " $2}' "$f"; done`,
    CLOCK_COMMAND,
    'true',
  ].join('\n');
  return { id: `opengauss-preflight:${diskPath}:${dirs.join(',')}`, command, parse: parsePreflight };
}

/** Pure parser of the fact's output. */
export function parsePreflight(stdout: string): PreflightFacts {
  const lines = stdout.split('\n');
  const out: PreflightFacts = { memAvailableMb: 0, diskFreeMb: 0, listening: [], nonEmptyDirs: [], locales: [], hostKeys: [], clock: parseClock(lines) };
  const ports = new Set<number>();
  for (const [k, v] of keyValueLines(stdout, { trim: true })) {
    if (k === 'mem_kb') out.memAvailableMb = Math.floor(Number(v) / 1024) || 0;
    else if (k === 'disk_kb') out.diskFreeMb = Math.floor(Number(v) / 1024) || 0;
    else if (k === 'listen' && /^[0-9A-Fa-f]+$/.test(v)) ports.add(parseInt(v, 16));
    else if (k === 'nonempty') out.nonEmptyDirs.push(v);
    else if (k === 'afo_joining') out.afoJoining = true;
    else if (k === 'locale' && v !== '') out.locales.push(v);
    else if (k === 'hostkey' && v !== '') out.hostKeys.push(v);
    else if (k === 'tz' && v !== '') out.timezone = v;
  }
  out.listening = [...ports].sort((a, b) => a - b);
  return out;
}
