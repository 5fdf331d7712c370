/**
 * Stopping the commands of an interrupted run on a host (docs/architecture.md §7.2). Every command
 * a transport runs carries `AFO_RUN=<tag>` in its environment (the login shell exports it, so
 * sudo has it; the command's own script exports it again, since sudo resets the environment), and
 * every process it starts inherits it. The interrupt finds them in /proc and kills them: TERM
 * (sudo and GNU timeout pass it on to their command), then KILL a second later. Pure, so it is
 * unit-tested.
 */
export const RUN_TAG_VAR = 'AFO_RUN';

/** The shell script that kills every process carrying `AFO_RUN=<tag>` (not itself). */
export function interruptScript(tag: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(tag)) throw new Error(`internal: bad run tag ${JSON.stringify(tag)}`);
  return [
    'self=$$',
    'kill_tagged() {',
    '  for f in /proc/[0-9]*/environ; do',
    `    p=\${f#/proc/}; p=\${p%/environ}`,
    '    [ "$p" = "$self" ] && continue',
    `    if tr '\\000' '\\n' 2>/dev/null < "$f" | grep -qx '${RUN_TAG_VAR}=${tag}'; then kill -"$1" "$p" 2>/dev/null; fi`,
    '  done',
    '}',
    'kill_tagged TERM',
    'sleep 1',
    'kill_tagged KILL',
    'exit 0',
  ].join('\n');
}
