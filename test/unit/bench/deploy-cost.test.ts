import { describe, expect, it } from 'vitest';
import { costFromLog } from '../../../bench/src/deploy.js';

const line = (e: object) => JSON.stringify(e);

// bench/src/deploy.ts: the k-th run of the log is the k-th phase; OM time is the busiest host's.
describe('bench deploy/expand cost from the run log', () => {
  it('OM tools (gs_expansion, gs_om, cm_install, ...) are OM time; other commands and fact scripts are afo time', () => {
    const events = [
      line({ type: 'run-start' }),
      line({ type: 'command', host: 'a', command: '(fact gathering script)', durationMs: 400 }),
      line({ type: 'command', host: 'a', command: 'dnf -y install expect', durationMs: 300 }),
      line({ type: 'run-start' }),
      line({ type: 'command', host: 'a', command: 'set -a; /opt/software/openGauss/script/gs_expansion -U omm -h 10.0.0.2', durationMs: 9000 }),
      line({ type: 'command', host: 'b', command: "bash -lc 'gs_ctl switchover -D /opt/openGauss/data/dn'", durationMs: 2000 }),
      line({ type: 'run-start' }),
      line({ type: 'command', host: 'a', command: "bash -lc 'cd cm_tool && python3 cm_install -X /opt/x.xml'", durationMs: 7000 }),
      '',
    ].join('\n');
    const phases = [
      { phase: 'os', ms: 1000 },
      { phase: 'expand: standbys', ms: 10000 },
      { phase: 'CM: cm_install', ms: 7500 },
    ];
    const c = costFromLog(events, phases, 20);
    expect(c.phases).toEqual([
      { phase: 'os', wallS: 1, omS: 0, afoS: 1 },
      { phase: 'expand: standbys', wallS: 10, omS: 9, afoS: 1 },
      { phase: 'CM: cm_install', wallS: 7.5, omS: 7, afoS: 0.5 },
    ]);
    expect(c.omS).toBe(16);
    expect(c.afoS).toBe(4);
    expect(c.wallS).toBe(20);
  });
});
