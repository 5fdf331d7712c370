import { describe, expect, it, vi } from 'vitest';
import { cleanOutput, runSession, stripSuccessMarker, type ProcessHandle } from '../../../src/connection/session.js';

const markers = { prompt: '[afo-sudo-t] password: ', success: 'AFO-BECOME-OK-t' };

/** A scripted process: `react` sees every write and may emit output or exit. */
function fakeProcess(react: (p: Fake, written: string) => void) {
  const p: Fake = {
    writes: [],
    ended: false,
    killed: false,
    out: () => undefined,
    err: () => undefined,
    close: () => undefined,
    handle: {
      onStdout: (cb) => (p.out = (s) => cb(Buffer.from(s))),
      onStderr: (cb) => (p.err = (s) => cb(Buffer.from(s))),
      onClose: (cb) => (p.close = cb),
      write: (d) => {
        p.writes.push(d.toString());
        react(p, d.toString());
      },
      endStdin: () => (p.ended = true),
      kill: () => {
        p.killed = true;
        p.close(null, 'KILL');
      },
    },
  };
  return p;
}
interface Fake {
  writes: string[];
  ended: boolean;
  killed: boolean;
  out: (s: string) => void;
  err: (s: string) => void;
  close: (code: number | null, signal: string | null) => void;
  handle: ProcessHandle;
}

describe('runSession', () => {
  it('writes stdin, closes it, and collects output and exit code', async () => {
    const p = fakeProcess((f, w) => {
      f.out(w.toUpperCase());
      f.close(0, null);
    });
    const r = await runSession(p.handle, { stdin: 'hello' });
    expect(p.writes).toEqual(['hello']);
    expect(p.ended).toBe(true);
    expect(r).toMatchObject({ exitCode: 0, timedOut: false });
    expect(r.stdout.toString()).toBe('HELLO');
  });

  it('types the sudo password only after the prompt marker, then the command stdin after the success marker', async () => {
    const p = fakeProcess((f, w) => {
      if (w === 'pw\n') f.out(`${markers.success}\n`);
      else if (w === 'data') {
        f.out('got data');
        f.close(0, null);
      }
    });
    const done = runSession(p.handle, { stdin: 'data', sudo: { markers, password: 'pw' } });
    expect(p.writes).toEqual([]); // nothing typed before sudo asks
    p.err(markers.prompt);
    const r = await done;
    expect(p.writes).toEqual(['pw\n', 'data']);
    expect(cleanOutput(r.stdout, markers, ['pw'])).toBe('got data');
  });

  it('does not type the password when sudo does not ask (NOPASSWD, cached)', async () => {
    const p = fakeProcess((f) => f.close(0, null));
    const done = runSession(p.handle, { stdin: 'x', sudo: { markers, password: 'pw' } });
    p.out(`${markers.success}\n`);
    await done;
    expect(p.writes).toEqual(['x']);
  });

  it('stops at the second prompt: wrong password', async () => {
    const p = fakeProcess((f) => f.err(`\nSorry, try again.\n${markers.prompt}`));
    const done = runSession(p.handle, { sudo: { markers, password: 'bad' } });
    p.err(markers.prompt);
    const r = await done;
    expect(r.becomeFailure).toBe('wrong-password');
    expect(p.killed).toBe(true);
    expect(p.writes).toEqual(['bad\n']);
  });

  it('stops when sudo asks and there is no password', async () => {
    const p = fakeProcess(() => undefined);
    const done = runSession(p.handle, { sudo: { markers } });
    p.err(markers.prompt);
    expect((await done).becomeFailure).toBe('no-password');
  });

  it('kills the process at the timeout', async () => {
    const p = fakeProcess(() => undefined);
    const r = await runSession(p.handle, { timeoutMs: 20 });
    expect(r).toMatchObject({ timedOut: true, exitCode: 137 });
    expect(p.killed).toBe(true);
  });

  it('reports timedOut when the host-side timeout (exit 124) ends the command first', async () => {
    vi.useFakeTimers();
    try {
      const p = fakeProcess(() => undefined);
      const done = runSession(p.handle, { timeoutMs: 100, hostTimeout: true });
      vi.advanceTimersByTime(95); // the host started its timer before ours
      p.close(124, null);
      expect(await done).toMatchObject({ timedOut: true, exitCode: 124 });
      expect(p.killed).toBe(false);
      const early = fakeProcess(() => undefined);
      const quick = runSession(early.handle, { timeoutMs: 100, hostTimeout: true });
      vi.advanceTimersByTime(10);
      early.close(124, null); // the command's own 124, long before the timeout
      expect((await quick).timedOut).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers expect prompts and keeps stdin open for them', async () => {
    const p = fakeProcess((f, w) => {
      f.out(`${w.replace('\n', '\r\n')}ok\r\n`); // a PTY echoes what was typed
      f.close(0, null);
    });
    const done = runSession(p.handle, { expect: [{ prompt: 'Password: $', answer: 'sekrit' }], interactive: true });
    p.out('Password: ');
    const r = await done;
    expect(p.writes).toEqual(['sekrit\n']);
    expect(p.ended).toBe(false);
    expect(cleanOutput(r.stdout, undefined, ['sekrit'])).toBe('Password: ********\r\nok\r\n');
  });
});

describe('output cleaning', () => {
  it('removes the sudo prompt and the success marker line (LF and CRLF)', () => {
    const text = `${markers.prompt}${markers.success}\r\nhello\n`;
    expect(cleanOutput(Buffer.from(text), markers, [])).toBe('hello\n');
  });

  it("drops sudo's own talk before its prompt, and the newline echoed after the password on a PTY", () => {
    const pty = `\r\nWe trust you have received the usual lecture...\r\n\r\n${markers.prompt}\r\n${markers.success}\r\nroot\r\n`;
    expect(cleanOutput(Buffer.from(pty), markers, [])).toBe('root\r\n');
    expect(cleanOutput(Buffer.from(`lecture\n${markers.prompt}`), markers, [])).toBe('');
    expect(cleanOutput(Buffer.from('no prompt here\n'), markers, [])).toBe('no prompt here\n');
  });

  it('strips the marker from binary output without touching other bytes', () => {
    const bin = Buffer.concat([Buffer.from(`${markers.success}\n`), Buffer.from([0, 255, 10, 1])]);
    expect([...stripSuccessMarker(bin, markers)]).toEqual([0, 255, 10, 1]);
  });
});
