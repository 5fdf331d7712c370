/**
 * The one rule for asking before a change (docs/architecture.md §7.3), shared by afo deploy,
 * expand, switchover and scale-in, like TiUP: --check never asks; -y (--yes) proceeds without
 * asking; on a terminal the plan is shown and "Proceed? [y/N]" asked; without a terminal and
 * without -y the command refuses (exit 2) — checked before any connection, so nothing changes.
 */
import { UserError } from '../errors.js';

export type ConfirmMode = 'skip' | 'ask' | 'refuse';

export interface ConfirmInput {
  check: boolean;
  yes: boolean;
  /** stdin is a terminal. */
  tty: boolean;
}

/** skip: no question (--check or -y); ask: show the plan and ask; refuse: no terminal and no -y. */
export function confirmMode(i: ConfirmInput): ConfirmMode {
  if (i.check || i.yes) return 'skip';
  return i.tty ? 'ask' : 'refuse';
}

/** The error of `refuse`, naming the command and -y. */
export function noTerminalError(what: string): UserError {
  return new UserError(
    `${what} changes the cluster and asks first, but stdin is not a terminal to answer: pass -y (--yes) to proceed without asking (or --check to only see the plan); nothing was changed`,
  );
}

/** Throws noTerminalError before anything runs when the answer could never be given. */
export function refuseWithoutTerminal(what: string, i: ConfirmInput): void {
  if (confirmMode(i) === 'refuse') throw noTerminalError(what);
}
