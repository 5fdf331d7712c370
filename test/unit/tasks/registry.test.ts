import { describe, expect, it } from 'vitest';
import { builtinModule, builtinModules } from '../../../src/tasks/modules/index.js';

describe('builtinModules', () => {
  it('has every module the Ansible original role uses, each name once', () => {
    const names = builtinModules.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of [
      'command',
      'shell',
      'file',
      'copy',
      'template',
      'lineinfile',
      'blockinfile',
      'replace',
      'sysctl',
      'user',
      'group',
      'authorized_key',
      'hostname',
      'cron',
      'selinux',
      'package',
      'yum',
      'dnf',
      'apt',
      'service',
      'systemd',
      'unarchive',
      'get_url',
      'wait_for',
      'assert',
      'fail',
      'set_fact',
      'debug',
      'expect',
      'stat',
    ]) {
      expect(builtinModule(n), n).toBeDefined();
    }
  });
  it('control-machine modules read no facts; always-run ones are command-likes and wait_for', () => {
    expect(
      builtinModules
        .filter((m) => m.local)
        .map((m) => m.name)
        .sort(),
    ).toEqual(['assert', 'debug', 'fail', 'set_fact']);
    expect(
      builtinModules
        .filter((m) => m.alwaysRuns)
        .map((m) => m.name)
        .sort(),
    ).toEqual(['command', 'expect', 'shell', 'wait_for']);
  });
});
