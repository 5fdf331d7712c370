import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/load.js';
import { deepMerge, replaceVars, combineLayers } from '../../../src/vars/merge.js';
import { hostBaseVars, type ScopeInput } from '../../../src/engine/scope.js';
import type { HostState } from '../../../src/engine/host.js';
import { inventoryHostVars, inventoryLayers, resolveHostVars } from '../../../src/vars/precedence.js';
import { memoryLoader } from './memory-loader.js';

// One variable per precedence level; each level overrides `v` and sets its own marker.
const loader = memoryLoader({
  '/inv/hosts.ini': `[all:vars]
v=inv_all
[opengauss:children]
opengauss_primary
[opengauss:vars]
v=inv_parent
[opengauss_primary]
10.0.0.1 v=inv_host
10.0.0.2
[opengauss_primary:vars]
v=inv_child
`,
  '/inv/group_vars/all.yml': 'v: gv_all\nopengauss_env:\n  clusterName: mine\n',
  '/inv/group_vars/opengauss.yml': 'v: gv_parent\n',
  '/inv/group_vars/opengauss_primary.yml': 'v: gv_child\n',
  '/inv/host_vars/10.0.0.1.yml': 'v: hv_file\n',
});
const inv = loadInventory('/inv/hosts.ini', loader);

describe('variable precedence (Ansible order)', () => {
  it('stacks the layers lowest first', () => {
    expect(inventoryLayers(inv, '10.0.0.1').map((l) => l.vars.v)).toEqual([
      'inv_all',
      'inv_parent',
      'inv_child',
      'gv_all',
      'gv_parent',
      'gv_child',
      'inv_host',
      'hv_file',
    ]);
    expect(inventoryLayers(inv, '10.0.0.1').map((l) => l.source)).toEqual([
      '/inv/hosts.ini [all:vars]',
      '/inv/hosts.ini [opengauss:vars]',
      '/inv/hosts.ini [opengauss_primary:vars]',
      '/inv/group_vars/all.yml',
      '/inv/group_vars/opengauss.yml',
      '/inv/group_vars/opengauss_primary.yml',
      '/inv/hosts.ini:8 (host line)',
      '/inv/host_vars/10.0.0.1.yml',
    ]);
  });

  it('lets every group_vars/ file beat every inventory-file group var', () => {
    expect(inventoryHostVars(inv, '10.0.0.2').v).toBe('gv_child');
    expect(inventoryHostVars(inv, '10.0.0.1').v).toBe('hv_file');
  });

  it('puts role defaults below and -e above everything', () => {
    expect(resolveHostVars(inv, '10.0.0.2', { roleDefaults: { v: 'default', d: 1 } })).toMatchObject({ v: 'gv_child', d: 1 });
    expect(resolveHostVars(inv, '10.0.0.1', { extraVars: { v: 'extra' } }).v).toBe('extra');
  });

  it('deep-merges user vars over role defaults, so one nested key can change', () => {
    const roleDefaults = { opengauss_env: { clusterName: 'openGauss', user_name: 'omm', dataPortBase: 15400 } };
    expect(resolveHostVars(inv, '10.0.0.2', { roleDefaults }).opengauss_env).toEqual({ clusterName: 'mine', user_name: 'omm', dataPortBase: 15400 });
  });

  it('between inventory layers a map replaces a map (Ansible), unless hash_behaviour=merge', () => {
    const l = memoryLoader({
      '/i/hosts.ini': '[g]\nh\n',
      '/i/group_vars/all.yml': 'm: {a: 1, b: 1}\n',
      '/i/group_vars/g.yml': 'm: {b: 2}\n',
    });
    const i = loadInventory('/i/hosts.ini', l);
    expect(resolveHostVars(i, 'h').m).toEqual({ b: 2 });
    expect(resolveHostVars(i, 'h', { hashBehaviour: 'merge' }).m).toEqual({ a: 1, b: 2 });
    expect(resolveHostVars(i, 'h', { roleDefaults: { m: { a: 0, b: 0, c: 0 } } }).m).toEqual({ a: 0, b: 2, c: 0 });
  });
});

describe('merging', () => {
  it('deepMerge merges maps recursively, replaces lists and scalars, and copies', () => {
    const base = { a: { b: { c: 1, d: [1, 2] }, e: 1 }, f: 'x' };
    const over = { a: { b: { d: [3] }, g: null }, f: { now: 'map' } };
    expect(deepMerge(base, over)).toEqual({ a: { b: { c: 1, d: [3] }, e: 1, g: null }, f: { now: 'map' } });
    expect(base).toEqual({ a: { b: { c: 1, d: [1, 2] }, e: 1 }, f: 'x' });
  });
  it('replaceVars and combineLayers replace top-level keys whole', () => {
    expect(replaceVars({ a: { x: 1 }, b: 1 }, { a: { y: 2 } })).toEqual({ a: { y: 2 }, b: 1 });
    expect(combineLayers([{ a: 1 }, { b: 2 }, { a: 3 }])).toEqual({ a: 3, b: 2 });
  });
  it('treats __proto__ as an ordinary key', () => {
    const merged = deepMerge({}, JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, never>);
    expect(Object.keys(merged)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('magic variables', () => {
  // Expected values are what `ansible -m debug` prints for the same inventory.
  it("gives the host name, its groups and every group's hosts", async () => {
    const { magicVars } = await import('../../../src/vars/magic.js');
    const m = magicVars(inv, '10.0.0.1');
    expect(m.inventory_hostname).toBe('10.0.0.1');
    expect(m.inventory_hostname_short).toBe('10.0.0.1'); // Ansible keeps IPs whole
    expect(magicVars(loadInventory('/x/h.ini', memoryLoader({ '/x/h.ini': 'db1.example.test\n' })), 'db1.example.test').inventory_hostname_short).toBe('db1');
    expect(m.group_names).toEqual(['opengauss', 'opengauss_primary']);
    expect(m.groups).toEqual({
      all: ['10.0.0.1', '10.0.0.2'],
      ungrouped: [],
      opengauss: ['10.0.0.1', '10.0.0.2'],
      opengauss_primary: ['10.0.0.1', '10.0.0.2'],
    });
    expect(m.inventory_dir).toBe('/inv');
  });
});

describe('the engine scope merges role defaults with the same deepMerge', () => {
  it('keeps a __proto__ key from the inventory as a variable', () => {
    const h = { name: 'h', host: { vars: JSON.parse('{"__proto__": {"x": 1}, "m": {"b": 2}}') as Record<string, unknown> }, factVars: {}, runVars: {} };
    const input = { defaults: { m: { a: 1 } }, roleVars: {}, extraVars: {}, groups: { all: ['h'] } } as unknown as ScopeInput;
    const vars = hostBaseVars(h as unknown as HostState, input);
    expect(Object.hasOwn(vars, '__proto__')).toBe(true);
    expect(vars.m).toEqual({ a: 1, b: 2 });
  });
});
