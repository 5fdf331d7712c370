import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { makeLogDir } from '../../../src/report/log-dir.js';
import { RunLog } from '../../../src/report/run-log.js';

function refusal(dir: string): UserError {
  try {
    new RunLog(dir, 'r');
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error(`${dir} was accepted`);
}

describe('run log directory', () => {
  it('/proc/nope: a clear error at once (Node recursive mkdir loops there forever)', () => {
    const e = refusal('/proc/nope');
    expect(e.message).toMatch(/^cannot create the run log directory \/proc\/nope\/\S+: \/proc\/nope: cannot be created there; choose a writable directory/);
  });

  it('/dev/null and a file in the path: "is not a directory", no stack trace', () => {
    expect(refusal('/dev/null').message).toContain('/dev/null is not a directory');
    const dir = mkdtempSync(join(tmpdir(), 'afo-logdir-'));
    writeFileSync(join(dir, 'file'), '');
    expect(refusal(join(dir, 'file', 'logs')).message).toContain(`${join(dir, 'file')} is not a directory`);
  });

  it('a directory nobody may write to (sysfs, even for root): permission denied', () => {
    expect(refusal('/sys/afo-logs').message).toContain('/sys/afo-logs: permission denied');
  });

  it('creates missing parents, and accepts an existing directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afo-logdir-'));
    const log = new RunLog(join(dir, 'a', 'b'), 'r');
    expect(statSync(log.dir).isDirectory()).toBe(true);
    makeLogDir(dir);
    expect(readdirSync(join(dir, 'a', 'b'))).toHaveLength(1);
  });
});
