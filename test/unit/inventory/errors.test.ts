import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { parseIniInventory } from '../../../src/inventory/ini.js';

function errorOf(text: string): UserError {
  try {
    parseIniInventory(text, 'hosts.ini', '/inv');
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('INI inventory errors name file:line and what to do', () => {
  it.each([
    [
      '[opengauss_standby]\nh1\n[opengauss:children]\nopengauss_standy\n',
      /^hosts\.ini:4: unknown group 'opengauss_standy' in \[opengauss:children\] \(did you mean 'opengauss_standby'\?\); declare it/,
    ],
    ['[x]\nh\n\n[x:chidren]\ny\n', /^hosts\.ini:4: section \[x:chidren\] has unknown type 'chidren' \(did you mean \[x:children\]\?\)/],
    ['[web servers]\n', /^hosts\.ini:1: invalid section header '\[web servers\]'/],
    ['[g:vars]\nk=v\n', /^hosts\.ini:1: \[g:vars\] is for a group that is never declared/],
    ['[g]\nh1 port\n', /^hosts\.ini:2: expected key=value after the host name, got 'port'/],
    ['[g]\nh1 a="unclosed\n', /^hosts\.ini:2: cannot read host line .*no closing quotation/],
    ['[g]\n\ndb[5:1]\n', /^hosts\.ini:3: bad host 'db\[5:1\]': the range begins after it ends/],
    ['[g]\ndb[1:2:3:4]\n', /^hosts\.ini:2: bad host 'db\[1:2:3:4\]': a host range must be \[begin:end\] or \[begin:end:step\]/],
    ['[a:children]\nb\n', /^hosts\.ini:2: unknown group 'b' in \[a:children\]; declare it/],
    ['[g]\ndb[01:100]\n', /^hosts\.ini:2: .*equal length/],
    ['[g]\nweb:\n', /^hosts\.ini:2: bad host 'web:' ends in ':'/],
    ['[g]\nbad_host-\n', /^hosts\.ini:2: bad host 'bad_host-' is not a valid host name/],
    ['[g:vars]\nno_equals\n[g]\n', /^hosts\.ini:2: expected key=value in \[g:vars\]/],
    ['[g:children]\nh x=1\n', /^hosts\.ini:2: expected a group name in \[g:children\]/],
    ['[a]\nh ansible_port=22\n[b]\nh ansible_port=2222\n', /^hosts\.ini:4: host 'h' sets ansible_port=2222 but line 2 already set ansible_port=22/],
    ['[g]\nh\n[g:vars]\nu=root\nu=admin\n', /^hosts\.ini:5: \[g:vars\] sets u="admin" but line 4 already set u="root"/],
    ['[g]\nh a=1 a=2\n', /^hosts\.ini:2: 'a' is given twice on this line/],
    ['[g]\nh\n[g2]\nh:2222\n', /^hosts\.ini:4: port 2222 for 'h' would be ignored: the host was first defined at line 2 without a port/],
    ['[g]\nh:2222 ansible_port=22\n', /^hosts\.ini:2: port 2222 in 'h:2222' conflicts with ansible_port=22/],
    ['[a:children]\nb\n[b:children]\na\n', /^hosts\.ini:4: making 'a' a child of 'b' creates a loop/],
    ['[a:children]\na\n', /^hosts\.ini:2: group 'a' cannot be its own child/],
    ['[a]\nh\n[a:vars]\nansible_group_priority=high\n', /^hosts\.ini:4: ansible_group_priority must be an integer/],
  ])('%j', (text, message) => {
    expect(errorOf(text).message).toMatch(message);
  });

  it('reports every undeclared group at once', () => {
    const e = errorOf('[p:children]\nc1\nc2\n');
    expect(e.message.split('\n')).toEqual([
      expect.stringMatching(/^hosts\.ini:2: unknown group 'c1' in \[p:children\]/),
      expect.stringMatching(/^hosts\.ini:3: unknown group 'c2' in \[p:children\]/),
    ]);
  });

  it('is an input error (exit code 2)', () => {
    expect(errorOf('[x:chidren]\n').kind).toBe('input');
  });
});
