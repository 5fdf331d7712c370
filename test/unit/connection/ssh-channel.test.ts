import { EventEmitter } from 'node:events';
import type { ClientChannel } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { runSession } from '../../../src/connection/session.js';
import { channelHandle, watchExit } from '../../../src/connection/ssh-channel.js';

/** Just enough of an ssh2 exec channel: events, stderr, end/signal/close. */
function fakeChannel(): ClientChannel & EventEmitter {
  const ch = new EventEmitter() as EventEmitter & Record<string, unknown>;
  ch.stderr = new EventEmitter();
  ch.end = () => undefined;
  ch.write = () => true;
  ch.signal = () => undefined;
  ch.close = () => undefined;
  return ch as unknown as ClientChannel & EventEmitter;
}

describe('ssh exec channel', () => {
  it('keeps an exit status that arrived in the same read as the exec reply (before the session listens)', async () => {
    const ch = fakeChannel();
    // ssh2's exec callback: watchExit runs at once, then exit-status is parsed synchronously.
    watchExit(ch);
    ch.emit('exit', 0);
    const session = runSession(channelHandle(ch), {});
    ch.emit('data', Buffer.from('done\n'));
    ch.emit('close');
    const r = await session;
    expect(r.exitCode).toBe(0);
    expect(r.stdout.toString()).toBe('done\n');
  });

  it('maps ssh2 signal names (SIGKILL) to 128 + signal number', async () => {
    const ch = watchExit(fakeChannel());
    ch.emit('exit', null, 'SIGKILL');
    const session = runSession(channelHandle(ch), {});
    ch.emit('close');
    expect((await session).exitCode).toBe(137);
  });

  it('a channel closed without any exit status still reports -1', async () => {
    const ch = watchExit(fakeChannel());
    const session = runSession(channelHandle(ch), {});
    ch.emit('close');
    expect((await session).exitCode).toBe(-1);
  });
});
