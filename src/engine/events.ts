/**
 * Typed events: the engine's only output. The progress view, `--json`, the run log and reports
 * listen to them; the engine itself prints nothing. Secrets never reach an event: no_log tasks
 * carry `hidden: true` and no arguments, commands or output.
 */
import type { BaseFacts } from '../facts/base.js';

export type TaskStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';

/** Identifies one task (or handler, or include) across events. */
export interface TaskRef {
  /** Sequence number within the run (unique per executed task node). */
  id: number;
  name: string;
  /** Module name, or "include_tasks". */
  module: string;
  file: string;
  line: number;
  handler: boolean;
  /** no_log: args, commands and results are hidden. */
  hidden: boolean;
}

/** One change planned or applied. */
export interface ChangeInfo {
  description: string;
  /** Loop item label when the task loops. */
  item?: string;
  diff?: { before?: string; after?: string };
}

export interface RunStartEvent {
  type: 'run-start';
  role: string;
  hosts: string[];
  check: boolean;
  time: string;
}

export interface HostFactsEvent {
  type: 'host-facts';
  host: string;
  facts: Pick<BaseFacts, 'distribution' | 'version' | 'family' | 'arch' | 'hostname'>;
}

export interface TaskStartEvent {
  type: 'task-start';
  task: TaskRef;
  hosts: string[];
}

export interface ChangeEvent {
  type: 'change';
  task: TaskRef;
  host: string;
  /** True under --check: planned, not applied. */
  planned: boolean;
  change: ChangeInfo;
}

export interface MessageEvent {
  type: 'message';
  task: TaskRef;
  host: string;
  text: string;
}

/** A command the engine ran (for the run log). Redacted; hidden for no_log tasks. */
export interface CommandEvent {
  type: 'command';
  task?: TaskRef;
  host: string;
  /** "facts" for fact gathering, "exec"/"upload" for changes. */
  purpose: 'facts' | 'exec' | 'upload';
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/**
 * A long step still running: bytes of an upload or download (with the rate), or a command's
 * elapsed time and its last output line. Emitted at most about once a second per step, plus once
 * when it ends (`done`); renderers thin them further (the plain renderer: one line per 10 s).
 * Redacted; a no_log task's command progress carries no output line.
 */
export interface ProgressEvent {
  type: 'progress';
  /** Absent for work on the control machine outside a task (the package download). */
  task?: TaskRef;
  host: string;
  kind: 'upload' | 'download' | 'command';
  /** What is moving or running: the destination path, the URL, the change's description. */
  what: string;
  elapsedMs: number;
  /** Bytes moved so far (upload, download). */
  bytes?: number;
  /** Bytes in all, when known. */
  total?: number;
  /** Bytes per second over the whole step so far. */
  rate?: number;
  /** The command's last non-empty output line so far. */
  lastLine?: string;
  done: boolean;
}

export interface FailureEvent {
  type: 'failure';
  task: TaskRef;
  host: string;
  message: string;
  command?: string;
  /** Last lines of the failing command's output (stderr then stdout). */
  output: string[];
  ignored: boolean;
  unreachable: boolean;
}

export interface HostTaskEndEvent {
  type: 'host-task-end';
  task: TaskRef;
  host: string;
  status: TaskStatus;
  /** Under --check: a "changed" status means planned changes. */
  check: boolean;
  ignored: boolean;
  changes: number;
  durationMs: number;
  /** Why the task was skipped (when false, check mode, ...). */
  reason?: string;
}

export interface TaskEndEvent {
  type: 'task-end';
  task: TaskRef;
  counts: Record<TaskStatus, number>;
}

/** Per-host totals at the end of the run. */
export interface HostSummary {
  ok: number;
  changed: number;
  failed: number;
  skipped: number;
  unreachable: number;
  rescued: number;
  ignored: number;
  /** Final state of the host. */
  state: 'ok' | 'failed' | 'unreachable';
  /** Why the host left the run. */
  failure?: { task: string; file: string; line: number; message: string };
  /** Exec/SFTP channels opened for this host during the run. */
  channels: number;
  /**
   * SSH connections to this host so far: its transport's count, which spans every run of one
   * opener (1 after a whole deploy means one connection per host for all its phases).
   */
  connections: number;
}

export interface RunEndEvent {
  type: 'run-end';
  hosts: Record<string, HostSummary>;
  exitCode: number;
  durationMs: number;
  check: boolean;
}

export type EngineEvent =
  | RunStartEvent
  | HostFactsEvent
  | TaskStartEvent
  | ChangeEvent
  | MessageEvent
  | CommandEvent
  | ProgressEvent
  | FailureEvent
  | HostTaskEndEvent
  | TaskEndEvent
  | RunEndEvent;

/** Where events go. */
export type EventSink = (event: EngineEvent) => void;
