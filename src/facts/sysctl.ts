/**
 * A kernel parameter's live value. A key the kernel does not have (no /proc/sys entry, e.g.
 * net.ipv4.tcp_tw_recycle on kernels >= 4.12) is the value `{ known: false }`, not an error.
 */
import { shQuote } from '../text/shlex.js';
import type { FactSpec } from './fact.js';

export type SysctlValue = { known: false } | { known: true; value: string };

/** sysctl's name -> path rule: dots separate levels, a slash stands for a dot inside a level. */
export function sysctlPath(name: string): string {
  return `/proc/sys/${name.replace(/[./]/g, (c) => (c === '.' ? '/' : '.'))}`;
}

export function sysctlFact(name: string): FactSpec<SysctlValue> {
  const p = shQuote(sysctlPath(name));
  return {
    id: `sysctl:${name}`,
    // The file is what `sysctl -n` prints; one cat, not sysctl (dash's `read` cannot read /proc/sys:
    // it reads byte by byte, and these files give nothing after the first byte).
    command: `if [ -e ${p} ]; then echo known; cat ${p}; else echo unknown; fi`,
    parse: parseSysctl,
  };
}

export function parseSysctl(stdout: string): SysctlValue {
  const nl = stdout.indexOf('\n');
  const head = (nl < 0 ? stdout : stdout.slice(0, nl)).trim();
  if (head === 'unknown') return { known: false };
  if (head !== 'known') throw new Error(`unreadable sysctl output: ${stdout.slice(0, 100)}`);
  return { known: true, value: normaliseSysctl(nl < 0 ? '' : stdout.slice(nl + 1)) };
}

/** Values compare with whitespace collapsed: the kernel prints tabs where files have spaces. */
export function normaliseSysctl(v: string): string {
  return v.trim().split(/\s+/).join(' ');
}
