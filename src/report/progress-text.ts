/**
 * One line of text for a ProgressEvent, shared by the TTY view and the plain lines:
 *   upload /opt/software/openGauss/pkg.tar.gz: 45.0 MiB of 120.0 MiB (37%), 11.2 MiB/s
 *   gs_install -X …: running 1m05s — Successfully started cluster.
 */
import type { ProgressEvent } from '../engine/events.js';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1536 -> "1.5 KiB" (binary units, one decimal above bytes). */
export function formatBytes(n: number): string {
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${UNITS[u]}`;
}

/** 65_000 -> "1m05s", 9_400 -> "9s". */
export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function progressText(e: ProgressEvent): string {
  if (e.kind === 'command') {
    const line = e.lastLine ? ` — ${e.lastLine}` : '';
    return e.done ? `${e.what}: finished after ${formatElapsed(e.elapsedMs)}` : `${e.what}: running ${formatElapsed(e.elapsedMs)}${line}`;
  }
  const bytes = e.bytes ?? 0;
  const rate = `${formatBytes(e.rate ?? 0)}/s`;
  if (e.done) return `${e.kind} ${e.what}: ${formatBytes(bytes)} in ${formatElapsed(e.elapsedMs)} (${rate})`;
  const of = e.total !== undefined && e.total > 0 ? ` of ${formatBytes(e.total)} (${Math.floor((bytes * 100) / e.total)}%)` : '';
  return `${e.kind} ${e.what}: ${formatBytes(bytes)}${of}, ${rate}`;
}
