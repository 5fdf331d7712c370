/** Calls the stand-in's Python code (unit/driver.py) with one JSON request. */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DRIVER = join(dirname(fileURLToPath(import.meta.url)), 'driver.py');

export interface PyResult {
  ok: boolean;
  text?: string;
  rc?: number;
  error?: string;
  results?: (string | null)[];
  cluster?: {
    clusterName: string;
    nodes: { id: number; name: string; backIp: string; cmDir: string | null; cmPort: number | null }[];
    dns: { instanceId: number; name: string; ip: string; port: number; dataDir: string; letter: string }[];
    cm: { portBase: number } | null;
    syncNum: number;
  };
}

export function py(req: unknown): PyResult {
  const r = spawnSync('python3', ['-B', DRIVER], { input: JSON.stringify(req), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`driver failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as PyResult;
}
