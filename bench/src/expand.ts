/**
 * What an expand costs (issue 13 item 4): as `npm run demo -- expand` does, the lab's first host is
 * deployed alone, then the inventory grows to the demo topology (a standby and a cascade; CM comes
 * with the third data node, docs/architecture.md §5.1) and `afo expand -y` is timed as deploy's
 * figure is (bench/src/deploy.ts). The deploy that prepares it is not part of the figure.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { demoRoles, runAfoCost, writeBenchInventory, type DeployCost } from './deploy.js';
import type { BenchLab } from './lab.js';

/** On a freshly restarted lab of 3 hosts: deploy the first host (untimed), then time the expand. */
export async function runExpandCost(main: string, lab: BenchLab, pkg: string): Promise<DeployCost> {
  // An inventory directory of its own: the secrets file next to it must be this cluster's.
  const dir = join(lab.dir, 'bench-expand');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const inv = join(dir, 'hosts.ini');
  const full = demoRoles(lab);
  await runAfoCost(main, 'deploy', lab, writeBenchInventory(lab, inv, { primary: full.primary }), pkg, 'installed');
  return runAfoCost(main, 'expand', lab, writeBenchInventory(lab, inv, full), pkg, 'expanded');
}
