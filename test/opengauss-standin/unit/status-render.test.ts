import { describe, expect, it } from 'vitest';
import { SAMPLE_A, SAMPLE_B, SAMPLE_C_DN } from '../samples.js';
import { py } from './py.js';

type St = [string, string] | null;

function cluster(names: string[], ips: string[], letters: string[], cmDir?: string) {
  return {
    clusterName: 'c',
    version: '5.0.0',
    user: 'omm',
    paths: { appPath: '/a', tmpPath: '/t', toolPath: '/o', logPath: '/l' },
    nodes: names.map((name, i) => ({ id: i + 1, name, backIp: ips[i], sshIp: ips[i], cmDir: cmDir ?? null, cmPort: 1 })),
    dns: names.map((name, i) => ({
      instanceId: 6001 + i,
      nodeId: i + 1,
      name,
      ip: ips[i],
      port: 15400,
      dataDir: '/opt/openGauss/data/dn',
      letter: letters[i],
    })),
  };
}

const render = (layout: string, c: unknown, states: St[], cms?: string[]): string => {
  const r = py({ op: 'render', layout, cluster: c, states, cms });
  if (!r.ok || r.text === undefined) throw new Error(r.error);
  return r.text;
};

describe('status layouts reproduce the verbatim samples byte for byte', () => {
  it('layout A (no CM) for the sample cluster', () => {
    const c = cluster(['opengauss1', 'opengauss2'], ['192.168.56.12', '192.168.56.13'], ['P', 'S']);
    expect(
      render('A', c, [
        ['Primary', 'Normal'],
        ['Standby', 'Normal'],
      ]),
    ).toBe(SAMPLE_A);
  });

  const cmNames = ['og3232249867', 'og3232249868', 'og3232249870'];
  const cmIps = ['192.168.56.11', '192.168.56.12', '192.168.56.14'];
  const cmStates: St[] = [
    ['Primary', 'Normal'],
    ['Cascade Standby', 'Normal'],
    ['Standby', 'Normal'],
  ];

  it('layout B (CM, OM 5.0) for the sample cluster', () => {
    const c = cluster(cmNames, cmIps, ['P', 'C', 'S'], '/opt/openGauss/data/cm');
    expect(render('B', c, cmStates, ['Primary', 'Standby', 'Standby'])).toBe(SAMPLE_B);
  });

  it('layout C (CM, OM 6.0) puts the port after the instance id', () => {
    const c = cluster(cmNames, cmIps, ['P', 'C', 'S'], '/opt/openGauss/data/cm');
    const text = render('C', c, cmStates, ['Primary', 'Standby', 'Standby']);
    expect(text.endsWith(SAMPLE_C_DN)).toBe(true);
  });
});

describe('status words', () => {
  const c = cluster(['h1', 'h2', 'h3'], ['10.0.0.1', '10.0.0.2', '10.0.0.3'], ['P', 'S', 'C']);

  it('a cascade is one word in layout A and the cluster is Normal', () => {
    const t = render('A', c, [
      ['Primary', 'Normal'],
      ['Standby', 'Normal'],
      ['Cascade Standby', 'Normal'],
    ]);
    expect(t).toContain('cluster_state   : Normal');
    expect(t).toMatch(/ C Cascade Normal\n$/);
  });

  it('a stopped standby is Down / Manually stopped and the cluster Degraded', () => {
    const t = render('A', c, [['Primary', 'Normal'], null, ['Cascade Standby', 'Normal']]);
    expect(t).toContain('cluster_state   : Degraded');
    expect(t).toContain(' S Down    Manually stopped\n');
  });

  it('no primary makes the cluster Unavailable; Need repair carries its detail', () => {
    const t = render('A', c, [null, ['Standby', 'Need repair'], ['Cascade Standby', 'Normal']]);
    expect(t).toContain('cluster_state   : Unavailable');
    expect(t).toContain(' S Standby Need repair(Disconnected)\n');
  });

  it('CM layout: a switched-over cluster is not balanced', () => {
    const cc = cluster(['h1', 'h2', 'h3'], ['10.0.0.1', '10.0.0.2', '10.0.0.3'], ['P', 'S', 'C'], '/cm');
    const t = render(
      'B',
      cc,
      [
        ['Standby', 'Normal'],
        ['Primary', 'Normal'],
        ['Cascade Standby', 'Normal'],
      ],
      ['Primary', 'Standby', 'Down'],
    );
    expect(t).toContain('balanced        : No');
    expect(t).toContain('cluster_state   : Normal');
    expect(t).toMatch(/3  h3 10\.0\.0\.3\s+3\s+\/cm\/cm_server Down\n/);
  });
});
