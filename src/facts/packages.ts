/**
 * Which of some packages are installed (rpm or dpkg, whichever the host has). For rpm a name
 * also counts as installed when an installed package provides it (libselinux-python3 is a
 * provide of python3-libselinux on openEuler), as dnf would see it.
 */
import { shJoin } from '../text/shlex.js';
import type { FactSpec } from './fact.js';

/** name -> installed; `tool: 'none'` when neither rpm nor dpkg exists. */
export interface PackagesInstalled {
  tool: 'rpm' | 'dpkg' | 'none';
  installed: Record<string, boolean>;
}

export function packagesFact(names: readonly string[]): FactSpec<PackagesInstalled> {
  const sorted = [...new Set(names)].sort();
  const list = shJoin(sorted);
  // One `rpm -q` for every name (each rpm start opens the database: tens of ms on a real host);
  // only a name rpm reports as not installed is asked again as a provide. Output from a failing
  // rpm (nothing on stdout) counts every name as missing, never as installed.
  const rpm =
    `echo tool=rpm; afo_out=$(LC_ALL=C rpm -q ${list} 2>/dev/null); ` +
    `[ -n "$afo_out" ] || afo_out=$(for afo_pkg in ${list}; do echo "package $afo_pkg is not installed"; done); ` +
    `afo_miss=" $(printf '%s\\n' "$afo_out" | sed -n 's/^package \\(.*\\) is not installed$/\\1/p' | tr '\\n' ' ') "; ` +
    `for afo_pkg in ${list}; do case "$afo_miss" in *" $afo_pkg "*) ` +
    `if rpm -q --whatprovides "$afo_pkg" >/dev/null 2>&1; then echo "$afo_pkg=1"; else echo "$afo_pkg=0"; fi ;; ` +
    `*) echo "$afo_pkg=1" ;; esac; done; `;
  return {
    id: `packages:${sorted.join(',')}`,
    command:
      // rpm first when dnf/yum is the package manager: the base facts pick dnf/yum before apt-get,
      // so the installed check must ask the same database the install will use.
      `if command -v rpm >/dev/null 2>&1 && { command -v dnf >/dev/null 2>&1 || command -v yum >/dev/null 2>&1; }; then ${rpm}` +
      `elif command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then echo tool=dpkg; ` +
      `for afo_pkg in ${list}; do if dpkg-query -W -f='\${Status}\\n' "$afo_pkg" 2>/dev/null | grep -q ' installed$'; then echo "$afo_pkg=1"; else echo "$afo_pkg=0"; fi; done; ` +
      `elif command -v rpm >/dev/null 2>&1; then ${rpm}` +
      `else echo tool=none; fi`,
    parse(stdout) {
      const lines = stdout.trim().split('\n');
      const tool = lines[0]?.trim().replace(/^tool=/, '');
      if (tool !== 'rpm' && tool !== 'dpkg' && tool !== 'none') throw new Error(`unreadable packages output: ${stdout.slice(0, 100)}`);
      const installed: Record<string, boolean> = {};
      for (const l of lines.slice(1)) {
        const i = l.lastIndexOf('=');
        if (i > 0) installed[l.slice(0, i)] = l.slice(i + 1).trim() === '1';
      }
      return { tool, installed };
    },
  };
}

/**
 * Which of some installed packages have a newer version in the repositories (state: latest).
 * This asks the repositories (dnf check-update / apt-get -s), so only `latest` tasks read it.
 */
export function upgradableFact(names: readonly string[]): FactSpec<string[]> {
  const sorted = [...new Set(names)].sort();
  const list = shJoin(sorted);
  return {
    id: `upgradable:${sorted.join(',')}`,
    command:
      `if command -v apt-get >/dev/null 2>&1; then apt-get -s -q install --only-upgrade ${list} 2>/dev/null | sed -n 's/^Inst \\([^ ]*\\) .*/\\1/p'; ` +
      `else afo_pm=dnf; command -v dnf >/dev/null 2>&1 || afo_pm=yum; $afo_pm -q check-update ${list} 2>/dev/null | awk 'NF==3 {print $1}' | sed 's/\\.[^.]*$//'; fi; true`,
    parse: (stdout) =>
      stdout
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
  };
}
