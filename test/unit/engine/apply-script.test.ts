import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildChangeScript, RUN_STDIN_SCRIPT } from '../../../src/engine/apply-script.js';
import type { ExecChange } from '../../../src/tasks/module.js';

const ex = (command: string, extra: Partial<ExecChange> = {}): ExecChange => ({ kind: 'exec', description: command, command, ...extra });

describe('change script', () => {
  it('runs changes in order in one sh, returning each exit code and stdout, stopping at the first failure', () => {
    const s = buildChangeScript([
      ex('echo one; echo two'),
      ex('printf x'),
      ex('exit 3', { okCodes: [0, 3] }),
      ex('pwd', { cwd: '/tmp' }),
      ex('exit 5'),
      ex('echo never'),
    ]);
    const r = spawnSync('sh', ['-c', s.script], { encoding: 'utf8' });
    expect(r.status).toBe(5);
    expect(s.split(r.stdout)).toEqual([
      { exitCode: 0, stdout: 'one\ntwo\n' },
      { exitCode: 0, stdout: 'x' },
      { exitCode: 3, stdout: '' },
      { exitCode: 0, stdout: '/tmp\n' },
      { exitCode: 5, stdout: '' },
    ]);
  });

  it("a change's stdin travels as a here-doc, the script read whole from stdin first: no change eats the rest", () => {
    // `cat` would read the rest of a script fed line by line; `$x` stays unexpanded
    const s = buildChangeScript([ex('cat > /dev/null; echo after'), ex('cat', { stdin: 'name:$6$x$hash\n' }), ex('echo last')], undefined, true);
    for (const sh of ['sh', 'bash']) {
      const r = spawnSync(sh, ['-c', RUN_STDIN_SCRIPT], { input: s.script, encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(s.split(r.stdout).map((x) => x.stdout)).toEqual(['after\n', 'name:$6$x$hash\n', 'last\n']);
    }
    // a here-doc always ends in a newline: a stdin without one cannot go this way
    expect(() => buildChangeScript([ex('cat', { stdin: 'no newline' })])).toThrow(/here-doc/);
  });
});
