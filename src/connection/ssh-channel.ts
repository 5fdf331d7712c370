/**
 * An ssh2 exec channel as the session's process surface. The exit status is recorded from the
 * moment the channel exists: ssh2 parses a whole socket read synchronously, so for a quick command
 * the exec reply, `exit-status` and the close often arrive in one read — an 'exit' listener added a
 * promise tick later would miss the status and the command would look killed (exit code -1).
 */
import type { ClientChannel } from 'ssh2';
import type { ProcessHandle } from './session.js';

interface ExitStatus {
  code: number | null;
  signal: string | null;
}

const exits = new WeakMap<ClientChannel, ExitStatus>();

/** Start recording the channel's exit status; call it inside ssh2's exec callback, before any await. */
export function watchExit<C extends ClientChannel | undefined>(ch: C): C {
  if (ch && !exits.has(ch)) {
    exits.set(ch, { code: null, signal: null });
    // ssh2 names signals 'SIGTERM'; the session (like the local transport) expects 'TERM'.
    ch.on('exit', (code: number | null, signal?: string) => exits.set(ch, { code: code ?? null, signal: signal ? signal.replace(/^SIG/, '') : null }));
  }
  return ch;
}

/** Adapt an exec channel (already passed through `watchExit`) to the session's process surface. */
export function channelHandle(ch: ClientChannel): ProcessHandle {
  watchExit(ch);
  return {
    onStdout: (cb) => ch.on('data', cb),
    onStderr: (cb) => ch.stderr.on('data', cb),
    onClose: (cb) =>
      ch.on('close', () => {
        const e = exits.get(ch);
        cb(e?.code ?? null, e?.signal ?? null);
      }),
    write: (d) => void ch.write(d),
    endStdin: () => void ch.end(),
    kill: () => {
      // TERM first so sudo can pass it on to the command; then KILL and drop the channel.
      ch.signal('TERM');
      setTimeout(() => {
        ch.signal('KILL');
        ch.close();
      }, 1000).unref();
    },
  };
}
