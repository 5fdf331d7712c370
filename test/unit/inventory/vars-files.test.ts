import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/load.js';
import { findVarsFiles } from '../../../src/inventory/vars-files.js';
import { memoryLoader } from '../vars/memory-loader.js';

describe('group_vars/ and host_vars/ beside the inventory', () => {
  const loader = memoryLoader({
    '/inv/hosts.ini': '[web]\nw1\nw2\n[db]\nd1\n',
    '/inv/group_vars/all.yml': 'a: all_yml\n',
    '/inv/group_vars/all.yaml': 'a: shadowed\n',
    '/inv/group_vars/db.yaml': 'd: 1\n',
    '/inv/group_vars/web/01-a.yml': 'x: first\nlist: [1]\n',
    '/inv/group_vars/web/02-b.json': '{"x": "second"}',
    '/inv/group_vars/web/deeper/03.yml': 'y: deep\n',
    '/inv/group_vars/web/.hidden.yml': 'x: hidden\n',
    '/inv/group_vars/web/backup.yml~': 'x: backup\n',
    '/inv/group_vars/web/readme.txt': 'x: txt\n',
    '/inv/group_vars/nosuchgroup.yml': 'z: 1\n',
    '/inv/host_vars/w1.yml': 'h: w1\n',
    '/inv/host_vars/d1': 'h: no_extension\n',
    '/inv/host_vars/w2.yml': '# only a comment\n',
  });
  const inv = loadInventory('/inv/hosts.ini', loader);

  it('finds files the way Ansible does: first of name, .yml, .yaml, .json', () => {
    expect(findVarsFiles(loader, '/inv/group_vars', 'all')).toEqual(['/inv/group_vars/all.yml']);
    expect(findVarsFiles(loader, '/inv/group_vars', 'web')).toEqual([
      '/inv/group_vars/web/01-a.yml',
      '/inv/group_vars/web/02-b.json',
      '/inv/group_vars/web/deeper/03.yml',
    ]);
  });

  it('loads them per group and host, later files replacing earlier keys', () => {
    expect(inv.groupVarsFiles.all!.vars).toEqual({ a: 'all_yml' });
    expect(inv.groupVarsFiles.web!.vars).toEqual({ x: 'second', list: [1], y: 'deep' });
    expect(inv.groupVarsFiles.db!.vars).toEqual({ d: 1 });
    expect(inv.groupVarsFiles.nosuchgroup).toBeUndefined();
    expect(inv.warnings).toEqual([
      '/inv/group_vars/all.yaml is ignored: /inv/group_vars/all.yml is read instead (Ansible reads only the first); merge them',
      "/inv/group_vars/nosuchgroup.yml is not used: there is no group 'nosuchgroup' in /inv/hosts.ini",
    ]);
    expect(inv.hostVarsFiles.w1!.vars).toEqual({ h: 'w1' });
    expect(inv.hostVarsFiles.d1!.vars).toEqual({ h: 'no_extension' });
    expect(inv.hostVarsFiles.w2).toEqual({ files: ['/inv/host_vars/w2.yml'], vars: {} }); // comment-only file
  });

  it('reads YAML 1.1 exactly like PyYAML, timestamps as text', () => {
    const yaml = 'a: on\nb: no\nm: 0755\nt: 2001-12-14\nq: "0755"\ny: y\nn: n\ne: 1e3\nf: 1.0e+3\no: 08\ns: 1:20\n';
    const l = memoryLoader({ '/i/hosts.ini': 'h\n', '/i/host_vars/h.yml': yaml });
    expect(loadInventory('/i/hosts.ini', l).hostVarsFiles.h!.vars).toEqual({
      a: true,
      b: false,
      m: 493,
      t: '2001-12-14',
      q: '0755',
      y: 'y',
      n: 'n',
      e: '1e3',
      f: 1000,
      o: '08',
      s: 80,
    });
  });

  it('names the file and line of a YAML mistake, and refuses non-mappings and vault', () => {
    const bad = (content: string) => () => loadInventory('/i/hosts.ini', memoryLoader({ '/i/hosts.ini': '[g]\nh\n', '/i/group_vars/g.yml': content }));
    expect(bad('a: 1\nb: [1, 2\n')).toThrow(/^\/i\/group_vars\/g\.yml:\d+: invalid YAML/);
    expect(bad('a: 1\na: 2\n')).toThrow(/^\/i\/group_vars\/g\.yml:2: invalid YAML: Map keys must be unique/);
    expect(bad('- a\n- b\n')).toThrow('/i/group_vars/g.yml: must contain a mapping of variable names to values, found a list');
    expect(bad('$ANSIBLE_VAULT;1.1;AES256\n6162\n')).toThrow(/vault/);
  });

  it('refuses a missing inventory, a directory, and YAML inventories, with what to do', () => {
    const l = memoryLoader({ '/i/hosts.ini': 'h\n', '/i/inv.yml': 'all: {}\n' });
    expect(() => loadInventory('/i/none.ini', l)).toThrow('inventory /i/none.ini does not exist; pass an INI inventory file with -i');
    expect(() => loadInventory('/i', l)).toThrow(/is a directory; pass the INI file itself/);
    expect(() => loadInventory('/i/inv.yml', l)).toThrow(/reads Ansible's INI inventory format only/);
  });
});
