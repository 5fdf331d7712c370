/**
 * The interrupt script (src/connection/interrupt.ts) on this machine: it kills every process
 * carrying the run's tag in its environment — a shell and what it started — and nothing else.
 */
import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { interruptScript, RUN_TAG_VAR } from '../../../src/connection/interrupt.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('interruptScript', () => {
  it('kills the tagged shell and its children, and spares an untagged process', async () => {
    const tag = `t${process.pid}x`;
    const tagged = spawn('/bin/sh', ['-c', 'sleep 301 & sleep 302; echo next-step-ran'], {
      env: { ...process.env, [RUN_TAG_VAR]: tag },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const other = spawn('sleep', ['303'], { env: { ...process.env, [RUN_TAG_VAR]: 'other' }, stdio: 'ignore' });
    let out = '';
    tagged.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const closed = new Promise<void>((r) => tagged.on('close', () => r()));
    await new Promise((r) => setTimeout(r, 300));
    execFileSync('/bin/sh', ['-c', interruptScript(tag)]);
    await closed;
    expect(out).not.toContain('next-step-ran');
    const left = execFileSync('/bin/sh', ['-c', `grep -l -a '${RUN_TAG_VAR}=${tag}' /proc/[0-9]*/environ 2>/dev/null || true`], { encoding: 'utf8' });
    expect(left.trim()).toBe('');
    expect(alive(other.pid!)).toBe(true);
    other.kill();
  });

  it('refuses a tag that is not a plain word', () => {
    expect(() => interruptScript("x'; rm -rf /")).toThrow(/bad run tag/);
  });
});
