/**
 * An ssh2 exec channel as the session's process surface (session.ts), with a kill that works
 * after stdin was closed.
 */
import type { ClientChannel } from 'ssh2';
import type { ProcessHandle } from './session.js';

/** Adapt an ssh2 exec channel to the session's process surface. */
export function channelHandle(ch: ClientChannel): ProcessHandle {
  // A write racing the channel's close ("write after end") must not become an uncaught 'error':
  // the outcome is reported through 'close' (and a lost connection through the transport).
  ch.on('error', () => undefined);
  ch.stderr.on('error', () => undefined);
  return {
    onStdout: (cb) => ch.on('data', cb),
    onStderr: (cb) => ch.stderr.on('data', cb),
    // Use the exit status ssh2 hands to 'close': an 'exit' event can fire before any listener is
    // attached, when a fast command's whole output arrives in the same TCP read as the open reply.
    onClose: (cb) =>
      ch.on('close', (code?: number | null, signal?: string) => cb(typeof code === 'number' ? code : null, signal ? signal.replace(/^SIG/, '') : null)),
    write: (d) => {
      if (ch.writable) ch.write(d);
    },
    endStdin: () => {
      if (ch.writable) ch.end();
    },
    kill: () => {
      // TERM first (sshd signals the command's process group; sudo passes it on), then KILL and
      // drop the channel. sshd keeps a session open until its command exits, so the signal matters.
      sendSignal(ch, 'TERM');
      setTimeout(() => {
        sendSignal(ch, 'KILL');
        ch.close();
      }, 1000).unref();
    },
  };
}

/**
 * ssh2's `channel.signal()` does nothing once stdin was ended (it checks `writable`), but a
 * "signal" request is legal until the channel closes: send it through the protocol object.
 */
function sendSignal(ch: ClientChannel, name: 'TERM' | 'KILL'): void {
  const c = ch as unknown as { outgoing?: { id: number; state: string }; _client?: { _protocol?: { signal(id: number, s: string): void } } };
  if (c.outgoing && (c.outgoing.state === 'open' || c.outgoing.state === 'eof') && c._client?._protocol) c._client._protocol.signal(c.outgoing.id, name);
  else ch.signal(name);
}
