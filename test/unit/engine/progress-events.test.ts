/**
 * The event stream of a long command through the engine: after 2 s the engine emits progress
 * events with the elapsed time and the command's last output line (redacted), then a done event,
 * all before the task ends; a no_log task's progress carries no output; a quick command emits none.
 */
import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../src/engine/events.js';
import { makeHosts, run, writeRole } from './harness.js';

const role = {
  'tasks/main.yml': `
- name: long OM step
  command: om-tool {{ db_password }}
- name: hidden OM step
  command: om-tool {{ db_password }}
  no_log: true
- name: quick
  command: om-tool quick
`,
};

describe('progress events of long commands', () => {
  it('elapsed time and the last output line while it runs, redacted; none for a no_log line or a quick command', async () => {
    const [h] = makeHosts(1);
    // prints a line, works 2.6 s printing its argument half way, then finishes (quick: at once)
    h!.stub('om-tool', '[ "$1" = quick ] && exit 0; echo Parsing; sleep 1.3; echo "Checking with $1"; sleep 1.3; echo done');
    const r = await run(writeRole(role), [h!], { extraVars: { db_password: 'Secr3t-pw' } });
    expect(r.result.exitCode).toBe(0);
    const progress = r.events.filter((e): e is ProgressEvent => e.type === 'progress');
    const long = progress.filter((e) => e.task?.name === 'long OM step');
    const hidden = progress.filter((e) => e.task?.name === 'hidden OM step');
    expect(progress.filter((e) => e.task?.name === 'quick')).toEqual([]);
    expect(long.length).toBeGreaterThanOrEqual(2);
    expect(long.at(-1)).toMatchObject({ kind: 'command', host: 'h1', what: 'om-tool ********', done: true, lastLine: 'done' });
    expect(long.slice(0, -1).every((e) => !e.done && e.elapsedMs >= 2000)).toBe(true);
    expect(long[0]!.lastLine).toBe('Checking with ********');
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    expect(hidden.every((e) => e.lastLine === undefined && e.what === 'hidden OM step')).toBe(true);
    expect(JSON.stringify(r.events)).not.toContain('Secr3t-pw');
    // progress comes before the task's end
    const iDone = r.events.indexOf(long.at(-1)!);
    const iEnd = r.events.findIndex((e) => e.type === 'task-end' && e.task.name === 'long OM step');
    expect(iDone).toBeLessThan(iEnd);
  });
});
