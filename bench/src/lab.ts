/** The lab hosts the bench runs on (test/lab/lab.sh), one lab per host count. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { must } from './measure.js';

export interface LabSpec {
  name: string;
  net: string;
  size: number;
}

export interface LabInfo {
  spec: LabSpec;
  dir: string;
  inventory: string;
  sshConfig: string;
  hosts: string[];
}

function env(spec: LabSpec, cache: string): Record<string, string> {
  return { AFO_LAB: spec.name, AFO_LAB_NET: spec.net, AFO_LAB_CACHE: cache };
}

/** (Re)start the lab: every host comes back from the image, i.e. a fresh state. */
export async function labUp(repo: string, spec: LabSpec, cache: string): Promise<LabInfo> {
  await must(`lab ${spec.name} up ${spec.size}`, 'bash', [join(repo, 'test/lab/lab.sh'), 'up', String(spec.size)], { env: env(spec, cache) });
  const dir = join(repo, `.lab-${spec.name}`);
  const info = JSON.parse(readFileSync(join(dir, 'hosts.json'), 'utf8')) as { hosts: { name: string }[] };
  return { spec, dir, inventory: join(dir, 'inventory.ini'), sshConfig: join(dir, 'ssh_config'), hosts: info.hosts.map((h) => h.name) };
}

export async function labDown(repo: string, spec: LabSpec, cache: string): Promise<void> {
  await must(`lab ${spec.name} down`, 'bash', [join(repo, 'test/lab/lab.sh'), 'down'], { env: env(spec, cache) });
}
