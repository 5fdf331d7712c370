/** The lab hosts the bench runs on, one lab per host count: the lab's own helpers (test/lab/lab.ts). */
import { join } from 'node:path';
import type { Lab } from '../../test/lab/api.js';
import { labDown, labUp } from '../../test/lab/lab.js';
import type { LabSpec } from './options.js';

/** A running lab with the spec it was started from. */
export interface BenchLab extends Lab {
  spec: LabSpec;
  /** The lab's ssh_config (Host entries by host name, the lab's key and known_hosts). */
  sshConfig: string;
  /** Host names, in the lab's order. */
  names: string[];
}

/** (Re)start the lab: every host comes back from the image, i.e. a fresh state. */
export async function benchLabUp(spec: LabSpec): Promise<BenchLab> {
  const lab = await labUp({ name: spec.name, net: spec.net, hosts: spec.size });
  return { ...lab, spec, sshConfig: join(lab.dir, 'ssh_config'), names: lab.hosts.map((h) => h.name) };
}

export function benchLabDown(spec: LabSpec): Promise<void> {
  return labDown(spec.name);
}
