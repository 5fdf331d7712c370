import { describe, expect, it } from 'vitest';
import { parseIniInventory } from '../../../src/inventory/ini.js';
import { inventoryListing } from '../../../src/vars/listing.js';
import { groupsOfHost, hostsOfGroup } from '../../../src/inventory/query.js';
import { inventoryHostVars } from '../../../src/vars/precedence.js';

const parse = (text: string) => parseIniInventory(text, 'hosts.ini', '/inv');

describe('INI inventory: sections and membership', () => {
  const inv = parse(`
loose
[web]
w1
w2 http_port=8080
[db]
d1
[app:children]
web
db
[app:vars]
tier=app
[empty]
`);

  it('keeps groups in first-appearance order with all/ungrouped implicit', () => {
    expect(inv.groupOrder).toEqual(['all', 'ungrouped', 'web', 'db', 'app', 'empty']);
    expect(inv.groups.all!.children).toEqual(['ungrouped', 'app', 'empty']);
    expect(inv.groups.ungrouped!.hosts).toEqual(['loose']);
    expect(inv.groups.app!.children).toEqual(['web', 'db']);
    expect(inv.groups.web!.parents).toEqual(['app']);
  });

  it('records source lines', () => {
    expect(inv.hosts.w2!.source).toEqual({ file: 'hosts.ini', line: 5 });
    expect(inv.hosts.w2!.varSources.http_port).toEqual({ file: 'hosts.ini', line: 5 });
    expect(inv.groups.app!.source).toEqual({ file: 'hosts.ini', line: 8 });
    expect(inv.groups.app!.varSources.tier!.line).toBe(12);
  });

  it('answers membership with ancestors and recursive hosts', () => {
    expect(groupsOfHost(inv, 'w1')).toEqual(['all', 'app', 'web']);
    expect(groupsOfHost(inv, 'loose')).toEqual(['all', 'ungrouped']);
    expect(hostsOfGroup(inv, 'app')).toEqual(['w1', 'w2', 'd1']);
    expect(hostsOfGroup(inv, 'all')).toEqual(['loose', 'w1', 'w2', 'd1']);
    expect(inv.groups.web!.depth).toBe(2);
  });

  it('types values on host lines', () => {
    expect(inv.hosts.w2!.vars).toEqual({ http_port: 8080 });
  });
});

describe('INI inventory: comments as Ansible reads them', () => {
  const inv = parse(`; leading semicolon comment
# leading hash comment
   ; indented comment
[g]  # comment after a header
h1 a=1 # comment after a value
h2 b=x;y c="p # q" d=left#right e=gone
[g:vars]
v=hello # not a comment in :vars
n=3 # Python drops this comment
s=a;b
[g2:children]   # comment
g  # comment after a child
`);
  it('drops only the comments Ansible drops', () => {
    expect(inv.hosts.h1!.vars).toEqual({ a: 1 });
    expect(inv.hosts.h2!.vars).toEqual({ b: 'x;y', c: 'p # q', d: 'left' });
    expect(inv.groups.g!.vars).toEqual({ v: 'hello # not a comment in :vars', n: 3, s: 'a;b' });
    expect(inv.groups.g2!.children).toEqual(['g']);
  });
});

describe('INI inventory: Ansible details', () => {
  it('gives host:port as ansible_port only on the first definition of a host', () => {
    const inv = parse('[a]\nh1:2222\n[b]\nh1\nh2:0\n');
    expect(inv.hosts.h1!.vars).toEqual({ ansible_port: 2222 });
    expect(inv.hosts.h2!.vars).toEqual({}); // port 0 is falsy in Ansible: no variable
  });

  it('accepts a child group declared later, and [x:vars] before [x]', () => {
    const inv = parse('[p:children]\nlate\nearly\n[early]\n[x:vars]\nk=1\n[late]\nh\n[x]\nxh\n');
    expect(inv.groups.p!.children).toEqual(['early', 'late']);
    expect(inv.groups.x!.vars).toEqual({ k: 1 });
    expect(inv.groups.all!.children).toEqual(['ungrouped', 'p', 'x']);
  });

  it('puts hosts of [all] into ungrouped, and drops ungrouped hosts that have a group', () => {
    const inv = parse('[all]\nonly_all\n[ungrouped]\nu1\nboth\n[g]\nboth\n');
    expect(inv.groups.ungrouped!.hosts).toEqual(['u1', 'only_all']);
    expect(inv.groups.all!.hosts).toEqual(['only_all']);
  });

  it('reads ansible_group_priority as the group priority, not as a variable', () => {
    const inv = parse('[a]\nh\n[b]\nh\n[a:vars]\nx=a\nansible_group_priority=5\n[b:vars]\nx=b\n');
    expect(inv.groups.a!.priority).toBe(5);
    expect(inv.groups.a!.vars).toEqual({ x: 'a' });
    expect(inventoryHostVars(inv, 'h')).toEqual({ x: 'a' });
  });

  it('applies group vars shallow to deep, then by name', () => {
    const inv = parse(
      '[top:children]\ndeep\n[deep]\nh\n[zz]\nh\n[aa]\nh\n[top:vars]\nx=top\ny=top\n[deep:vars]\nx=deep\n[zz:vars]\ny=zz\nz=zz\n[aa:vars]\nz=aa\n[all:vars]\nx=all\nw=all\n',
    );
    expect(groupsOfHost(inv, 'h')).toEqual(['all', 'aa', 'top', 'zz', 'deep']);
    expect(inventoryHostVars(inv, 'h')).toEqual({ w: 'all', x: 'deep', y: 'zz', z: 'zz' });
  });

  it('accepts the same host twice with the same values, and CRLF files', () => {
    const inv = parse('[a]\r\nh x=1\r\n[b]\r\nh x=1\r\n');
    expect(inv.hosts.h!.groups).toEqual(['a', 'b']);
    expect(inv.hosts.h!.vars).toEqual({ x: 1 });
  });

  it('warns about a name used for both a host and a group', () => {
    expect(parse('[web]\nweb\n').warnings).toEqual(["'web' is both a group and a host name"]);
  });
});

describe('INI inventory in the style of the Ansible original (ansible-for-openGauss)', () => {
  const text = `; the primary: exactly one
[opengauss_primary]
192.168.56.11

; standbys
[opengauss_standby]
192.168.56.12
192.168.56.13

;cascade standbys, need a standby
[opengauss_cascade]
192.168.56.14

[opengauss:children]
opengauss_primary
opengauss_standby
opengauss_cascade

[opengauss_replicas:children]
opengauss_standby
opengauss_cascade

[opengauss:vars]
ansible_ssh_user=root
ansible_ssh_pass=Passw0rd;2024
ansible_ssh_port=22
ansible_python_interpreter=python3
`;
  const inv = parse(text);

  it('builds the groups the role relies on', () => {
    expect(hostsOfGroup(inv, 'opengauss')).toEqual(['192.168.56.11', '192.168.56.12', '192.168.56.13', '192.168.56.14']);
    expect(hostsOfGroup(inv, 'opengauss_replicas')).toEqual(['192.168.56.12', '192.168.56.13', '192.168.56.14']);
    expect(inv.groups.all!.children).toEqual(['ungrouped', 'opengauss', 'opengauss_replicas']);
  });

  it('gives every node the connection vars, typed as ansible-inventory shows them', () => {
    expect(inventoryHostVars(inv, '192.168.56.14')).toEqual({
      ansible_ssh_user: 'root',
      ansible_ssh_pass: 'Passw0rd;2024',
      ansible_ssh_port: 22,
      ansible_python_interpreter: 'python3',
    });
  });

  it('lists like ansible-inventory --list', () => {
    const listing = inventoryListing(inv);
    expect(listing.opengauss).toEqual({ children: ['opengauss_primary', 'opengauss_standby', 'opengauss_cascade'] });
    expect(listing.opengauss_replicas).toEqual({ children: ['opengauss_standby', 'opengauss_cascade'] });
    expect(listing.opengauss_primary).toEqual({ hosts: ['192.168.56.11'] });
    expect(listing.ungrouped).toBeUndefined();
    expect(Object.keys(listing._meta.hostvars)).toHaveLength(4);
  });
});
