/**
 * Preflight judgement of the clocks (pure; docs/opengauss.md §3.2): a running time service must be
 * synchronised, and the synchronised clocks must agree within `maxSkewMs`. Each host's offset is
 * its own daemon's estimate against NTP time, so the spread of the offsets is the skew between
 * hosts without any timing over SSH. A host with no time service running yet is not a problem
 * here: OS preparation installs, enables and starts one and waits for it to synchronise.
 */
import type { Problem } from '../problem.js';
import type { HostReport } from './checks.js';

function ms(n: number): string {
  return `${n >= 0 ? '+' : ''}${n.toFixed(1)} ms`;
}

export function clockProblems(reports: HostReport[], maxSkewMs: number): Problem[] {
  const out: Problem[] = [];
  const synced: { host: string; offset: number }[] = [];
  for (const r of reports) {
    const c = r.facts?.clock;
    if (!c || c.service === 'none') continue;
    if (!c.synced) {
      out.push({
        host: r.name,
        check: 'clock synchronised',
        found: `${c.service} runs but is not synchronised (${c.detail ?? '?'})`,
        expected: `${c.service} synchronised to a time source`,
        fix:
          c.service === 'chronyd'
            ? 'make a server in /etc/chrony.conf reachable (chronyc sources shows them), then wait for chronyc tracking to say Leap status: Normal'
            : 'make a server in /etc/ntp.conf reachable (ntpq -pn shows them), then wait for a row marked *',
      });
      continue;
    }
    if (c.offsetMs !== undefined) synced.push({ host: r.name, offset: c.offsetMs });
  }
  if (synced.length > 1) {
    const lo = Math.min(...synced.map((s) => s.offset));
    const hi = Math.max(...synced.map((s) => s.offset));
    if (hi - lo > maxSkewMs) {
      out.push({
        host: synced.map((s) => `${s.host}=${ms(s.offset)}`).join(', '),
        check: 'clock skew',
        found: `${(hi - lo).toFixed(1)} ms between the fastest and the slowest clock`,
        expected: `at most ${maxSkewMs} ms (opengauss_max_clock_skew_ms)`,
        fix: 'point every host at the same NTP servers and let them converge (chronyc makestep steps a clock at once)',
      });
    }
  }
  return out;
}
