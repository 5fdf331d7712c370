import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ansibleJson, runInventory } from '../../../src/cli/commands/inventory-run.js';

const root = resolve(import.meta.dirname, '../../..');
const fixture = (name: string) => join(root, 'test/fixtures/inventories', name, 'hosts.ini');

function run(opts: { inventory?: string; list?: boolean; host?: string; graph?: string | boolean; extraVars?: string[] }) {
  const out: string[] = [];
  const warnings: string[] = [];
  runInventory(
    { extraVars: [], ...opts },
    (s) => out.push(s),
    (s) => warnings.push(s),
  );
  return { out: out.join('\n'), warnings };
}

describe('afo inventory', () => {
  it('prints JSON with sorted keys and 4-space indentation, like ansible-inventory', () => {
    expect(ansibleJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      '{\n    "a": {\n        "c": null,\n        "d": [\n            2,\n            1\n        ]\n    },\n    "b": 1\n}',
    );
    const { out } = run({ inventory: fixture('afo-original'), list: true });
    expect(out.startsWith('{\n    "_meta": {\n        "hostvars": {\n            "192.168.56.11": {')).toBe(true);
  });

  it('--host applies -e over the inventory', () => {
    const { out } = run({ inventory: fixture('afo-original'), host: '192.168.56.12', extraVars: ['ansible_ssh_port=2222', '{"extra": [1]}'] });
    expect(JSON.parse(out)).toEqual({
      ansible_ssh_user: 'root',
      ansible_ssh_pass: 'Secret@123',
      ansible_ssh_port: '2222',
      ansible_python_interpreter: 'python3',
      extra: [1],
    });
  });

  it('--graph GROUP starts at that group', () => {
    expect(run({ inventory: fixture('afo-original'), graph: 'opengauss_replicas' }).out).toBe(
      '@opengauss_replicas:\n  |--@opengauss_standby:\n  |  |--192.168.56.12\n  |  |--192.168.56.13\n  |--@opengauss_cascade:\n  |  |--192.168.56.14',
    );
  });

  it('refuses unclear requests with what to do', () => {
    expect(() => run({ list: true })).toThrow('afo inventory: -i FILE is required');
    expect(() => run({ inventory: fixture('basic') })).toThrow('give exactly one of --list, --host HOST, --graph [GROUP]');
    expect(() => run({ inventory: fixture('basic'), list: true, graph: true })).toThrow(/exactly one/);
    expect(() => run({ inventory: fixture('basic'), host: 'nosuch' })).toThrow(/host 'nosuch' is not in/);
    expect(() => run({ inventory: fixture('basic'), graph: 'nosuch' })).toThrow(/group 'nosuch' is not in/);
  });
});
