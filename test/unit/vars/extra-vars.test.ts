import { describe, expect, it } from 'vitest';
import { parseExtraVars, parseKeyValues, splitArgs } from '../../../src/vars/extra-vars.js';
import { memoryLoader } from './memory-loader.js';

const loader = memoryLoader({
  '/work/vars.yml': 'opengauss_version: 6.0.0\nnested: {a: 1}\nport: 5432\n',
  '/work/vars.json': '{"from_json": [1, 2]}',
  '/work/list.yml': '- a\n',
});

describe('-e / --extra-vars', () => {
  it('k=v pairs are strings, quotes and escapes as Ansible reads them', () => {
    expect(parseKeyValues('a=1 b="two words" c=\'x y\' d=e=f empty= path=/opt/x')).toEqual({
      a: '1',
      b: 'two words',
      c: 'x y',
      d: 'e=f',
      empty: '',
      path: '/opt/x',
    });
    expect(parseKeyValues(String.raw`msg="a\tb"`)).toEqual({ msg: 'a\tb' });
    expect(splitArgs(`a="{{ x }} y" b={{ c | default('d e') }}`)).toEqual([`a="{{ x }} y"`, `b={{ c | default('d e') }}`]);
  });

  it('@file reads YAML or JSON, relative to the working directory', () => {
    expect(parseExtraVars(['@vars.yml'], loader, '/work')).toEqual({ opengauss_version: '6.0.0', nested: { a: 1 }, port: 5432 });
    expect(parseExtraVars(['@/work/vars.json'], loader, '/elsewhere')).toEqual({ from_json: [1, 2] });
  });

  it('inline JSON/YAML keeps types', () => {
    expect(parseExtraVars(['{"port": 5432, "on": true}', '{a: [1, 2]}'], loader, '/')).toEqual({ port: 5432, on: true, a: [1, 2] });
  });

  it('combines several -e in command-line order, later replacing earlier keys whole', () => {
    expect(parseExtraVars(['@vars.yml', 'port=6000', '{"nested": {"b": 2}}'], loader, '/work')).toEqual({
      opengauss_version: '6.0.0',
      nested: { b: 2 },
      port: '6000',
    });
    expect(parseExtraVars(['port=6000', '@vars.yml'], loader, '/work').port).toBe(5432);
  });

  it('reports mistakes with what to do', () => {
    expect(() => parseExtraVars(['version'], loader, '/')).toThrow("-e 'version': 'version' is not key=value (for a file write -e @version)");
    expect(() => parseExtraVars(['./vars.yml'], loader, '/work')).toThrow('-e ./vars.yml: to read a file write -e @./vars.yml');
    expect(() => parseExtraVars(['@missing.yml'], loader, '/work')).toThrow('-e @missing.yml: file /work/missing.yml not found');
    expect(() => parseExtraVars(['@list.yml'], loader, '/work')).toThrow(/must contain a mapping/);
    expect(() => parseExtraVars(['[1, 2]'], loader, '/')).toThrow("-e '[1, 2]': must give a mapping of variable names to values");
    expect(() => parseExtraVars(['{"a": '], loader, '/')).toThrow(/invalid YAML/);
    expect(() => parseExtraVars(['a="open'], loader, '/')).toThrow(/unbalanced " quote/);
  });
});
