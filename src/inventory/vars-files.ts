/**
 * group_vars/ and host_vars/ beside the inventory, found the way Ansible's host_group_vars plugin
 * and DataLoader.find_vars_files find them: for a name, the first of `<name>` (file or directory),
 * `<name>.yml`, `<name>.yaml`, `<name>.json` that exists wins (so `all.yml` shadows `all.yaml`); a
 * directory contributes all its files (sorted, recursively; hidden files and `~` backups skipped)
 * and later files replace earlier top-level keys.
 */
import { join } from 'node:path';
import { loadVarsFile, type VarsLoader } from './loader.js';
import type { Inventory, VarValue, Vars, VarsFileSet } from './types.js';

const EXTENSIONS = ['.yml', '.yaml', '.json'];

function dirFiles(loader: VarsLoader, dir: string): string[] {
  const found: string[] = [];
  for (const name of [...loader.list(dir)].sort()) {
    if (name.startsWith('.') || name.endsWith('~')) continue;
    const full = join(dir, name);
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? name.slice(dot) : '';
    const kind = loader.kind(full);
    if (kind === 'dir' && !ext) found.push(...dirFiles(loader, full));
    else if (kind === 'file' && (!ext || EXTENSIONS.includes(ext))) found.push(full);
  }
  return found;
}

/** The files Ansible reads for `name` under `base` (e.g. <inventory dir>/group_vars). */
export function findVarsFiles(loader: VarsLoader, base: string, name: string): string[] {
  for (const ext of ['', ...EXTENSIONS]) {
    const path = join(base, name + ext);
    const kind = loader.kind(path);
    if (kind === 'dir') return dirFiles(loader, path);
    if (kind === 'file') return [path];
  }
  return [];
}

export function loadVarsFileSet(loader: VarsLoader, base: string, name: string): VarsFileSet | undefined {
  // Names that look like absolute paths are never looked up (Ansible: chroot-style host names).
  if (name.startsWith('/')) return undefined;
  const files = findVarsFiles(loader, base, name);
  if (files.length === 0) return undefined;
  const vars: Vars = {};
  for (const f of files) {
    const data = loadVarsFile(loader, f);
    if (data) Object.assign(vars, data as Record<string, VarValue>);
  }
  return { files, vars };
}

/** Fills `groupVarsFiles`/`hostVarsFiles` for every group and host of the inventory. */
export function attachVarsFiles(inv: Inventory, loader: VarsLoader): Inventory {
  for (const [sub, names, target] of [
    ['group_vars', inv.groupOrder, inv.groupVarsFiles],
    ['host_vars', inv.hostOrder, inv.hostVarsFiles],
  ] as const) {
    const base = join(inv.dir, sub);
    const kind = loader.kind(base);
    if (kind === 'missing') continue;
    if (kind === 'file') {
      inv.warnings.push(`${base} is not a directory; ignored`);
      continue;
    }
    for (const name of names) {
      const set = loadVarsFileSet(loader, base, name);
      if (!set) continue;
      target[name] = set;
      const present = ['', ...EXTENSIONS].map((e) => join(base, name + e)).filter((p) => loader.kind(p) !== 'missing');
      for (const p of present.slice(1)) inv.warnings.push(`${p} is ignored: ${present[0]} is read instead (Ansible reads only the first); merge them`);
    }
    // Ansible ignores these silently; a typo in a file name would lose the user's settings.
    for (const entry of [...loader.list(base)].sort()) {
      if (entry.startsWith('.') || entry.endsWith('~')) continue;
      const ext = EXTENSIONS.find((e) => entry.endsWith(e)) ?? '';
      const name = entry.slice(0, entry.length - ext.length);
      if (!names.includes(name)) {
        inv.warnings.push(`${join(base, entry)} is not used: there is no ${sub === 'group_vars' ? 'group' : 'host'} '${name}' in ${inv.file}`);
      }
    }
  }
  return inv;
}
