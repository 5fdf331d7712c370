/**
 * The operating system as modules need it: /etc/os-release, kernel, architecture and which
 * package manager is installed (the package module's choice is read from here, not guessed).
 * The engine's general gather may carry more; this is the part modules plan from.
 */
import type { FactSpec } from './fact.js';

export type PackageManager = 'dnf' | 'yum' | 'apt';

export interface OsInfo {
  /** os-release ID, e.g. "openEuler", "centos", "debian". */
  id: string;
  idLike: string[];
  versionId: string;
  prettyName: string;
  /** "RedHat" (openEuler, CentOS, RHEL, Kylin...), "Debian", or "unknown". */
  family: 'RedHat' | 'Debian' | 'unknown';
  kernel: string;
  arch: string;
  pkgManager?: PackageManager;
}

export const osFact: FactSpec<OsInfo> = {
  id: 'os',
  command:
    `if [ -f /etc/os-release ]; then cat /etc/os-release; fi; echo "KERNEL=$(uname -r)"; echo "ARCH=$(uname -m)"; ` +
    `for m in dnf yum apt-get; do if command -v $m >/dev/null 2>&1; then echo "PKG=$m"; break; fi; done`,
  parse: parseOs,
};

const REDHAT = ['rhel', 'fedora', 'centos', 'openeuler', 'kylin', 'rocky', 'almalinux', 'ol', 'anolis'];
const DEBIAN = ['debian', 'ubuntu'];

export function parseOs(stdout: string): OsInfo {
  const kv = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) kv.set(m[1]!, m[2]!.replace(/^(["'])(.*)\1$/, '$2'));
  }
  if (!kv.has('KERNEL')) throw new Error(`unreadable os output: ${stdout.slice(0, 200)}`);
  const id = kv.get('ID') ?? 'unknown';
  const idLike = (kv.get('ID_LIKE') ?? '').split(/\s+/).filter((s) => s !== '');
  const all = [id, ...idLike].map((s) => s.toLowerCase());
  const family = all.some((s) => REDHAT.includes(s)) ? 'RedHat' : all.some((s) => DEBIAN.includes(s)) ? 'Debian' : 'unknown';
  const pkg = kv.get('PKG');
  const out: OsInfo = {
    id,
    idLike,
    versionId: kv.get('VERSION_ID') ?? '',
    prettyName: kv.get('PRETTY_NAME') ?? id,
    family,
    kernel: kv.get('KERNEL') ?? '',
    arch: kv.get('ARCH') ?? '',
  };
  if (pkg === 'dnf' || pkg === 'yum') out.pkgManager = pkg;
  else if (pkg === 'apt-get') out.pkgManager = 'apt';
  return out;
}
