import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildChangeScript } from '../../../src/engine/apply-script.js';
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
});
