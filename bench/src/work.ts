/**
 * What is run: the OS-preparation part of roles/opengauss when it is there (afo with --tags os),
 * else the stand-in bench/roles/osprep (same kinds of tasks, same modules); and the Ansible
 * playbook that does the same work.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface Work {
  /** Shown in the output: which role's OS preparation was timed. */
  label: string;
  role: string;
  afoArgs: string[];
  playbook: string;
  note?: string;
}

export function chooseWork(repo: string): Work {
  const real = join(repo, 'roles/opengauss');
  const marker = join(repo, 'bench/ansible/opengauss-os.yml');
  if (existsSync(join(real, 'tasks/os.yml')) && existsSync(marker)) {
    return {
      label: 'roles/opengauss --tags os',
      role: real,
      afoArgs: ['--tags', 'os', '-e', `@${join(repo, 'bench/opengauss-vars.yml')}`],
      playbook: marker,
    };
  }
  return {
    label: 'bench/roles/osprep (stand-in)',
    role: join(repo, 'bench/roles/osprep'),
    afoArgs: [],
    playbook: join(repo, 'bench/ansible/osprep.yml'),
    note: "roles/opengauss has no usable OS-preparation part yet: timing the stand-in bench/roles/osprep (users, directories, sysctl file and live values, symlink, MTU, limits, a templated file; the same modules)",
  };
}
