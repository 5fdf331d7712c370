import { dirname } from 'node:path';
import type { VarsLoader } from '../../../src/inventory/loader.js';

/** An in-memory VarsLoader: paths -> file contents; directories are implied by the paths. */
export function memoryLoader(files: Record<string, string>): VarsLoader {
  const dirs = new Set<string>();
  for (const p of Object.keys(files)) for (let d = dirname(p); d !== '/' && d !== '.'; d = dirname(d)) dirs.add(d);
  return {
    kind: (p) => (p in files ? 'file' : dirs.has(p) ? 'dir' : 'missing'),
    list: (dir) => [...new Set([...Object.keys(files), ...dirs].filter((p) => dirname(p) === dir).map((p) => p.slice(dir.length + 1)))],
    readText: (p) => {
      const t = files[p];
      if (t === undefined) throw new Error(`no file ${p}`);
      return t;
    },
  };
}
