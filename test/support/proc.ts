import { readFileSync } from 'node:fs';

/** True while a process of this machine runs (a zombie waiting to be reaped counts as gone). */
export function running(pid: string | number): boolean {
  try {
    // the state follows the command name, which is in parentheses and may hold spaces
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}
