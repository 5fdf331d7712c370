import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { TaskLoader } from '../../../src/roles/load.js';
import type { BlockTask, IncludeTask, ModuleTask } from '../../../src/roles/types.js';
import { testModules } from '../engine/fake-modules.js';

const fixtures = 'test/fixtures/roles';

describe('role loader', () => {
  it('reports every problem of a bad role together, each with file:line, before running anything', () => {
    const loader = new TaskLoader(testModules);
    let err: unknown;
    try {
      loader.load(`${fixtures}/bad`);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const msg = (err as Error).message;
    expect(msg).toContain(`${fixtures}/bad/tasks/main.yml:1: unknown module 'fiel'`);
    expect(msg).toContain(`${fixtures}/bad/tasks/main.yml:5: unknown task keyword 'whne' (did you mean 'when'?)`);
    expect(msg).toMatch(/bad\/tasks\/main\.yml:10: wrong arguments for module 'note': msg: /);
    expect(msg).toContain(`${fixtures}/bad/tasks/main.yml:18: include_tasks: file 'missing.yml' not found`);
    expect(msg).toMatch(/bad\/tasks\/Debian\.yml:\d+: invalid YAML/);
    expect(msg).toMatch(/bad\/defaults\/main\.yml:\d+: invalid YAML/);
    expect(msg).not.toContain('main.yml:14');
    expect(msg).toMatch(/bad\/tasks\/main\.yml:20: note: error in template .*no_such_filter/);
    expect(msg).toMatch(/bad\/tasks\/main\.yml:20: when: /);
    expect(msg).toContain(`${fixtures}/bad/tasks/main.yml:25: notify: no handler named or listening to 'restart sevice' (did you mean 'restart service'?)`);
    expect(msg).toMatch(/^9 problems in the role/);
  });

  it('loads a role: file:line per task, block inheritance, imports inlined, includes kept for run time', () => {
    const role = new TaskLoader(testModules).load(`${fixtures}/good`);
    expect(role.name).toBe('good');
    expect(role.defaults).toEqual({ greeting: 'hello', mode: '0644', enabled: true });
    const [hi, block, imported, incOs, incFirst, cmd] = role.tasks as [ModuleTask, BlockTask, ModuleTask, IncludeTask, IncludeTask, ModuleTask];
    expect(hi).toMatchObject({ kind: 'module', module: 'note', args: { msg: '{{ greeting }} world' }, tags: ['hello'], loc: { line: 1 } });
    expect(block.kind).toBe('block');
    expect(block.block[0]).toMatchObject({ name: 'inside', when: ['y == 2', 'x == 1'], tags: ['blk'], become: true, loc: { line: 6 } });
    expect(block.rescue[0]).toMatchObject({ name: 'rescued', tags: ['blk'] });
    expect(imported).toMatchObject({ name: 'from import', when: ['z'], tags: ['imported'], loc: { file: `${fixtures}/good/tasks/extra.yml`, line: 1 } });
    expect(incOs).toMatchObject({ kind: 'include', file: '{{ ansible_os_family }}.yml' });
    expect(incFirst.firstFound).toEqual(['{{ ansible_distribution }}.yml', 'default.yml']);
    expect(cmd).toMatchObject({ module: 'command', args: { cmd: 'echo hi', creates: '/tmp/hi' }, register: 'out', notify: ['restart thing'] });
    expect(role.handlers.map((h) => [h.name, h.listen])).toEqual([
      ['restart thing', []],
      ['other', ['restart thing']],
    ]);
  });

  it('accepts collection-prefixed module names', () => {
    const loader = new TaskLoader(testModules);
    expect(loader.registry.get('ansible.builtin.note')?.name).toBe('note');
  });
});
