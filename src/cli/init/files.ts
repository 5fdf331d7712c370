/**
 * What `afo init DIR` writes: the example inventory (inventories/opengauss/hosts.ini, already
 * commented) and group_vars/all.yml generated from roles/opengauss/defaults/main.yml, every value
 * commented out, so the file cannot drift from the defaults it shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { roleDir } from '../../opengauss/deploy/role-dir.js';
import { packageRoot } from '../version.js';

const HEADER = `# group_vars/all.yml written by \`afo init\` from afo's role defaults
# (roles/opengauss/defaults/main.yml). Every value below is commented out and is the default:
# uncomment (remove the "#" right before the key) what you change. Nested maps merge with the
# defaults key by key, so
#   opengauss_env:
#     clusterName: prod1
# changes the cluster name and keeps every other opengauss_env default.
# Precedence (lowest first): afo defaults < hosts.ini [group:vars] < this file and other
# group_vars/ files < host lines in hosts.ini < host_vars/<host>.yml < -e on the command line.

`;

/** Comments stay as they are ("# text"); every YAML line gets a "#" right before it. */
export function commentOut(yamlText: string): string {
  return yamlText
    .split('\n')
    .map((l) => (l.trim() === '' || l.startsWith('#') ? l : `#${l}`))
    .join('\n');
}

export function groupVarsText(): string {
  const defaults = readFileSync(join(roleDir(), 'defaults', 'main.yml'), 'utf8');
  // The defaults file's own header speaks of copying into group_vars: this file is that copy.
  const body = defaults.replace(/^(#.*\n)+\n?/, '');
  return HEADER + commentOut(body);
}

export function hostsIniText(): string {
  return readFileSync(join(packageRoot(), 'inventories', 'opengauss', 'hosts.ini'), 'utf8');
}
