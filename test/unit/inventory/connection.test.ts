import { describe, expect, it } from 'vitest';
import { hostConnection, parseSshArgs } from '../../../src/inventory/connection.js';

describe('HostConnection from connection variables', () => {
  it('defaults to the inventory name and port 22', () => {
    expect(hostConnection('10.0.0.1', { ansible_python_interpreter: 'python3' })).toEqual({
      name: '10.0.0.1',
      address: '10.0.0.1',
      addressGiven: false,
      port: 22,
      portGiven: false,
      sshOptions: {},
      unsupportedArgs: [],
    });
  });

  it('reads the Ansible-original names', () => {
    const c = hostConnection('n1', { ansible_ssh_user: 'admin', ansible_ssh_pass: 123456, ansible_ssh_port: 2222, ansible_host: '10.0.0.9' });
    expect(c).toMatchObject({ address: '10.0.0.9', user: 'admin', password: '123456', port: 2222 });
  });

  it("reads the modern names, and lets the later name in Ansible's list win when both are set", () => {
    const c = hostConnection('n1', {
      ansible_user: 'u1',
      ansible_password: 'p1',
      ansible_port: '2200',
      ansible_private_key_file: '/k1',
      ansible_ssh_private_key_file: '/k2',
      ansible_become_pass: 'b1',
      ansible_become_password: 'b2',
    });
    expect(c).toMatchObject({ user: 'u1', password: 'p1', port: 2200, privateKeyFile: '/k2', becomePassword: 'b1' });
    expect(hostConnection('n', { ansible_port: 22, ansible_ssh_port: 2222 }).port).toBe(2222);
    expect(hostConnection('n', { ansible_user: 'a', ansible_ssh_user: 'b' }).user).toBe('b');
    expect(hostConnection('n', { ansible_become_password: 'x' }).becomePassword).toBe('x');
    expect(hostConnection('n', { ansible_user: null }).user).toBeUndefined();
  });

  it('parses ansible_ssh_common_args', () => {
    const c = hostConnection('n', {
      ansible_ssh_common_args: `-o UserKnownHostsFile="/lab/known_hosts /lab/other" -oStrictHostKeyChecking=yes -o 'ConnectTimeout 5' -p 2022 -C`,
    });
    expect(c.knownHostsFiles).toEqual(['/lab/known_hosts', '/lab/other']);
    expect(c.strictHostKeyChecking).toBe('yes');
    expect(c.sshOptions).toEqual({ userknownhostsfile: '/lab/known_hosts /lab/other', stricthostkeychecking: 'yes', connecttimeout: '5' });
    expect(c.port).toBe(2022);
    expect(c.unsupportedArgs).toEqual(['-C']);
  });

  it('prefers ansible_port over -p in the args, and takes the first value of a repeated -o', () => {
    expect(hostConnection('n', { ansible_port: 2200, ansible_ssh_common_args: '-p 2022' }).port).toBe(2200);
    expect(parseSshArgs('n', '-o User=a -o User=b -l c').options.user).toBe('a');
    expect(hostConnection('n', { ansible_ssh_common_args: '-o Port=2100 -o User=z -i /key' })).toMatchObject({ port: 2100, user: 'z', privateKeyFile: '/key' });
  });

  it('reports bad values with the host and the variable', () => {
    expect(() => hostConnection('n1', { ansible_port: 'ssh' })).toThrow("host 'n1': ansible_port must be a port number 1-65535, got 'ssh'");
    expect(() => hostConnection('n1', { ansible_port: 70000 })).toThrow(/1-65535/);
    expect(() => hostConnection('n1', { ansible_user: ['a'] })).toThrow("host 'n1': ansible_user/ansible_ssh_user must be a string, not a list");
    expect(() => hostConnection('n1', { ansible_ssh_common_args: '-o' })).toThrow("host 'n1': '-o' in the ssh args needs a value");
    expect(() => hostConnection('n1', { ansible_ssh_common_args: '-o "x' })).toThrow(/cannot read ansible_ssh_common_args/);
  });
});
