/**
 * Become as a command wrapper: the command string a channel runs for a task that needs another
 * user. The sudo password never appears here; the session writes it to stdin when sudo prints
 * our prompt marker (see session.ts). Pure, so it is unit-tested.
 */
import { shQuote } from '../text/shlex.js';

/** A valid environment variable name (what `export NAME=...` accepts). */
export function isEnvName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** Random markers of one transport: sudo's prompt (`-p`) and a line printed once sudo let us in. */
export interface BecomeMarkers {
  prompt: string;
  success: string;
}

export interface CommandSpec {
  command: string;
  /** The SSH login user. */
  loginUser: string;
  /** Target user when becoming (undefined: no become). */
  becomeUser?: string;
  /** Login shell for the target user (`sudo -i`), so its profile is read. */
  login?: boolean;
  cwd?: string;
  env?: Record<string, string>;
  /** A PTY is allocated: sudo then reads the password from the terminal with echo off. */
  pty?: boolean;
  /** Let the host kill the command after this long (see `innerScript`). */
  timeoutMs?: number;
}

export interface WrappedCommand {
  command: string;
  /** sudo may prompt: the session must watch for `markers.prompt`/`markers.success`. */
  sudo: boolean;
}

/** The command with cwd and env applied, as the target user will run it. */
export function innerScript(spec: Pick<CommandSpec, 'command' | 'cwd' | 'env' | 'timeoutMs' | 'pty'>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(spec.env ?? {})) {
    if (!isEnvName(k)) throw new Error(`invalid environment variable name: ${JSON.stringify(k)}`);
    parts.push(`export ${k}=${shQuote(v)}`);
  }
  if (spec.cwd !== undefined) parts.push(`cd ${shQuote(spec.cwd)} || exit 1`);
  if (spec.timeoutMs === undefined) parts.push(spec.command);
  else {
    // The host enforces the timeout itself: sshd refuses "signal" requests for root logins, and
    // closing the channel does not stop a command without a PTY. GNU timeout kills the command's
    // whole process group (TERM, then KILL 2 s later); over a PTY it must stay in the foreground
    // to read the terminal, and the PTY's hangup then takes care of the rest.
    const secs = (Math.max(1, spec.timeoutMs) / 1000).toFixed(3);
    const run = `timeout ${spec.pty ? '--foreground ' : ''}-k 2 ${secs} /bin/sh -c ${shQuote(spec.command)}`;
    parts.push(`if command -v timeout >/dev/null 2>&1; then exec ${run}; else exec /bin/sh -c ${shQuote(spec.command)}; fi`);
  }
  return parts.join('\n');
}

/**
 * Wrap a command for the channel. Decisions:
 * - no become, or becoming the login user itself: `sh -c`, nothing else;
 * - root login: `sudo -u USER` when sudo exists, else `su` (root needs no password for either);
 * - other login users: `sudo -S -p MARKER` (no `-S` over a PTY), with a success marker echoed
 *   by the target user so the session knows when the command's own stdin starts.
 */
export function wrapCommand(spec: CommandSpec, markers: BecomeMarkers): WrappedCommand {
  const inner = innerScript(spec);
  const target = spec.becomeUser;
  if (target === undefined || (target === spec.loginUser && !spec.login)) {
    return { command: `exec /bin/sh -c ${shQuote(inner)}`, sudo: false };
  }
  if (target === spec.loginUser) {
    // A login shell for ourselves needs no sudo: the login shell (sshd sets $SHELL) reads the profile.
    return { command: `exec "\${SHELL:-/bin/sh}" -l -c ${shQuote(inner)}`, sudo: false };
  }
  const u = shQuote(target);
  const shell = `/bin/sh -c ${shQuote(inner)}`;
  if (spec.loginUser === 'root') {
    const loginShell = `/bin/sh -c ${shQuote(`eval "$(echo ${Buffer.from(inner).toString('base64')} | base64 -d)"`)}`;
    const viaSudo = spec.login ? `sudo -H -u ${u} -i -- ${loginShell}` : `sudo -H -u ${u} -- ${shell}`;
    // `su -` runs the target's own login shell, which then reads its profile.
    const viaSu = spec.login ? `su - ${u} -c ${shQuote(inner)}` : `su ${u} -s /bin/sh -c ${shQuote(inner)}`;
    return { command: `if command -v sudo >/dev/null 2>&1; then exec ${viaSudo}; else exec ${viaSu}; fi`, sudo: false };
  }
  // `sudo -i` backslash-escapes the command for the login shell, and an escaped newline is a line
  // continuation, so a multi-line script would be joined: pass it base64-encoded to `eval` instead.
  const body = spec.login ? `eval "$(echo ${Buffer.from(inner).toString('base64')} | base64 -d)"` : inner;
  const withMarker = `/bin/sh -c ${shQuote(`echo ${markers.success}; ${body}`)}`;
  const stdinFlag = spec.pty ? '' : '-S ';
  return {
    command: `exec sudo ${stdinFlag}-p ${shQuote(markers.prompt)} -H -u ${u}${spec.login ? ' -i' : ''} -- ${withMarker}`,
    sudo: true,
  };
}
