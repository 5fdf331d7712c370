/**
 * The machine guard: lab hosts share the kernel of the machine the tests run on, so machine-wide
 * settings (vm.* sysctls, transparent huge pages, swap) must never change when a test runs.
 * Suites snapshot them before and assert them unchanged after.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { MachineSnapshot } from './api.js';

function readOr(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined; // write-only sysctls (vm.drop_caches) and absent files
  }
}

/** Reads the machine's own vm.* sysctls, THP mode and swap list. */
export function snapshotMachine(): MachineSnapshot {
  const vm: Record<string, string> = {};
  for (const key of readdirSync('/proc/sys/vm').sort()) {
    const v = readOr(`/proc/sys/vm/${key}`);
    if (v !== undefined) vm[`vm.${key}`] = v;
  }
  const thp: Record<string, string> = {};
  for (const f of ['enabled', 'defrag']) {
    const v = readOr(`/sys/kernel/mm/transparent_hugepage/${f}`);
    if (v !== undefined) thp[f] = v;
  }
  return { vm, thp, swaps: readOr('/proc/swaps') ?? '' };
}

/** Throws, listing every difference, if the machine's settings differ from `before`. */
export function assertMachineUnchanged(before: MachineSnapshot): void {
  const now = snapshotMachine();
  const diffs: string[] = [];
  const keys = new Set([...Object.keys(before.vm), ...Object.keys(now.vm)]);
  for (const k of keys) {
    if (before.vm[k] !== now.vm[k]) diffs.push(`${k}: ${before.vm[k]} -> ${now.vm[k]}`);
  }
  for (const f of ['enabled', 'defrag']) {
    if (before.thp[f] !== now.thp[f]) diffs.push(`transparent_hugepage/${f}: ${before.thp[f]} -> ${now.thp[f]}`);
  }
  if (before.swaps !== now.swaps) diffs.push(`/proc/swaps:\n${before.swaps}\n->\n${now.swaps}`);
  if (diffs.length > 0) throw new Error(`the test machine's own settings changed:\n${diffs.join('\n')}`);
}
