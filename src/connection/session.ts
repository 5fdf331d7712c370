/**
 * One running command, whatever carries it (an ssh2 channel or a local child process):
 * stdin, the sudo password handshake, expect answers, timeout, and collecting the output.
 * The transports adapt their process object to `ProcessHandle` and call `runSession`.
 */
import { ExpectMatcher, maskSecrets } from './expect.js';
import type { BecomeMarkers } from './become.js';
import type { ExecResult, ExpectRule } from './transport.js';

/** The minimal surface of a running remote or local process. */
export interface ProcessHandle {
  onStdout(cb: (chunk: Buffer) => void): void;
  onStderr(cb: (chunk: Buffer) => void): void;
  /** Called once, when the process and its streams are done. */
  onClose(cb: (exitCode: number | null, signal: string | null) => void): void;
  write(data: string | Buffer): void;
  endStdin(): void;
  kill(): void;
}

export interface SessionOptions {
  stdin?: string | Buffer;
  timeoutMs?: number;
  expect?: readonly ExpectRule[];
  /** Set when the command was wrapped in a sudo that may prompt (become.ts). */
  sudo?: { markers: BecomeMarkers; password?: string };
  /** Keep stdin open for expect answers (PTY sessions) instead of closing it after `stdin`. */
  interactive?: boolean;
  /** The command runs under GNU timeout on the host (become.ts): its exit status 124 means "timed out". */
  hostTimeout?: boolean;
  /** Output as it arrives, once the command itself runs (never sudo's own talk). */
  onOutput?: (chunk: Buffer) => void;
}

export interface RawResult {
  exitCode: number;
  stdout: Buffer;
  stderr: Buffer;
  timedOut: boolean;
  /** Set when sudo asked for a password it did not get or refused the one it got. */
  becomeFailure?: 'no-password' | 'wrong-password';
  /** Set when expect stopped the program (a prompt came back after its answers ran out). */
  expectError?: string;
}

const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, PIPE: 13, TERM: 15 };

export function runSession(proc: ProcessHandle, opts: SessionOptions): Promise<RawResult> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let seen = ''; // text scanned for sudo markers (both streams: a PTY merges them)
    let promptsSeen = 0;
    let started = opts.sudo === undefined; // the command itself runs (sudo done)
    let timedOut = false;
    let failure: RawResult['becomeFailure'];
    let expectError: string | undefined;
    let done = false;
    const startedAt = Date.now();
    const matcher = opts.expect && opts.expect.length > 0 ? new ExpectMatcher(opts.expect) : undefined;

    const startCommand = () => {
      started = true;
      if (opts.stdin !== undefined && opts.stdin.length > 0) proc.write(opts.stdin);
      if (!opts.interactive) proc.endStdin();
    };
    const stop = () => {
      proc.kill();
      // A dead connection may never report the close: do not wait on it forever.
      setTimeout(() => finish(null, null), 3000).unref();
    };
    const watchSudo = (chunk: Buffer) => {
      if (started || !opts.sudo) return;
      seen += chunk.toString('latin1');
      const { prompt, success } = opts.sudo.markers;
      const prompts = seen.split(prompt).length - 1;
      if (seen.includes(success)) return startCommand();
      if (prompts > promptsSeen) {
        promptsSeen = prompts;
        if (opts.sudo.password === undefined) failure = 'no-password';
        else if (prompts > 1) failure = 'wrong-password';
        else return proc.write(`${opts.sudo.password}\n`);
        stop();
      }
    };
    const watchExpect = (chunk: Buffer) => {
      if (!matcher || !started || expectError) return;
      const step = matcher.feed(chunk.toString('utf8'));
      for (const w of step.writes) proc.write(w);
      if (step.error) {
        expectError = step.error;
        stop();
      }
    };
    const finish = (code: number | null, signal: string | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // The host's timer may fire just before ours (it started first).
      if (opts.hostTimeout && opts.timeoutMs !== undefined && code === 124 && Date.now() - startedAt >= opts.timeoutMs * 0.9) timedOut = true;
      resolve({
        exitCode: code ?? (signal && SIGNALS[signal] ? 128 + SIGNALS[signal] : -1),
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err),
        timedOut,
        ...(failure ? { becomeFailure: failure } : {}),
        ...(expectError ? { expectError } : {}),
      });
    };

    const live = (c: Buffer, wasStarted: boolean) => {
      if (wasStarted && opts.onOutput) opts.onOutput(c);
    };
    proc.onStdout((c) => {
      const wasStarted = started;
      out.push(c);
      watchSudo(c);
      watchExpect(c);
      live(c, wasStarted);
    });
    proc.onStderr((c) => {
      const wasStarted = started;
      err.push(c);
      watchSudo(c);
      live(c, wasStarted);
    });
    proc.onClose(finish);
    const timer =
      opts.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            stop();
          }, opts.timeoutMs)
        : undefined;
    if (started) startCommand();
  });
}

/** Remove the sudo markers from captured output and mask secrets; returns UTF-8 text. */
export function cleanOutput(buf: Buffer, markers: BecomeMarkers | undefined, secrets: readonly string[]): string {
  let text = buf.toString('utf8');
  if (markers) {
    // Everything up to sudo's (last) prompt is sudo's own talk (the first-use lecture, "Sorry,
    // try again."); on a PTY the Enter typed after the password echoes as a newline.
    const last = text.lastIndexOf(markers.prompt);
    if (last >= 0) text = text.slice(last + markers.prompt.length).replace(/^\r\n/, '');
    text = text.replace(new RegExp(`${markers.success}\\r?\\n`), '');
  }
  return maskSecrets(text, secrets);
}

/** A finished session as the Transport contract reports it: text output, markers gone, secrets masked. */
export function toExecResult(raw: RawResult, markers: BecomeMarkers | undefined, secrets: readonly string[], startedAt: number): ExecResult {
  return {
    exitCode: raw.exitCode,
    stdout: cleanOutput(raw.stdout, markers, secrets),
    stderr: cleanOutput(raw.stderr, markers, secrets) + (raw.expectError ? `${raw.expectError}\n` : ''),
    durationMs: Date.now() - startedAt,
    timedOut: raw.timedOut,
  };
}

/** Remove the success marker line from binary output (downloads through sudo). */
export function stripSuccessMarker(buf: Buffer, markers: BecomeMarkers): Buffer {
  const line = Buffer.from(`${markers.success}\n`);
  const i = buf.indexOf(line);
  return i < 0 ? buf : Buffer.concat([buf.subarray(0, i), buf.subarray(i + line.length)]);
}
