/**
 * Node naming (docs/opengauss.md §2.2): every openGauss node is called `og` + its IPv4 address as an
 * unsigned 32-bit integer. The name is used as hostname, DEVICE `sn`/`name`, `nodeNames`,
 * `cmServerRelation` and in `/etc/hosts`, so it must be derived the same way everywhere.
 */
import { UserError } from '../errors.js';

// One octet: 0..255 in plain decimal. Leading zeros are refused because tools disagree on them
// (inet_aton reads `010` as octal 8), and an address that means two things is not an address.
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const IPV4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/** True when `text` is a dotted-quad IPv4 address (four decimal octets 0..255, no leading zeros). */
export function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

/**
 * Why `text` is not an IPv4 address, or undefined when it is one. Used by validators that collect
 * problems instead of throwing.
 */
export function ipv4Problem(text: string): string | undefined {
  if (isIpv4(text)) return undefined;
  if (text.trim() !== text) return `'${text}' has surrounding whitespace`;
  if (text.includes(':'))
    return `'${text}' is not an IPv4 address${/^[0:]+$/.test(text) ? ' (:: is the unspecified IPv6 address)' : ''}; openGauss nodes need IPv4 (docs/opengauss.md §2.2)`;
  const parts = text.split('.');
  if (parts.length !== 4) return `'${text}' has ${parts.length} dot-separated parts, an IPv4 address has 4`;
  for (const part of parts) {
    if (!/^[0-9]+$/.test(part)) return `'${text}': part '${part}' is not a decimal number`;
    if (part.length > 1 && part.startsWith('0')) return `'${text}': part '${part}' has a leading zero`;
    if (Number(part) > 255) return `'${text}': part '${part}' is greater than 255`;
  }
  return `'${text}' is not an IPv4 address`;
}

/**
 * Why `text` cannot be a node's address (ansible_host, backIp1, sshIp1), or undefined when it can:
 * it must be an IPv4 address (ipv4Problem) that names one host. 0.0.0.0/8 is "this network"
 * (0.0.0.0 means every local address to a listener), 224.0.0.0/4 is multicast and 240.0.0.0/4 is
 * reserved, with 255.255.255.255 the broadcast address (RFC 6890): OM would write such an address
 * into listen_addresses and replication channels, where it names no single node.
 */
export function nodeAddressProblem(text: string): string | undefined {
  const problem = ipv4Problem(text);
  if (problem !== undefined) return problem;
  const first = Number(text.split('.')[0]);
  if (first === 0) return `'${text}' is in 0.0.0.0/8 ("this network", ${text === '0.0.0.0' ? 'the unspecified address' : 'not a host'})`;
  if (first >= 224 && first <= 239) return `'${text}' is a multicast address (224.0.0.0/4)`;
  if (text === '255.255.255.255') return `'${text}' is the broadcast address`;
  if (first >= 240) return `'${text}' is in the reserved range 240.0.0.0/4`;
  return undefined;
}

/**
 * The address as an unsigned 32-bit integer (a·2²⁴ + b·2¹⁶ + c·2⁸ + d).
 * @throws UserError when `ip` is not a strict IPv4 address.
 */
export function ipv4ToInt(ip: string): number {
  const problem = ipv4Problem(ip);
  if (problem !== undefined) {
    throw new UserError(
      `not an IPv4 address: ${problem}. openGauss hosts must be named by an IPv4 address ` + `(e.g. 192.168.56.11) or have one in ansible_host.`,
    );
  }
  // Multiplication instead of bit shifts: JS shifts are signed 32-bit and would go negative.
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

/**
 * The openGauss node name for an IPv4 address: `og` + the address as an unsigned integer.
 * @example nodeName('192.168.56.11') === 'og3232249867'
 * @throws UserError when `ip` is not a strict IPv4 address.
 */
export function nodeName(ip: string): string {
  return `og${ipv4ToInt(ip)}`;
}

/**
 * Orders addresses as plain strings, the way AFO sorts them (§2.4: `…56.19` before `…56.9`).
 * Code-unit order, not locale order, so the result never depends on the machine's locale.
 */
export function compareIpStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
