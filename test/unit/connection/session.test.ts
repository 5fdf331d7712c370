import { describe, expect, it } from 'vitest';
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

  it('strips the marker from binary output without touching other bytes', () => {
    const bin = Buffer.concat([Buffer.from(`${markers.success}\n`), Buffer.from([0, 255, 10, 1])]);
    expect([...stripSuccessMarker(bin, markers)]).toEqual([0, 255, 10, 1]);
  });
});
