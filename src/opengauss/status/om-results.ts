/**
 * Judging what gs_expansion and cm_install print (docs/opengauss.md §5.3, §5.9): decided from
 * the lines they print, never from the exit code alone (§8: the exit code of a partial failure is
 * not known), and never by searching words anywhere in the text (§7.5).
 */

/** `<ip>:<TAB>Success|Failure` lines after `Expansion results:`. */
export function parseExpansionResults(output: string): Map<string, string> {
  const lines = output.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === 'Expansion results:');
  const out = new Map<string, string>();
  if (start < 0) return out;
  for (const line of lines.slice(start + 1)) {
    const m = /^\s*(\d{1,3}(?:\.\d{1,3}){3}):\s*(\S+)\s*$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
    else if (line.trim() === 'Expansion Finish.') break;
  }
  return out;
}

/**
 * Why a gs_expansion run failed, or undefined when every host in `hosts` reports `Success`
 * (exact address match). The message names the hosts and where OM's log is.
 */
export function expansionFailure(output: string, exitCode: number, hosts: readonly string[], logDir: string): string | undefined {
  const results = parseExpansionResults(output);
  const bad = hosts.filter((h) => results.get(h) !== 'Success');
  if (bad.length === 0) return undefined;
  const what = bad.map((h) => `${h}: ${results.get(h) ?? 'no result'}`).join(', ');
  const tail = output.trim().split('\n').slice(-5).join('\n');
  return `gs_expansion did not add every new host (${what}; exit ${exitCode}). OM's log: ${logDir}/gs_expansion-*.log on the primary.\nLast lines:\n${tail}`;
}

export interface CmInstallOutcome {
  /** `Install CM tool success.`, or `CM exists in current cluster.` (already installed). */
  ok: boolean;
  alreadyInstalled: boolean;
  /** `Term of primary is invalid or not maximal.` was printed: `cm_ctl stop && cm_ctl start` follows (§1.3). */
  termWarning: boolean;
}

/** cm_install's outcome from its lines; "CM exists" is success whatever the exit code (§5.9). */
export function cmInstallOutcome(output: string, exitCode: number): CmInstallOutcome {
  const lines = new Set(output.split(/\r?\n/).map((l) => l.trim()));
  const has = (text: string) => [...lines].some((l) => l === text || l.endsWith(` ${text}`) || l.endsWith(`]${text}`));
  const alreadyInstalled = has('CM exists in current cluster.');
  const success = has('Install CM tool success.') && exitCode === 0;
  return { ok: success || alreadyInstalled, alreadyInstalled, termWarning: has('Term of primary is invalid or not maximal.') };
}
