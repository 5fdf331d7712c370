/**
 * The connection contract. A Transport is one long-lived connection to one host (docs/architecture.md §3.3:
 * one SSH connection per host for the whole run, many channels over it). Only the engine's apply
 * step and the fact reader call it.
 */

/** Run a command as another user (sudo). `user` defaults to root. */
export interface Become {
  user?: string;
}

/**
 * Answer a prompt of an interactive program (the `expect` module, OM password prompts).
 * `answer` is a secret by default: it is written to the PTY, never logged.
 */
export interface ExpectRule {
  /** Regular expression source matched against the output seen so far since the last answer. */
  prompt: string;
  /** RegExp flags for `prompt` (default `m`); a translated Python pattern brings its own. */
  flags?: string;
  answer: string;
  /** Answer at most this many times (default: unlimited). */
  times?: number;
}

export interface ExecOptions {
  /** Data written to the command's stdin (after any sudo password, which the transport adds). */
  stdin?: string | Buffer;
  /** Kill the channel and report `timedOut` after this many milliseconds. */
  timeoutMs?: number;
  become?: Become;
  /** Allocate a PTY (needed by programs that read passwords from the terminal). */
  pty?: boolean;
  /** Prompts to answer; implies `pty`. */
  expect?: ExpectRule[];
  cwd?: string;
  /** Extra environment, exported in the remote shell before the command (never secrets). */
  env?: Record<string, string>;
  /** Login shell for the become user (`sudo -i`), so its profile (.bashrc) is read. */
  login?: boolean;
  /** Called with the command's output (stdout and stderr) as it arrives, after any sudo handshake. */
  onOutput?: (chunk: Buffer) => void;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

export interface UploadOptions {
  /** Octal string, e.g. "0644". */
  mode?: string;
  owner?: string;
  group?: string;
  /** Place the file as root (via sudo) instead of as the login user. */
  become?: boolean;
  /** Called with the bytes written so far, as the upload goes. */
  onProgress?: (bytes: number) => void;
}

export interface TransportStats {
  /** Exec/SFTP channels opened so far (round trips). */
  channels: number;
  /** Connections opened so far (should stay 1 for a run). */
  connections: number;
}

export interface Transport {
  /** Inventory name of the host. */
  readonly host: string;
  /** Run `command` with `sh -c` on the host. Never rejects for a non-zero exit; rejects only when the host cannot be reached. */
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  /** Atomically place `content` at `dest` (temp file + rename), with owner/mode. */
  upload(content: Buffer, dest: string, opts?: UploadOptions): Promise<void>;
  /** Read a remote file (as root when `become`). */
  download?(path: string, opts?: { become?: boolean }): Promise<Buffer>;
  stats(): TransportStats;
  close(): Promise<void>;
}

/** A host could not be reached or authenticated. Its message is user-facing. */
export class UnreachableError extends Error {
  constructor(
    readonly host: string,
    message: string,
  ) {
    super(message);
    this.name = 'UnreachableError';
  }
}
