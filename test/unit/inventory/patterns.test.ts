import { describe, expect, it } from 'vitest';
import { parseIniInventory } from '../../../src/inventory/ini.js';
import { limitHosts, matchPattern, splitPattern } from '../../../src/inventory/patterns.js';

const inv = parseIniInventory(
  `[opengauss_primary]
10.0.0.1
[opengauss_standby]
10.0.0.2
10.0.0.3
[opengauss_cascade]
10.0.0.4
[opengauss:children]
opengauss_primary
opengauss_standby
opengauss_cascade
[opengauss_replicas:children]
opengauss_standby
opengauss_cascade
[web]
web1
web2
db-web
`,
  'hosts.ini',
  '/inv',
);
const hosts = (p: string) => matchPattern(inv, p).hosts;

describe('host patterns (--limit)', () => {
  it('splits on commas, or on colons outside ranges and addresses', () => {
    expect(splitPattern('a,b , c')).toEqual(['a', 'b', 'c']);
    expect(splitPattern('a:&b:!c')).toEqual(['a', '&b', '!c']);
    expect(splitPattern('web[1:2]:db')).toEqual(['web[1:2]', 'db']);
    expect(splitPattern('2001:db8::1')).toEqual(['2001:db8::1']);
  });

  it('matches host names, group names (recursively) and all', () => {
    expect(hosts('10.0.0.3')).toEqual(['10.0.0.3']);
    expect(hosts('opengauss_replicas')).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4']);
    expect(hosts('all')).toHaveLength(7);
    expect(hosts('*')).toHaveLength(7);
  });

  // Expected lists are what `ansible -i <same file> PATTERN --list-hosts` prints (ansible-core 2.14).
  it('unions, intersects and excludes, in Ansible order', () => {
    expect(hosts('opengauss_cascade:opengauss_primary')).toEqual(['10.0.0.4', '10.0.0.1']);
    expect(hosts('opengauss:&opengauss_replicas')).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4']);
    expect(hosts('opengauss:!opengauss_replicas')).toEqual(['10.0.0.1']);
    expect(hosts('!opengauss_replicas:opengauss')).toEqual(['10.0.0.1']);
    expect(hosts('!opengauss')).toEqual(['web1', 'web2', 'db-web']);
    expect(hosts('opengauss,!10.0.0.2,&opengauss_standby')).toEqual(['10.0.0.3']);
  });

  it('supports wildcards on hosts and groups, regexes and subscripts', () => {
    expect(hosts('web*')).toEqual(['web1', 'web2', 'db-web']); // group 'web' and hosts web1/web2
    expect(hosts('*-web')).toEqual(['db-web']);
    expect(hosts('10.0.0.?')).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']);
    expect(hosts('opengauss_*:!opengauss_replicas')).toEqual(['10.0.0.1']);
    expect(hosts('~web[12]')).toEqual(['web1', 'web2']);
    expect(hosts('opengauss[0]')).toEqual(['10.0.0.1']);
    expect(hosts('opengauss[-1]')).toEqual(['10.0.0.4']);
    expect(hosts('opengauss[1:2]')).toEqual(['10.0.0.2', '10.0.0.3']);
    expect(hosts('opengauss[2:]')).toEqual(['10.0.0.3', '10.0.0.4']);
  });

  it('reports parts that match nothing, and --limit refuses an empty selection', () => {
    expect(matchPattern(inv, 'web1:nosuch').unmatched).toEqual(['nosuch']);
    expect(limitHosts(inv, 'web1:nosuch')).toEqual(['web1']);
    expect(limitHosts(inv, 'opengauss_cascade:opengauss_primary')).toEqual(['10.0.0.1', '10.0.0.4']); // inventory order
    expect(() => limitHosts(inv, 'opengauss_standy')).toThrow(
      "--limit 'opengauss_standy' selects no hosts in hosts.ini ('opengauss_standy' matched no host or group)",
    );
  });
});
