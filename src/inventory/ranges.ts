/**
 * Host patterns on inventory lines: `host`, `host:port`, `[v6::addr]:port`, and ranges such as
 * `192.168.56.[11:15]`, `db[01:03]` (zero padding kept), `node[a:c]`, `web[1:10:2]`, several
 * per name. Ports of Ansible's `parse_address` and `expand_hostname_range`.
 *
 * Stricter than Ansible on purpose: Ansible silently takes a string it cannot parse as a host
 * name (`db:x`, `web-`) and silently yields no hosts for `[5:1]`; afo reports both.
 */

export class HostPatternError extends Error {}

const NUMERIC_RANGE = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const HEX_RANGE = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
const ALNUM_RANGE = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const IPV4_PART = String.raw`(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${NUMERIC_RANGE})`;
const V6 = String.raw`(?:[0-9a-f]{1,4}|${HEX_RANGE})`;
const LABEL = String.raw`(?:[\p{L}\p{N}_]|${ALNUM_RANGE})(?:[\p{L}\p{N}_-]|${ALNUM_RANGE})*(?<![_-])`;
const V4IN6 = String.raw`(?:${V6}\.){3}${V6}`;

const BRACKETED_HOSTPORT = /^\[(.+)\]:([0-9]+)$/;
const HOSTPORT = /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/;
const IPV4 = new RegExp(String.raw`^(?:${IPV4_PART}\.){3}${IPV4_PART}$`, 'i');
const IPV6 = new RegExp(
  '^(?:' +
    [
      `(?:${V6}:){7}${V6}`,
      `(?:${V6}:){1,6}:`,
      `(?:${V6}:)(?::${V6}){1,6}`,
      `(?:${V6}:){2}(?::${V6}){1,5}`,
      `(?:${V6}:){3}(?::${V6}){1,4}`,
      `(?:${V6}:){4}(?::${V6}){1,3}`,
      `(?:${V6}:){5}(?::${V6}){1,2}`,
      `(?:${V6}:){6}(?::${V6})`,
      `:(?::${V6}){1,6}`,
      `${V6}?::`,
      `(?:0:){6}${V4IN6}`,
      `::(?:ffff:)?${V4IN6}`,
      `(?:0:){5}ffff:${V4IN6}`,
    ].join('|') +
    ')$',
  'i',
);
const HOSTNAME = new RegExp(String.raw`^${LABEL}(?:\.${LABEL})*$`, 'iu');

/** DNS's limit on a full host name (RFC 1035 §2.3.4: 255 octets on the wire, 253 characters written). */
export const MAX_HOST_NAME = 253;

function tooLong(address: string): HostPatternError {
  return new HostPatternError(
    `'${address.slice(0, 40)}…' (${address.length} characters) is longer than a host name can be (${MAX_HOST_NAME} characters, the DNS limit)`,
  );
}

/** Splits an optional port off and checks the rest is an address or host name (ranges allowed). */
export function parseAddress(address: string): { host: string; port?: number } {
  // Checked before any pattern runs: a multi-megabyte name would only exhaust the regex engine.
  if (address.length > MAX_HOST_NAME + ':65535'.length + 2) throw tooLong(address);
  let host = address;
  let port: number | undefined;
  for (const re of [BRACKETED_HOSTPORT, HOSTPORT]) {
    const m = re.exec(host);
    if (m) {
      host = m[1]!;
      port = Number(m[2]);
    }
  }
  if (host.length > MAX_HOST_NAME) throw tooLong(address);
  if (!IPV4.test(host) && !IPV6.test(host) && !HOSTNAME.test(host)) {
    throw new HostPatternError(`'${address}' is not a valid host name or address`);
  }
  return port === undefined ? { host } : { host, port };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Hosts one pattern may expand to; above it is almost surely a typo (10.[0:255].[0:255].[0:255]). */
export const MAX_HOSTS_PER_PATTERN = 10_000;

/** Expands the first `[begin:end(:step)]` in `name`, recursing for any further ones. */
export function expandRanges(name: string, budget = { left: MAX_HOSTS_PER_PATTERN, pattern: name }): string[] {
  const tooMany = () =>
    new HostPatternError(`'${budget.pattern}' expands to more than ${MAX_HOSTS_PER_PATTERN} hosts; afo refuses it (split the range or fix a typo)`);
  const open = name.indexOf('[');
  if (open < 0) {
    if (--budget.left < 0) throw tooMany();
    return [name];
  }
  const close = name.indexOf(']', open);
  if (close < 0) throw new HostPatternError(`'${name}': '[' without a closing ']'`);
  const head = name.slice(0, open);
  const tail = name.slice(close + 1);
  const bounds = name.slice(open + 1, close).split(':');
  if (bounds.length !== 2 && bounds.length !== 3) {
    throw new HostPatternError(`'${name}': a host range must be [begin:end] or [begin:end:step]`);
  }
  const beg = bounds[0] || '0';
  const end = bounds[1]!;
  const stepText = bounds[2] ?? '1';
  if (!end) throw new HostPatternError(`'${name}': the host range has no end value`);
  if (!/^[0-9]+$/.test(stepText) || Number(stepText) === 0) {
    throw new HostPatternError(`'${name}': the range step must be a positive number`);
  }
  const step = Number(stepText);
  const values: string[] = [];
  const alpha = LETTERS.indexOf(beg) >= 0 && beg.length === 1;
  if (alpha) {
    const b = LETTERS.indexOf(beg);
    const e = end.length === 1 ? LETTERS.indexOf(end) : -1;
    if (e < 0) throw new HostPatternError(`'${name}': an alphabetic range needs a single letter at both ends`);
    if (b > e) throw new HostPatternError(`'${name}': the range begins after it ends`);
    for (let i = b; i <= e; i += step) values.push(LETTERS[i]!);
  } else {
    if (!/^[0-9]+$/.test(beg) || !/^[0-9]+$/.test(end)) {
      throw new HostPatternError(`'${name}': a range is either numbers or single letters`);
    }
    // A leading zero is a width hint: db[01:10] -> db01..db10; both ends must then agree in width.
    const width = beg.length > 1 && beg.startsWith('0') ? beg.length : 0;
    if (width && end.length !== width) {
      throw new HostPatternError(`'${name}': a zero-padded range needs begin and end of equal length`);
    }
    const b = Number(beg);
    const e = Number(end);
    if (b > e) throw new HostPatternError(`'${name}': the range begins after it ends`);
    if ((e - b) / step >= budget.left) throw tooMany();
    for (let i = b; i <= e; i += step) values.push(width ? String(i).padStart(width, '0') : String(i));
  }
  return values.flatMap((v) => expandRanges(head + v + tail, budget));
}

/** A host line's first token -> host names and the port that applies to new hosts. */
export function expandHostPattern(pattern: string): { hosts: string[]; port?: number } {
  if (pattern.endsWith(':')) {
    throw new HostPatternError(`'${pattern}' ends in ':'; write host:port with a port number`);
  }
  if (pattern === '---') throw new HostPatternError(`'---' looks like the start of a YAML file; afo reads INI inventories only`);
  let parsed: { host: string; port?: number };
  try {
    parsed = parseAddress(pattern);
  } catch (e) {
    // A malformed range makes the address invalid; say what is wrong with the range instead.
    if (pattern.includes('[')) expandRanges(pattern);
    throw e;
  }
  const { host, port } = parsed;
  const hosts = expandRanges(host);
  return port === undefined ? { hosts } : { hosts, port };
}

/** True for an IPv4 or IPv6 address (Ansible's patterns, so ranges in it count too). */
export function isIpAddress(name: string): boolean {
  return IPV4.test(name) || IPV6.test(name);
}
