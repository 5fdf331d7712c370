/** The one place errors reach the user: message, table, advice, exit code; a stack only for bugs. */
import { describe, expect, it } from 'vitest';
import { reportError } from '../../../src/cli/report-error.js';
import { TaskFailure, UserError } from '../../../src/errors.js';
import { ProblemsError } from '../../../src/opengauss/problem.js';

function shown(err: unknown): { code: number; text: string } {
  let text = '';
  const code = reportError(err, (t) => void (text += t));
  return { code, text };
}

describe('reportError', () => {
  it('a user error: its message, no stack, the code of its kind', () => {
    expect(shown(new UserError('hosts.ini:3: bad port', 'input'))).toEqual({ code: 2, text: 'afo: error: hosts.ini:3: bad port\n' });
    expect(shown(new UserError('x', 'failed')).code).toBe(4);
  });

  it('a problem list: the title, the table, then the advice (exit 3, or 4 when found after changes)', () => {
    const p = { host: '10.0.0.2', check: 'reachable', found: 'timed out', expected: 'SSH login works', fix: 'check the address' };
    const r = shown(new ProblemsError('preflight failed; nothing was changed on any host:', [p], 'Log: /tmp/x'));
    expect(r.code).toBe(3);
    const lines = r.text.split('\n');
    expect(lines[0]).toBe('afo: preflight failed; nothing was changed on any host:');
    expect(lines[1]).toMatch(/^host\s+\| check\s+\| found/);
    expect(lines[3]).toMatch(/^10\.0\.0\.2\s+\| reachable \| timed out/);
    expect(lines[4]).toBe('Log: /tmp/x');
    expect(r.text).not.toMatch(/- 10\.0\.0\.2:/); // the plain-text rows are the table's, not printed twice
    expect(shown(new ProblemsError('not healthy after 30 checks:', [p], undefined, 'failed')).code).toBe(4);
  });

  it('anything else is a bug: internal error with its stack, exit 70', () => {
    const r = shown(new TypeError('x is undefined'));
    expect(r.code).toBe(70);
    expect(r.text).toMatch(/^afo: internal error \(please report\): TypeError: x is undefined\n\s+at /);
    // a task failure escaping the engine would be a bug too: it never reaches the CLI as a user message
    expect(shown(new TaskFailure('exit 1')).code).toBe(70);
  });
});
