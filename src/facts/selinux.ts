/**
 * SELinux's live mode (`getenforce`: Enforcing / Permissive / Disabled), or undefined when the
 * host has no SELinux tools at all. The config file is read with the file-content fact.
 */
import type { FactSpec } from './fact.js';

export type SelinuxLive = 'Enforcing' | 'Permissive' | 'Disabled' | undefined;

export const selinuxFact: FactSpec<SelinuxLive> = {
  id: 'selinux',
  command: `if command -v getenforce >/dev/null 2>&1; then getenforce 2>/dev/null || echo Disabled; else echo none; fi`,
  parse(stdout) {
    const s = stdout.trim();
    if (s === 'none') return undefined;
    if (s === 'Enforcing' || s === 'Permissive' || s === 'Disabled') return s;
    throw new Error(`unreadable getenforce output: ${s.slice(0, 100)}`);
  },
};
