/**
 * The stand-in is as strict as OM where afo status / switchover / scale-in touch it
 * (docs/opengauss.md §5.5, §5.7): gs_ctl switchover returns once the promotion is done and leaves
 * the old primary's rejoin to a detached process (nothing waits on the caller's behalf), and
 * gs_om refuses root. Side effects are faked and recorded by unit/ops_driver.py.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DRIVER = join(dirname(fileURLToPath(import.meta.url)), 'ops_driver.py');

interface Out {
  calls: string[];
  spawned: { argv: string[]; new_session: boolean }[];
  rc: number | null;
  error: string | null;
}

function drive(op: string): Out {
  const r = spawnSync('python3', ['-B', DRIVER], { input: JSON.stringify({ op }), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`driver failed: ${r.stderr}`);
  const last = r.stdout.trim().split('\n').pop()!; // the tool's own lines come first
  return JSON.parse(last) as Out;
}

describe('gs_ctl switchover (stand-in)', () => {
  const out = drive('switchover');

  it('promotes the standby and returns before the old primary has rejoined', () => {
    expect(out.error).toBeNull();
    expect(out.rc).toBe(0);
    expect(out.calls).toContain('10.0.0.2: promote');
    expect(out.calls.filter((c) => c.includes('start -M standby'))).toEqual([]);
    expect(out.calls.filter((c) => c.startsWith('wait:'))).toEqual([]);
  });

  it('leaves the rejoin to a detached process: old primary 6001 follows 6002, the cascade 6003 (on 6002) follows 6001', () => {
    expect(out.spawned).toHaveLength(1);
    expect(out.spawned[0]!.new_session).toBe(true);
    expect(out.spawned[0]!.argv[0]).toBe('__rejoin');
    expect(JSON.parse(out.spawned[0]!.argv[1]!)).toEqual({ new: 6002, old: 6001, repoint: [[6003, 6001]] });
  });

  it('the rejoin restarts the old primary as a standby of the new one, then re-points the cascade', () => {
    const r = drive('rejoin');
    expect(r.error).toBeNull();
    expect(r.calls).toEqual([
      '10.0.0.1: /app/bin/gs_standin_local set-upstream /app/bin/cluster_static_config 6001 6002',
      '10.0.0.1: /app/bin/gs_ctl start -M standby -D /d/dn',
      '10.0.0.3: /app/bin/gs_standin_local set-upstream /app/bin/cluster_static_config 6003 6001',
    ]);
  });
});

describe('gs_om (stand-in)', () => {
  it("refuses root with OM's GAUSS-50105 message, before reading the cluster", () => {
    const r = drive('gs_om_root');
    expect(r.error).toBe('[GAUSS-50105] : Cannot run this script as a user with the root permission.');
  });
});
