import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { RunLog } from '../../../src/report/run-log.js';

const dir = mkdtempSync(join(tmpdir(), 'afo-runlog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(root: string): UserError {
  try {
    new RunLog(root, 'role');
  } catch (e) {
    return e as UserError;
  }
  throw new Error(`RunLog(${root}) was accepted`);
}

describe('run log directory (--log-dir), found by the fuzz test (issue 12)', () => {
  it('makes the missing levels of a new directory', () => {
    const log = new RunLog(join(dir, 'a', 'b'), 'my role');
    expect(existsSync(log.dir)).toBe(true);
    expect(log.dir).toMatch(/a\/b\/[0-9T-]+Z-my_role$/);
  });

  it('a file on the way (--log-dir /dev/null) is an input error naming it (was an internal error with a stack trace)', () => {
    writeFileSync(join(dir, 'file'), '');
    for (const root of ['/dev/null', join(dir, 'file', 'sub')]) {
      const e = refusal(root);
      expect(e).toBeInstanceOf(UserError);
      expect(e.message).toMatch(/^cannot create the run log directory .*: .* is not a directory; give --log-dir a writable directory/);
    }
  });

  it('a directory under /proc is an input error at once (Node recursive mkdir spun there forever)', () => {
    const e = refusal('/proc/afo-no-such-dir');
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toMatch(/^cannot create the run log directory \/proc\/afo-no-such-dir\/.*: ENOENT at \/proc\/afo-no-such-dir; give --log-dir/);
  });
});
