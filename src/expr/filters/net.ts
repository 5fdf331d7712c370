/**
 * ipaddr / ipv4 / ipv6 (ansible.utils, netaddr-based in Ansible): the queries a deployment role
 * uses. The original role names hosts `og{{ ip | ipaddr('int') }}`.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { ExprError } from '../errors.js';
import type { FilterFn } from '../registry.js';
import { strArg } from '../registry.js';
import type { Args } from '../values.js';
import { typeName } from '../values.js';

interface Parsed {
  version: 4 | 6;
  address: string;
  prefix: number;
  hasPrefix: boolean;
}

function parse(value: unknown): Parsed | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) return undefined;
    return { version: 4, address: fromInt(value), prefix: 32, hasPrefix: false };
  }
  const [addr = '', pfx, extra] = value.trim().split('/');
  if (extra !== undefined) return undefined;
  const version = isIPv4(addr) ? 4 : isIPv6(addr) ? 6 : undefined;
  if (!version) return undefined;
  const max = version === 4 ? 32 : 128;
  const prefix = pfx === undefined ? max : /^\d+$/.test(pfx) ? Number(pfx) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return undefined;
  return { version, address: addr, prefix, hasPrefix: pfx !== undefined };
}

function toInt(a: string): number {
  return a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}
function fromInt(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}
function maskInt(prefix: number): number {
  return prefix === 0 ? 0 : 0xffffffff - (2 ** (32 - prefix) - 1);
}

const PRIVATE_V4: [string, number][] = [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
];

function query(p: Parsed, original: unknown, q: string): unknown {
  if (q === '' || q === 'bool') return q === 'bool' ? true : original;
  if (q === 'address') return p.address;
  if (q === 'ipv4' || q === 'ipv6') return p.version === Number(q.slice(3)) ? original : false;
  if (q === 'prefix') return p.prefix;
  if (p.version !== 4) throw new ExprError(`ipaddr('${q}') is supported for IPv4 addresses only`);
  const n = toInt(p.address);
  const mask = maskInt(p.prefix);
  const net = Math.floor(n / 2 ** (32 - p.prefix)) * 2 ** (32 - p.prefix);
  switch (q) {
    case 'int':
      return p.hasPrefix ? `${n}/${p.prefix}` : n;
    case 'network':
      return fromInt(net);
    case 'netmask':
      return fromInt(mask);
    case 'broadcast':
      return fromInt(net + 2 ** (32 - p.prefix) - 1);
    case 'host':
      return `${p.address}/${p.prefix}`;
    case 'private':
    case 'public': {
      const priv = PRIVATE_V4.some(([base, len]) => Math.floor(n / 2 ** (32 - len)) === Math.floor(toInt(base) / 2 ** (32 - len)));
      return priv === (q === 'private') ? original : false;
    }
  }
  throw new ExprError(`ipaddr: unsupported query '${q}' (supported: address, int, prefix, network, netmask, broadcast, host, private, public, ipv4, ipv6)`);
}

function ipFilter(version: 4 | 6 | undefined): FilterFn {
  return (v, a: Args) => {
    const q = strArg(a, 0, 'query', '');
    const one = (x: unknown): unknown => {
      const p = parse(x);
      if (!p || (version && p.version !== version)) return false;
      return query(p, x, q);
    };
    if (Array.isArray(v)) return v.map(one).filter((x) => x !== false);
    if (typeof v !== 'string' && typeof v !== 'number') throw new ExprError(`ipaddr expects an address or a list of addresses, got ${typeName(v)}`);
    return one(v);
  };
}

export const NET_FILTERS: [string, FilterFn][] = [
  ['ipaddr', ipFilter(undefined)],
  ['ipv4', ipFilter(4)],
  ['ipv6', ipFilter(6)],
];
