/** `--json`: every engine event as one JSON object per line (commands are left to the run log). */
import type { EventSink } from '../engine/events.js';

export function jsonSink(write: (line: string) => void, opts: { commands?: boolean } = {}): EventSink {
  return (e) => {
    if (e.type === 'command' && !opts.commands) return;
    write(JSON.stringify(e));
  };
}
