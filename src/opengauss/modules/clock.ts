/**
 * The host's time service as preflight reads it (docs/opengauss.md §3.2: nodes must agree on the
 * time): `chronyc -n tracking` where chronyd answers, else `ntpq -pn` where ntpd does. The
 * parsers are pure; `CLOCK_COMMAND` prints the answer with a `chrony=` / `ntpq=` prefix per line.
 */

export interface ClockFacts {
  /** The daemon that answered; `none` when neither chronyd nor ntpd did (not running yet). */
  service: 'chronyd' | 'ntpd' | 'none';
  synced: boolean;
  /** The daemon's estimate of this clock minus NTP time, in ms (+ = fast), when synchronised. */
  offsetMs?: number;
  /** The line that says why it is not synchronised (for the problem table). */
  detail?: string;
}

export const CLOCK_COMMAND = [
  'if afo_c=$(chronyc -n tracking 2>/dev/null); then printf "%s\\n" "$afo_c" | sed "s/^/chrony=/"',
  'elif afo_c=$(ntpq -pn 2>/dev/null); then printf "%s\\n" "$afo_c" | sed "s/^/ntpq=/"',
  'else echo clock=none; fi',
].join('\n');

/** `chronyc tracking`: "System time : 0.0012 seconds fast of NTP time", "Leap status : Normal". */
export function parseChronyTracking(lines: string[]): ClockFacts {
  const field = (name: string) =>
    lines
      .find((l) => l.split(':')[0]!.trim() === name)
      ?.replace(/^[^:]*:\s*/, '')
      .trim();
  const leap = field('Leap status');
  const ref = field('Reference ID') ?? '';
  if (leap === undefined || leap === 'Not synchronised' || /^0+\b/.test(ref)) {
    return { service: 'chronyd', synced: false, detail: `Leap status: ${leap ?? '?'}, Reference ID: ${ref || '?'}` };
  }
  const m = /^([0-9.]+) seconds (fast|slow) of NTP time/.exec(field('System time') ?? '');
  if (!m) return { service: 'chronyd', synced: false, detail: `unreadable System time: ${field('System time') ?? 'missing'}` };
  const ms = Number(m[1]) * 1000 * (m[2] === 'slow' ? -1 : 1);
  return { service: 'chronyd', synced: true, offsetMs: ms };
}

/** `ntpq -pn`: the system peer is the row marked `*`; its offset column (ms) is the 9th. */
export function parseNtpq(lines: string[]): ClockFacts {
  const peer = lines.find((l) => l.startsWith('*'));
  if (!peer) return { service: 'ntpd', synced: false, detail: 'no system peer (no row marked * in ntpq -pn)' };
  const offset = Number(peer.trim().split(/\s+/)[8]);
  if (!Number.isFinite(offset)) return { service: 'ntpd', synced: false, detail: `unreadable ntpq row: ${peer}` };
  return { service: 'ntpd', synced: true, offsetMs: offset };
}

/** Reads the `chrony=` / `ntpq=` / `clock=` lines of the preflight output. */
export function parseClock(lines: string[]): ClockFacts {
  const pick = (prefix: string) => lines.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
  const chrony = pick('chrony=');
  if (chrony.length > 0) return parseChronyTracking(chrony);
  const ntpq = pick('ntpq=');
  if (ntpq.length > 0) return parseNtpq(ntpq);
  return { service: 'none', synced: false };
}
