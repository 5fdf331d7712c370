/** The cluster-state probe: fresh / healthy / unhealthy / unreadable from the fact's output (docs/opengauss.md §7.2). */
import { describe, expect, it } from 'vitest';
import { parseProbe, probeFact } from '../../../../src/opengauss/modules/probe-fact.js';
import { fixture } from '../fixtures.js';

const installed = (text: string, rc = 0) => `@@afo-installed\n${text}\n@@afo-rc=${rc}\n`;

describe('opengauss_probe', () => {
  it('no static config file: fresh', () => {
    expect(parseProbe('@@afo-fresh\n')).toEqual({ state: 'fresh', problems: [] });
  });

  it('layout B with everything Normal: healthy, parsed', () => {
    const r = parseProbe(installed(fixture('status/detail-b-1p1s1c-cm.txt')));
    expect(r.state).toBe('healthy');
    expect(r.status?.layout).toBe('B');
    expect(r.status?.datanodes.map((d) => d.role)).toEqual(['Primary', 'Cascade Standby', 'Standby']);
  });

  it('a standby Down: unhealthy with the row named', () => {
    const text = fixture('status/detail-a-1p1s.txt')
      .replace('S Standby Normal', 'S Down Manually stopped')
      .replace('cluster_state   : Normal', 'cluster_state   : Degraded');
    const r = parseProbe(installed(text));
    expect(r.state).toBe('unhealthy');
    expect(r.problems.map((p) => p.check)).toEqual(expect.arrayContaining(['cluster state', 'instance state']));
  });

  it('installed but gs_om fails (e.g. a broken environment): unreadable, never fresh', () => {
    const r = parseProbe(installed('-bash: gs_om: command not found', 127));
    expect(r.state).toBe('unreadable');
    expect(r.problems[0]!.found).toContain('exited 127');
  });

  it('output without the markers (the probe itself broke): unreadable', () => {
    expect(parseProbe('sh: syntax error').state).toBe('unreadable');
  });

  it('runs gs_om as the user with a login shell, only when the static config exists', () => {
    const f = probeFact('/opt/openGauss/install/app', 'omm');
    expect(f.command).toContain('if [ -e /opt/openGauss/install/app/bin/cluster_static_config ]; then');
    expect(f.command).toContain("su - omm -c 'gs_om -t status --detail'");
  });
});
