import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/expr/index.js';

const vars = {
  s: 'Hello World',
  n: 7,
  nums: [3, 1, 2, 3],
  words: ['b', 'A', 'c'],
  users: [
    { name: 'omm', uid: 1001, enabled: true, groups: ['dbgrp'] },
    { name: 'root', uid: 0, enabled: false, groups: ['root', 'wheel'] },
    { name: 'app', uid: 1002, enabled: true, groups: [] },
  ],
  d: { b: 2, a: 1 },
  nested: { a: { x: 1, y: [1] }, b: 1 },
  path: '/opt/og/data/postgresql.conf',
  hostvars: { db1: { ip: '127.0.0.1' }, db2: { ip: '127.0.0.2' } },
  hosts: ['db1', 'db2'],
};
const ev = (e: string): unknown => evaluate(e, vars);

describe('string filters', () => {
  it('changes case and trims', () => {
    expect(ev('s | lower')).toBe('hello world');
    expect(ev('s | upper')).toBe('HELLO WORLD');
    expect(ev("'  x  ' | trim")).toBe('x');
    expect(ev("'hello world' | capitalize")).toBe('Hello world');
    expect(ev("'hello world' | title")).toBe('Hello World');
  });
  it('replaces plain text', () => {
    expect(ev("s | replace('o', '0')")).toBe('Hell0 W0rld');
    expect(ev("s | replace('o', '0', 1)")).toBe('Hell0 World');
  });
  it('replaces with regexes, Python backreferences included', () => {
    expect(ev("'7.6.1810' | regex_replace('^(\\d+)\\.(\\d+).*$', '\\2.\\1')")).toBe('6.7');
    expect(ev("'a-b-c' | regex_replace('-', '_')")).toBe('a_b_c');
    expect(ev("'key=val' | regex_replace('(?P<k>\\w+)=(?P<v>\\w+)', '\\g<v>=\\g<k>')")).toBe('val=key');
    expect(ev("'ABC' | regex_replace('b', 'x', ignorecase=true)")).toBe('AxC');
    expect(ev("'a$b' | regex_replace('\\$', '$$')")).toBe('a$$b');
    expect(ev("'aaa' | regex_replace('a', 'b', count=2)")).toBe('bba');
  });
  it('searches and finds with regexes', () => {
    expect(ev("'version 12.3' | regex_search('\\d+\\.\\d+')")).toBe('12.3');
    expect(ev("'nothing' | regex_search('\\d+')")).toBeNull();
    expect(ev("'v=12.3' | regex_search('(\\d+)\\.(\\d+)', '\\2', '\\1')")).toEqual(['3', '12']);
    expect(ev("'a1b22c333' | regex_findall('\\d+')")).toEqual(['1', '22', '333']);
    expect(ev("'k1=v1 k2=v2' | regex_findall('(\\w+)=(\\w+)')")).toEqual([
      ['k1', 'v1'],
      ['k2', 'v2'],
    ]);
    expect(ev("'a.b' | regex_escape")).toBe('a\\.b');
  });
  it('splits and joins', () => {
    expect(ev("'a,b,c' | split(',')")).toEqual(['a', 'b', 'c']);
    expect(ev("'a b  c' | split")).toEqual(['a', 'b', 'c']);
    expect(ev("words | join(',')")).toBe('b,A,c');
    expect(ev('nums | join')).toBe('3123');
    expect(ev("users | join(', ', attribute='name')")).toBe('omm, root, app');
  });
  it('works on paths', () => {
    expect(ev('path | basename')).toBe('postgresql.conf');
    expect(ev('path | dirname')).toBe('/opt/og/data');
    expect(ev("'/opt/og/' | basename")).toBe('');
    expect(ev("'file' | dirname")).toBe('');
    expect(ev('path | splitext')).toEqual(['/opt/og/data/postgresql', '.conf']);
  });
  it('quotes for the shell', () => {
    expect(ev("'simple' | quote")).toBe('simple');
    expect(ev("'two words' | quote")).toBe("'two words'");
    expect(ev('"it\'s" | quote')).toBe("'it'\"'\"'s'");
    expect(ev("'' | quote")).toBe("''");
    expect(ev("'$(rm -rf /)' | quote")).toBe("'$(rm -rf /)'");
  });
  it('encodes and hashes', () => {
    expect(ev("'hello' | b64encode")).toBe('aGVsbG8=');
    expect(ev("'aGVsbG8=' | b64decode")).toBe('hello');
    expect(ev("'abc' | hash('sha256')")).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(ev("'abc' | hash('md5')")).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(ev("'abc' | checksum")).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(() => ev("'abc' | hash('crc99')")).toThrow("unsupported algorithm 'crc99'");
  });
});

describe('conversion filters', () => {
  it('converts to int', () => {
    expect(ev("'42' | int")).toBe(42);
    expect(ev("' 08 ' | int")).toBe(8);
    expect(ev("'3.9' | int")).toBe(3);
    expect(ev('3.9 | int')).toBe(3);
    expect(ev("'abc' | int")).toBe(0);
    expect(ev("'abc' | int(5)")).toBe(5);
    expect(ev("'0x1A' | int(base=16)")).toBe(26);
    expect(ev("'ff' | int(0, 16)")).toBe(255);
    expect(ev('true | int')).toBe(1);
  });
  it('converts to float, string, bool', () => {
    expect(ev("'2.5' | float")).toBe(2.5);
    expect(ev("'x' | float")).toBe(0);
    expect(ev('n | string')).toBe('7');
    expect(ev('true | string')).toBe('True');
    expect(ev("[1, 'a'] | string")).toBe("[1, 'a']");
    for (const t of ["'yes'", "'on'", "'1'", "'true'", "'True'", '1', 'true']) expect(ev(`${t} | bool`)).toBe(true);
    for (const f of ["'no'", "'off'", "'0'", "'false'", "'anything'", '0', 'false', 'none']) expect(ev(`${f} | bool`)).toBe(false);
  });
  it('measures length', () => {
    expect(ev('nums | length')).toBe(4);
    expect(ev('s | length')).toBe(11);
    expect(ev('d | length')).toBe(2);
    expect(ev('nums | count')).toBe(4);
    expect(() => ev('n | length')).toThrow("object of type 'int' has no len()");
  });
  it('does numbers: abs, round', () => {
    expect(ev('-3 | abs')).toBe(3);
    expect(ev('2.567 | round(2)')).toBe(2.57);
    expect(ev('2.5 | round')).toBe(2);
    expect(ev('3.5 | round')).toBe(4);
    expect(ev("2.1 | round(0, 'ceil')")).toBe(3);
    expect(ev("2.9 | round(0, 'floor')")).toBe(2);
  });
  it('chooses with ternary', () => {
    expect(ev("(n > 5) | ternary('big', 'small')")).toBe('big');
    expect(ev("false | ternary('y', 'n')")).toBe('n');
    expect(ev("none | ternary('y', 'n', 'null')")).toBe('null');
  });
  it('serialises JSON and YAML', () => {
    expect(ev('d | to_json')).toBe('{"b": 2, "a": 1}');
    expect(ev('[1, "a", none, true] | to_json')).toBe('[1, "a", null, true]');
    expect(ev('d | to_nice_json')).toBe('{\n    "a": 1,\n    "b": 2\n}');
    expect(ev('\'{"a": [1, 2]}\' | from_json')).toEqual({ a: [1, 2] });
    expect(ev("'a: 1\\nb: [x, y]' | from_yaml")).toEqual({ a: 1, b: ['x', 'y'] });
    expect(ev('d | to_yaml')).toBe('{a: 1, b: 2}\n');
    expect(ev('d | to_yaml | from_yaml')).toEqual({ b: 2, a: 1 });
    expect(() => ev("'{bad' | from_json")).toThrow('from_json: the input is not valid JSON');
  });
});

describe('list filters', () => {
  it('picks first/last, reverses, dedups, sorts', () => {
    expect(ev('nums | first')).toBe(3);
    expect(ev('nums | last')).toBe(3);
    expect(ev("'abc' | first")).toBe('a');
    expect(ev('nums | reverse | list')).toEqual([3, 2, 1, 3]);
    expect(ev('nums | unique | list')).toEqual([3, 1, 2]);
    expect(ev('nums | sort')).toEqual([1, 2, 3, 3]);
    expect(ev('nums | sort(reverse=true)')).toEqual([3, 3, 2, 1]);
    expect(ev('words | sort')).toEqual(['A', 'b', 'c']);
    expect(ev('words | sort(case_sensitive=true)')).toEqual(['A', 'b', 'c']);
    expect(ev("users | sort(attribute='uid') | map(attribute='name') | list")).toEqual(['root', 'omm', 'app']);
    expect(() => ev('[] | first + 1')).toThrow('No first item, sequence was empty.');
  });
  it('converts with list', () => {
    expect(ev("'ab' | list")).toEqual(['a', 'b']);
    expect(ev('d | list')).toEqual(['b', 'a']);
  });
  it('maps attributes and filters', () => {
    expect(ev("users | map(attribute='name') | list")).toEqual(['omm', 'root', 'app']);
    expect(ev("words | map('upper') | list")).toEqual(['B', 'A', 'C']);
    expect(ev("['1', '2'] | map('int') | list")).toEqual([1, 2]);
    expect(ev("['a', 'b'] | map('regex_replace', '^', 'x-') | list")).toEqual(['x-a', 'x-b']);
    expect(ev("users | map(attribute='missing', default='-') | list")).toEqual(['-', '-', '-']);
    expect(ev("hosts | map('extract', hostvars, 'ip') | list")).toEqual(['127.0.0.1', '127.0.0.2']);
  });
  it('selects and rejects with tests', () => {
    expect(ev("nums | select('odd') | list")).toEqual([3, 1, 3]);
    expect(ev("nums | reject('odd') | list")).toEqual([2]);
    expect(ev("nums | select('gt', 1) | list")).toEqual([3, 2, 3]);
    expect(ev("[0, 1, '', 'a'] | select | list")).toEqual([1, 'a']);
    expect(ev("words | select('match', '[a-z]') | list")).toEqual(['b', 'c']);
  });
  it('selects and rejects by attribute', () => {
    expect(ev("users | selectattr('enabled') | map(attribute='name') | list")).toEqual(['omm', 'app']);
    expect(ev("users | rejectattr('enabled') | map(attribute='name') | list")).toEqual(['root']);
    expect(ev("users | selectattr('uid', 'gt', 1001) | map(attribute='name') | list")).toEqual(['app']);
    expect(ev("users | selectattr('name', 'equalto', 'omm') | list | length")).toBe(1);
    expect(ev("users | selectattr('name', 'in', ['omm', 'app']) | map(attribute='uid') | list")).toEqual([1001, 1002]);
    expect(ev("users | selectattr('groups', 'contains', 'wheel') | map(attribute='name') | first")).toBe('root');
  });
  it('aggregates: min, max, sum', () => {
    expect(ev('nums | min')).toBe(1);
    expect(ev('nums | max')).toBe(3);
    expect(ev('nums | sum')).toBe(9);
    expect(ev("users | sum(attribute='uid')")).toBe(2003);
    expect(ev("(users | max(attribute='uid')).name")).toBe('app');
    expect(ev("(users | min(attribute='uid')).name")).toBe('root');
    expect(ev('[[1], [2, 3]] | sum(start=[])')).toEqual([1, 2, 3]);
  });
  it('zips and flattens', () => {
    expect(ev("[1, 2] | zip(['a', 'b']) | list")).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(ev("[1, 2, 3] | zip(['a']) | list")).toEqual([[1, 'a']]);
    expect(ev('[1, [2, [3, [4]]]] | flatten')).toEqual([1, 2, 3, 4]);
    expect(ev('[1, [2, [3]]] | flatten(levels=1)')).toEqual([1, 2, [3]]);
    expect(ev('[1, none, [2]] | flatten')).toEqual([1, 2]);
  });
  it('does set operations', () => {
    expect(ev('[1, 2, 3] | difference([2])')).toEqual([1, 3]);
    expect(ev('[1, 2] | union([2, 3])')).toEqual([1, 2, 3]);
    expect(ev('[1, 2, 3] | intersect([3, 2, 9])')).toEqual([2, 3]);
    expect(ev('[1, 2] | symmetric_difference([2, 3])')).toEqual([1, 3]);
  });
});

describe('dict filters', () => {
  it('converts between dicts and item lists', () => {
    expect(ev('d | dict2items')).toEqual([
      { key: 'b', value: 2 },
      { key: 'a', value: 1 },
    ]);
    expect(ev("d | dict2items(key_name='k', value_name='v')")).toEqual([
      { k: 'b', v: 2 },
      { k: 'a', v: 1 },
    ]);
    expect(ev("[{'key': 'x', 'value': 1}] | items2dict")).toEqual({ x: 1 });
    expect(ev("users | items2dict(key_name='name', value_name='uid')")).toEqual({ omm: 1001, root: 0, app: 1002 });
    expect(ev('d | dict2items | items2dict')).toEqual({ b: 2, a: 1 });
  });
  it('combines shallowly by default and recursively on request', () => {
    expect(ev("nested | combine({'a': {'y': [2]}})")).toEqual({ a: { y: [2] }, b: 1 });
    expect(ev("nested | combine({'a': {'y': [2]}}, recursive=True)")).toEqual({ a: { x: 1, y: [2] }, b: 1 });
    expect(ev("nested | combine({'a': {'y': [2]}}, recursive=true, list_merge='append')")).toEqual({ a: { x: 1, y: [1, 2] }, b: 1 });
    expect(ev("{'a': 1} | combine({'b': 2}, {'a': 3})")).toEqual({ a: 3, b: 2 });
    expect(vars.nested).toEqual({ a: { x: 1, y: [1] }, b: 1 });
  });
  it('sorts dict items and lists items', () => {
    expect(ev('d | dictsort')).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(ev('d | items | list')).toEqual([
      ['b', 2],
      ['a', 1],
    ]);
  });
  it('pairs subelements', () => {
    expect(ev("users | subelements('groups') | map('last') | list")).toEqual(['dbgrp', 'root', 'wheel']);
  });
});

describe('lookup', () => {
  it('reads environment variables only', () => {
    process.env.AFO_EXPR_TEST = 'from-env';
    expect(ev("lookup('env', 'AFO_EXPR_TEST')")).toBe('from-env');
    expect(ev("lookup('env', 'AFO_EXPR_UNSET_X')")).toBe('');
    expect(ev("lookup('env', 'AFO_EXPR_UNSET_X', default='d')")).toBe('d');
    expect(ev("query('env', 'AFO_EXPR_TEST')")).toEqual(['from-env']);
    expect(() => ev("lookup('file', '/etc/passwd')")).toThrow("lookup plugin 'file' is not supported");
    expect(() => ev("lookup('pipe', 'id')")).toThrow("lookup plugin 'pipe' is not supported");
  });
});

describe('omit', () => {
  it('is a placeholder string the engine can recognise', () => {
    expect(ev('missing | default(omit)')).toMatch(/^__omit_place_holder__/);
  });
});

describe('size and path helpers', () => {
  it('converts human sizes', () => {
    expect(ev("'1G' | human_to_bytes")).toBe(1073741824);
    expect(ev("'512 MB' | human_to_bytes")).toBe(536870912);
    expect(ev("'10' | human_to_bytes(default_unit='K')")).toBe(10240);
    expect(ev("'1.5K' | human_to_bytes")).toBe(1536);
    expect(() => ev("'3 parsecs' | human_to_bytes")).toThrow('human_to_bytes: unknown unit');
    expect(ev('1073741824 | human_readable')).toBe('1.00 GB');
    expect(ev('512 | human_readable')).toBe('512.00 Bytes');
    expect(ev("1048576 | human_readable(unit='K')")).toBe('1024.00 KB');
  });
  it('joins paths like os.path.join', () => {
    expect(ev("['/opt', 'og', 'data'] | path_join")).toBe('/opt/og/data');
    expect(ev("['/opt/', 'og'] | path_join")).toBe('/opt/og');
    expect(ev("['/opt', '/etc', 'x'] | path_join")).toBe('/etc/x');
  });
  it('reads attributes with attr, safely', () => {
    expect(ev("users[0] | attr('name')")).toBe('omm');
    expect(() => ev("s | attr('constructor')")).toThrow("'str object' has no attribute 'constructor'");
  });
});
